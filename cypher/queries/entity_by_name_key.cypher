// entity_by_name_key: entities one of whose names folds to exactly this key
// (folded = lowercase ASCII, no diacritics or apostrophes, Cyrillic transliterated).
// Used to accept a name or alias where an id is expected, when it is unambiguous.
// Which entities: one read of $key_index, as in search_exact (`entity_search_keys`,
// each folded key one term; `entity_names` while that index is not online, where the
// phrase matches every name containing the words and the key test keeps the exact ones).
// Parameters: $key: folded name; $key_index: 'entity_search_keys' (or 'entity_names'); $limit: max rows.
// Example: :param {key: 'turkiye', key_index: 'entity_search_keys', limit: 5}
CALL db.index.fulltext.queryNodes($key_index, '"' + $key + '"') YIELD node
WITH node
WHERE $key IN node.search_keys
RETURN node.id AS id, node.name AS name, [label IN labels(node) WHERE label <> 'Entity'][0] AS type
LIMIT $limit
