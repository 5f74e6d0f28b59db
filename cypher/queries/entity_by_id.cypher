// entity_by_id: one entity with its type label and its relationship counts by type.
// Answers: GET /entities/{id}; also resolves ids for every other route.
// Parameters: $id: entity id.
// Example: :param id => 'state:kazakhstan'
MATCH (n:Entity {id: $id})
CALL (n) {
  OPTIONAL MATCH (n)-[r]-(:Entity)
  WITH type(r) AS rel_type, count(r) AS total
  WHERE rel_type IS NOT NULL
  RETURN collect({type: rel_type, count: total}) AS counts
}
RETURN properties(n) AS props,
       [label IN labels(n) WHERE label <> 'Entity'][0] AS type,
       counts
