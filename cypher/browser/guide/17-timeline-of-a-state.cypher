// 17 The timeline of a state
// Answers: the dated facts about a state, oldest first: what it joined, signed, founded,
// hosted or took part in, and when (t_from/t_to are the full dates the partial ones stand for).
// Parameters: none; the state id is on the first line.
// Example: (no :param needed)
WITH 'state:kazakhstan' AS stateId
MATCH (s:State {id: stateId})-[r]-(other:Entity)
WHERE r.t_from IS NOT NULL
RETURN r.start AS start, r.end AS end, startNode(r).name AS from, type(r) AS link,
       endNode(r).name AS to, r.sectors AS sectors, r.tier AS tier
ORDER BY r.t_from, link, to
