// set_graph_version: record which content is loaded (shown by GET /health).
// Parameters: $version: content digest; $loaded_at: ISO timestamp.
// Example: :param version => 'abc123'
MERGE (m:GraphMeta {id: 'graph'})
SET m.version = $version, m.loaded_at = $loaded_at
