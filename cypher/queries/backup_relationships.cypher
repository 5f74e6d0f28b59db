// backup_relationships: every relationship of the database with its type,
// the ids of its ends and its properties, for `graphsvc backup`.
// `between_entities` is false for one that does not join two :Entity nodes
// (the graph model has none; a backup refuses to drop one silently).
// Parameters: none.
// Example: (no :param needed)
MATCH (a)-[r]->(b)
RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props,
       ('Entity' IN labels(a) AND 'Entity' IN labels(b)) AS between_entities
