// 01 The neighbourhood of a state
// Answers: every actor one step from a state and the facts that link them, drawn as a graph
// (click a relationship to see its sectors, dates, sources and excerpts).
// Parameters: none; the state id is on the first line (`state:kazakhstan`): change it to
// explore another state (`state:turkiye`, `state:azerbaijan`, `state:uzbekistan`, ...).
// Example: (no :param needed)
WITH 'state:kazakhstan' AS stateId
MATCH p = (s:State {id: stateId})-[r]-(n:Entity)
RETURN p
