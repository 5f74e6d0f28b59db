// health_counts: how big the graph is and which version of the content is loaded.
// Answers: GET /health (graph.nodes, graph.relationships, graph.version).
// Parameters: none.
// Example: (no :param needed)
MATCH (n:Entity)
WITH count(n) AS nodes
MATCH ()-[r]->()
WITH nodes, count(r) AS relationships
OPTIONAL MATCH (meta:GraphMeta {id: 'graph'})
RETURN nodes, relationships, meta.version AS version, meta.loaded_at AS loaded_at
