// search_fulltext: candidates for a name search from the full-text index
// `entity_names` (names, aliases and their folded keys; analyzer standard-folding),
// best Lucene score first, in one row: `candidates`, a list of {id, name, search_keys,
// type, score}. The service builds $lucene from the folded query words, each as
// `+(word word* word~1)` (exact, prefix, typo-tolerant), Lucene syntax escaped, ranks
// the candidates itself (exact, prefix, word, fuzzy; graphsvc/graph/search.py), then
// reads the properties of the ones it shows with `entities_by_ids`.
// Why one row of lean candidates: the async driver spends the service's CPU on every
// row it receives (two socket reads, each with its own timeout task), and a hundred
// rows of full properties cost more than the whole rest of a search (BENCHMARKS.md).
// Answers: GET /entities?q= (prefix, word and fuzzy ranks); 404 close matches.
// Parameters: $lucene: a Lucene query; $type: a type label or null; $limit: max candidates.
// Example: :param {lucene: '+(kazakstan kazakstan* kazakstan~2)', type: null, limit: 100}
CALL db.index.fulltext.queryNodes('entity_names', $lucene) YIELD node, score
WITH node, score
WHERE $type IS NULL OR $type IN labels(node)
WITH node, score
LIMIT $limit
RETURN collect({id: node.id, name: node.name, search_keys: node.search_keys,
                type: [l IN labels(node) WHERE l <> 'Entity'][0], score: score}) AS candidates
