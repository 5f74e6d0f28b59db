// 06 Institutions operating abroad
// Answers: which institutions run a branch, office or centre in another state or place
// (OPERATES_IN), the state that place lies in, since when, and the first excerpt that says so.
// Parameters: none.
// Example: (no :param needed)
MATCH (o:Organisation)-[r:OPERATES_IN]->(where:Entity)
OPTIONAL MATCH (where)-[:LOCATED_IN|PART_OF*0..2]->(host:State)
WITH o, r, where, collect(DISTINCT host.name) AS host_states
RETURN o.name AS institution, where.name AS operates_in, host_states, r.start AS since,
       r.sectors AS sectors, [i IN range(0, size(r.sources) - 1) WHERE NOT r.sources[i] IN r.sources[0..i] | r.sources[i]] AS sources, r.excerpts[0] AS excerpt
ORDER BY institution, operates_in
