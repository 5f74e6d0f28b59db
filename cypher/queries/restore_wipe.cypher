// restore_wipe: delete every node and relationship, first step of
// `graphsvc restore` (which then recreates the graph in the same transaction);
// not the write rate limit's windows, which backups leave out (backup_nodes).
// Parameters: none.
// Example: (no :param needed)
MATCH (n) WHERE NOT n:RateWindow
DETACH DELETE n
RETURN count(*) AS deleted
