// backup_nodes: every node of the database with its labels and properties,
// for `graphsvc backup` (entities, sources, audit entries, GraphMeta); not the
// write rate limit's windows, which only matter for a minute.
// Parameters: none.
// Example: (no :param needed)
MATCH (n) WHERE NOT n:RateWindow
RETURN labels(n) AS labels, properties(n) AS props
