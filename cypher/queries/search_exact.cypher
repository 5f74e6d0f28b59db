// search_exact: entities named exactly by the query: the entity whose id it is,
// and every entity one of whose names or aliases folds to the same key
// (folded = lowercase, no diacritics or apostrophes, Cyrillic transliterated;
// see graphsvc/graph/text.py fold()).
// Which entities: one read of $key_index, `entity_search_keys` (keyword analyzer: each
// folded key one term), or `entity_names` while that index is not online (a phrase
// query there matches every name containing the words, "agency" thousands of them,
// and the key test below keeps the exact ones). Their order: the score of the phrase
// in `entity_names`, which ranks an entity named so before one that only has it as an
// alias; that second read runs only when some entity is named so, and needs no property.
// Answers: the first rank of GET /entities?q= (exact hits before prefix and fuzzy ones);
// the service reads the properties of the ones it shows with `entities_by_ids`.
// Parameters: $id: the query as typed (matched against ids); $key: the folded query;
//   $key_index: 'entity_search_keys' (or 'entity_names'); $type: a type label or null;
//   $limit: max rows.
// Example: :param {id: 'Türkiye', key: 'turkiye', key_index: 'entity_search_keys', type: null, limit: 50}
MATCH (node:Entity {id: $id})
WHERE $type IS NULL OR $type IN labels(node)
RETURN node.id AS id, node.name AS name, node.search_keys AS search_keys,
       [l IN labels(node) WHERE l <> 'Entity'][0] AS type, 1000.0 AS score, true AS by_id
UNION ALL
CALL db.index.fulltext.queryNodes($key_index, '"' + $key + '"') YIELD node
WITH node
WHERE $key IN node.search_keys AND ($type IS NULL OR $type IN labels(node))
WITH collect(node) AS named
WHERE size(named) > 0
CALL db.index.fulltext.queryNodes('entity_names', '"' + $key + '"') YIELD node, score
WITH node, score, named
WHERE node IN named
RETURN node.id AS id, node.name AS name, node.search_keys AS search_keys,
       [l IN labels(node) WHERE l <> 'Entity'][0] AS type, score, false AS by_id
LIMIT $limit
