// backup_nodes: every node of the database with its labels and properties,
// for `graphsvc backup` (entities, sources, audit entries, GraphMeta).
// Parameters: none.
// Example: (no :param needed)
MATCH (n)
RETURN labels(n) AS labels, properties(n) AS props
