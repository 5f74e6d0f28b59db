// reconcile_suggest_ids: entities whose id begins with $prefix (people paste ids such as
// 'org:turk'), by id, with their name and type. The id's uniqueness constraint index
// answers STARTS WITH, so this does not scan the graph.
// Answers: GET /reconcile/suggest/entity?prefix= when the prefix looks like an id.
// Parameters: $prefix: the beginning of an id; $type: a type label or null; $limit: max rows.
// Example: :param {prefix: 'org:turk', type: null, limit: 10}
MATCH (node:Entity)
WHERE node.id STARTS WITH $prefix
  AND ($type IS NULL OR $type IN labels(node))
RETURN properties(node) AS props, [l IN labels(node) WHERE l <> 'Entity'][0] AS type
ORDER BY node.id
LIMIT $limit
