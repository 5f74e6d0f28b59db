// search_fulltext: candidates for a name search from the full-text index
// `entity_names` (names, aliases and their folded keys; analyzer standard-folding),
// best Lucene score first. The service builds $lucene from the folded query words,
// each as `+(word word* word~1)` (exact, prefix, typo-tolerant), Lucene syntax escaped,
// then ranks the candidates itself (exact, prefix, word, fuzzy; graphsvc/graph/search.py).
// Answers: GET /entities?q= (prefix, word and fuzzy ranks); 404 close matches.
// Parameters: $lucene: a Lucene query; $type: a type label or null; $limit: max rows.
// Example: :param {lucene: '+(kazakstan kazakstan* kazakstan~2)', type: null, limit: 100}
CALL db.index.fulltext.queryNodes('entity_names', $lucene) YIELD node, score
WITH node, score
WHERE $type IS NULL OR $type IN labels(node)
RETURN properties(node) AS props, [l IN labels(node) WHERE l <> 'Entity'][0] AS type, score
LIMIT $limit
