// 11 The most connected actors
// Answers: the 25 entities with the most facts about them (relationships in either
// direction), with how many distinct actors they connect to and how many relationship types.
// Parameters: none.
// Example: (no :param needed)
MATCH (n:Entity)-[r]-(m:Entity)
WITH n, count(r) AS facts, count(DISTINCT m) AS neighbours, collect(DISTINCT type(r)) AS types
RETURN n.name AS actor, [l IN labels(n) WHERE l <> 'Entity'][0] AS type, facts, neighbours,
       size(types) AS relationship_types
ORDER BY facts DESC, actor
LIMIT 25
