// candidate_list: the review queue: candidates by source, status, type and
// kind (null = any), most confident first, then in text order.
// Parameters: $source, $status, $type, $kind: strings or null; $limit: integer.
// Example: :param {source: null, status: 'pending', type: null, kind: null, limit: 50}
MATCH (c:Candidate)
WHERE ($source IS NULL OR c.source = $source)
  AND ($status IS NULL OR c.status = $status)
  AND ($type IS NULL OR c.type = $type)
  AND ($kind IS NULL OR c.kind = $kind)
WITH c ORDER BY c.confidence DESC, c.source, c.locator_start, c.id
WITH collect(properties(c)) AS found
RETURN found[0..$limit] AS items, size(found) AS total
