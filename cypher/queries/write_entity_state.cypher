// write_entity_state: an entity as stored, with its relationships, before a
// curated write changes it (no row when there is no such entity).
// Parameters: $id: entity id.
// Example: :param id => 'org:turksoy'
MATCH (n:Entity {id: $id})
OPTIONAL MATCH (n)-[r]-(other:Entity)
WITH n, r, other
ORDER BY r.id
WITH n, collect(CASE WHEN r IS NULL THEN null ELSE {
  type: type(r), from: startNode(r).id, to: endNode(r).id, props: properties(r)
} END) AS relationships
RETURN [label IN labels(n) WHERE label <> 'Entity'][0] AS type,
       properties(n) AS props,
       relationships
