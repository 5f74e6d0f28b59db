// write_lock_graph: first statement of every curation write transaction. Takes
// the exclusive lock on the GraphMeta node, so curated writes run one after
// another (no lost updates, no duplicate MERGEs), and answers the current
// graph version, from which the write derives the next one. Changes nothing.
// Parameters: none.
// Example: (no :param needed)
MERGE (m:GraphMeta {id: 'graph'})
SET m._lock = true
REMOVE m._lock
RETURN m.version AS version
