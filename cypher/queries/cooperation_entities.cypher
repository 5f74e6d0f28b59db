// cooperation_entities: entities by id with their type label, for drawing a
// cooperation answer as a graph (GET /cooperation/{id}?format=...).
// Parameters: $ids: entity ids.
// Example: :param ids => ['state:turkiye', 'state:uzbekistan']
UNWIND $ids AS entity_id
MATCH (n:Entity {id: entity_id})
RETURN properties(n) AS props, [label IN labels(n) WHERE label <> 'Entity'][0] AS type
