// entities_by_ids: the stored properties and type label of the entities with these ids,
// in the order of $ids (an id with no entity is left out).
// Read through `read_entities` (graphsvc/graph/search.py) for: the items of GET /entities?q=,
// once the service has ranked the candidates of `search_exact` and `search_fulltext`;
// GET /entities?ids= (the entities a page names at once, graph/entities.py); a cooperation
// answer's partners in the graph formats; and, with one id, the entity a neighbourhood,
// paths or cooperation request names (graph/entities.py).
// Parameters: $ids: entity ids.
// Example: :param ids => ['state:kazakhstan', 'org:turksoy']
UNWIND range(0, size($ids) - 1) AS position
MATCH (node:Entity {id: $ids[position]})
RETURN properties(node) AS props, [l IN labels(node) WHERE l <> 'Entity'][0] AS type
ORDER BY position
