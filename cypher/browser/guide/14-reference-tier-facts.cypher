// 14 Reference-tier facts
// Answers: the facts taken from a named public document outside the five source texts
// (tier `reference`), with the document's title and address and the statement recorded.
// Parameters: none.
// Example: (no :param needed)
MATCH (a:Entity)-[r]->(b:Entity)
WHERE r.tier = 'reference'
UNWIND range(0, size(r.sources) - 1) AS i
OPTIONAL MATCH (s:Source {id: r.sources[i]})
RETURN a.name AS from, type(r) AS link, b.name AS to, r.start AS since,
       coalesce(s.title, r.sources[i]) AS document, coalesce(s.url, s.doi) AS address,
       r.excerpts[i] AS statement
ORDER BY link, from, to
