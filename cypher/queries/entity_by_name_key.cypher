// entity_by_name_key: entities one of whose names folds to exactly this key
// (folded = lowercase ASCII, no diacritics or apostrophes, Cyrillic transliterated).
// Used to accept a name or alias where an id is expected, when it is unambiguous.
// Parameters: $key: folded name; $limit: max rows.
// Example: :param {key: 'turkiye', limit: 5}
CALL db.index.fulltext.queryNodes('entity_names', '"' + $key + '"') YIELD node, score
WHERE $key IN node.search_keys
RETURN node.id AS id, node.name AS name, [label IN labels(node) WHERE label <> 'Entity'][0] AS type
LIMIT $limit
