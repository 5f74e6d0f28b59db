// candidate_link_entity: once a proposed entity is accepted, the pending
// relationship candidates of the same source that name it point to its new id.
// Parameters: $source, $name, $type: the proposed entity; $id: its new id.
// Example: :param {source: 'src:ingest-abc', name: 'Turkic Culture Fund', type: 'Organisation', id: 'org:turkic-culture-fund'}
MATCH (c:Candidate {source: $source, kind: 'relationship', status: 'pending'})
WHERE (c.from_id IS NULL AND c.from_name = $name AND c.from_type = $type)
   OR (c.to_id IS NULL AND c.to_name = $name AND c.to_type = $type)
SET c.from_id = CASE WHEN c.from_id IS NULL AND c.from_name = $name AND c.from_type = $type THEN $id
                     ELSE c.from_id END,
    c.to_id = CASE WHEN c.to_id IS NULL AND c.to_name = $name AND c.to_type = $type THEN $id ELSE c.to_id END
RETURN count(c) AS linked
