// 05 Shortest paths between two states
// Answers: every shortest chain of facts (up to 6 steps) that connects two states, drawn as
// a graph: through memberships, agreements, institutions, programmes, events. Paths through
// a common ranking (RANKED_IN) are left out.
// Parameters: $from, $to: State ids.
// Example: :param from => 'state:kazakhstan'
//          :param to => 'state:hungary'
MATCH (a:State {id: $from}), (b:State {id: $to})
MATCH p = allShortestPaths((a)-[*..6]-(b))
WHERE all(n IN nodes(p) WHERE n:Entity)
  AND none(r IN relationships(p) WHERE type(r) = 'RANKED_IN')
RETURN p
