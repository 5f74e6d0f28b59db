// 07 Who holds which post
// Answers: every person with a post (HOLDS_POSITION, property `title`) in a state or an
// organisation, with the dates where the sources give them and the excerpt that says so.
// Parameters: none.
// Example: (no :param needed)
MATCH (p:Person)-[r:HOLDS_POSITION]->(where:Entity)
RETURN p.name AS person, r.title AS post, where.name AS in, r.start AS since, r.end AS until,
       [i IN range(0, size(r.sources) - 1) WHERE NOT r.sources[i] IN r.sources[0..i] | r.sources[i]] AS sources, r.excerpts[0] AS excerpt
ORDER BY in, person
