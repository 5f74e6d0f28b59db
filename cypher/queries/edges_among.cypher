// edges_among: the relationships between the given entities that pass the filters,
// with their ends (each relationship once, in its stored direction), best evidenced first.
// Answers: the edges of GET /entities/{id}/neighbourhood.
// Parameters: $ids: entity ids; $rel_types, $sectors: lists or null;
//   $window_from, $window_to: ISO dates or null; $limit: max relationships.
// Example: :param {ids: ['state:uzbekistan', 'state:kazakhstan', 'agreement:treaty-on-eternal-friendship-kazakhstan-uzbekistan'], rel_types: null, sectors: null, window_from: null, window_to: null, limit: 5000}
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE b.id IN $ids
  AND ($rel_types IS NULL OR type(r) IN $rel_types)
  AND ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))
  AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)
  AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)
WITH r, a, b
ORDER BY size(coalesce(r.sources, [])) DESC, r.id
LIMIT $limit
// one record holding the list: thousands of small records cost the client far
// more (one network message each) than one large one
RETURN collect({props: properties(r), type: type(r), from: a.id, to: b.id}) AS edges
