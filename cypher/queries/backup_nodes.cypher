// backup_nodes: every node of the database with its labels and properties,
// for `graphsvc backup` (entities, sources, audit entries, GraphMeta); not
// the answers kept for the service's workers (KeptAnswer, graphsvc/kept_answers.py),
// which a restore makes stale anyway.
// Parameters: none.
// Example: (no :param needed)
MATCH (n)
WHERE NOT n:KeptAnswer
RETURN labels(n) AS labels, properties(n) AS props
