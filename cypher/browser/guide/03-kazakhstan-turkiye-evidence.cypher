// 03 Kazakhstan–Türkiye links with their evidence
// Answers: every fact that links the two states directly, or through one shared agreement,
// institution, programme or event, one row per citation: the source, its verbatim excerpt
// and where in the source it stands. (Rankings in a common index are left out: being ranked
// in the same index is not a link.)
// Parameters: none; the two state ids are on the first line.
// Example: (no :param needed)
WITH 'state:kazakhstan' AS aId, 'state:turkiye' AS bId
MATCH p = (a:State {id: aId})-[*1..2]-(b:State {id: bId})
WHERE all(n IN nodes(p)[1..-1] WHERE n:Agreement OR n:Organisation OR n:Programme OR n:Event)
  AND none(r IN relationships(p) WHERE type(r) = 'RANKED_IN')
UNWIND relationships(p) AS r
WITH DISTINCT r
MATCH (x:Entity)-[r]->(y:Entity)
UNWIND range(0, size(r.sources) - 1) AS i
OPTIONAL MATCH (s:Source {id: r.sources[i]})
RETURN x.name AS from, type(r) AS link, y.name AS to, r.start AS since, r.tier AS tier,
       coalesce(s.title, r.sources[i]) AS source, r.excerpts[i] AS excerpt, r.locators[i] AS locator
ORDER BY link, from, to, source
