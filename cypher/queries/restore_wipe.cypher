// restore_wipe: delete every node and relationship, first step of
// `graphsvc restore` (which then recreates the graph in the same transaction).
// Parameters: none.
// Example: (no :param needed)
MATCH (n)
DETACH DELETE n
RETURN count(*) AS deleted
