// 16 Find an actor by any of its names
// Answers: entities whose name or alias matches, in any script or spelling (Türkiye,
// Turkiye, Türkei, Турция; Қазақстан): the full-text index `entity_names` folds diacritics
// and also searches the transliterated keys.
// Parameters: $name: what to look for (Lucene syntax: words, "phrases", prefix*).
// Example: :param name => 'Turkiye'
CALL db.index.fulltext.queryNodes('entity_names', $name) YIELD node, score
RETURN node.id AS id, node.name AS name, [l IN labels(node) WHERE l <> 'Entity'][0] AS type,
       node.aliases AS aliases, round(score, 2) AS score
ORDER BY score DESC
LIMIT 20
