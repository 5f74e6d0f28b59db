// graph_version: which content version of the graph is loaded (changes on every
// load and every curated write). Read by the response cache (graphsvc/caching.py)
// at most once per GRAPHSVC_CACHE_VERSION_TTL seconds: cached answers and ETags
// are keyed by it.
// Parameters: none.
// Example: (no :param needed)
OPTIONAL MATCH (m:GraphMeta {id: 'graph'})
RETURN m.version AS version
