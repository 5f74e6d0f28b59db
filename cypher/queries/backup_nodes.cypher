// backup_nodes: every node of the database with its labels and properties,
// for `graphsvc backup` (entities, sources, audit entries, GraphMeta); not the
// service's own state: the answers kept for its workers (KeptAnswer,
// graphsvc/kept_answers.py), which a restore makes stale anyway, and the write
// rate limit's windows (RateWindow), which only matter for a minute.
// Parameters: none.
// Example: (no :param needed)
MATCH (n) WHERE NOT n:KeptAnswer AND NOT n:RateWindow
RETURN labels(n) AS labels, properties(n) AS props
