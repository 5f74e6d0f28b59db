// search_batch: the candidates of many name searches in one statement, one row per query
// (in the order of $queries): `search_exact` and `search_fulltext` for each query, so a
// batch costs one round trip rather than two per query. Keep the three alike: the same
// exact hits (the id; a name or alias folding to the key) and the same full-text hits.
// Each row's `candidates` is a list of {id, name, search_keys, type, score, by_id}; the
// service ranks them as it ranks a single search (graphsvc/graph/search.py) and reads
// the properties of the ones it shows with `entities_by_ids`.
// Answers: a batch of POST /reconcile queries and `graphsvc reconcile` (graphsvc/reconcile/).
// Parameters: $queries: [{id: the query as typed, key: the folded query, lucene: the
//   full-text query (search.lucene_query; null when it has no words), type: a
//   type label or null}]; $key_index: the index of the exact names (as in search_exact);
//   $limit: max candidates of each kind per query.
// Example: :param {queries: [{id: 'Türkiye', key: 'turkiye', lucene: '+(turkiye turkiye* turkiye~2)', type: null}, {id: 'TURKSOY', key: 'turksoy', lucene: '+(turksoy turksoy* turksoy~2)', type: 'Organization'}], key_index: 'entity_search_keys', limit: 200}
UNWIND range(0, size($queries) - 1) AS position
WITH position, $queries[position] AS q
CALL (q) {
  MATCH (node:Entity {id: q.id})
  WHERE q.type IS NULL OR q.type IN labels(node)
  RETURN node, 1000.0 AS score, true AS by_id
  UNION ALL
  CALL db.index.fulltext.queryNodes($key_index, '"' + q.key + '"') YIELD node
  WITH node
  WHERE q.key IN node.search_keys AND (q.type IS NULL OR q.type IN labels(node))
  WITH collect(node) AS named
  WHERE size(named) > 0
  CALL db.index.fulltext.queryNodes('entity_names', '"' + q.key + '"') YIELD node, score
  WITH node, score, named
  WHERE node IN named
  RETURN node, score, false AS by_id
  LIMIT $limit
  UNION ALL
  WITH q
  WHERE q.lucene IS NOT NULL
  CALL db.index.fulltext.queryNodes('entity_names', q.lucene) YIELD node, score
  WITH node, score
  WHERE q.type IS NULL OR q.type IN labels(node)
  RETURN node, score, false AS by_id
  LIMIT $limit
}
WITH position, collect({id: node.id, name: node.name, search_keys: node.search_keys,
                        type: [l IN labels(node) WHERE l <> 'Entity'][0], score: score, by_id: by_id}) AS candidates
RETURN position, candidates
ORDER BY position
