// 13 Undated facts
// Answers: the relationships no source dates (t_from and t_to both null), grouped by type,
// with a few examples: they always count in a time window and are marked `dated: false`
// by the service.
// Parameters: none.
// Example: (no :param needed)
MATCH (a:Entity)-[r]->(b:Entity)
WHERE r.t_from IS NULL AND r.t_to IS NULL
WITH type(r) AS type, collect(a.name + ' -> ' + b.name) AS facts
RETURN type, size(facts) AS undated, facts[0..5] AS examples
ORDER BY undated DESC, type
