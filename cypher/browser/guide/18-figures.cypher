// 18 Facts with figures
// Answers: the relationships that carry numbers the sources give (ranks and scores in an
// index, trade shares, student and graduate counts, ...), with the excerpt that states them.
// Parameters: none.
// Example: (no :param needed)
MATCH (a:Entity)-[r]->(b:Entity)
WITH a, r, b, [k IN keys(r) WHERE valueType(r[k]) STARTS WITH 'INTEGER' OR valueType(r[k]) STARTS WITH 'FLOAT' | [k, r[k]]] AS figures
WHERE size(figures) > 0
RETURN a.name AS from, type(r) AS link, b.name AS to, figures, r.excerpts[0] AS excerpt
ORDER BY link, from, to
