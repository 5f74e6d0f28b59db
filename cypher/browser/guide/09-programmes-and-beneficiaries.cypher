// 09 Programmes and whom they serve
// Answers: every standing programme (scholarships, exchanges, language courses, textbooks),
// who runs, founds or funds it, and whom it serves (BENEFITS).
// Parameters: none.
// Example: (no :param needed)
MATCH (pr:Programme)
OPTIONAL MATCH (runner:Entity)-[:RUNS|FOUNDED|FUNDS]->(pr)
OPTIONAL MATCH (pr)-[:BENEFITS]->(served:Entity)
WITH pr, collect(DISTINCT runner.name) AS run_by, collect(DISTINCT served.name) AS serves
RETURN pr.name AS programme, pr.kind AS kind, run_by, serves
ORDER BY size(serves) DESC, programme
