// 10 Facts by source (coverage)
// Answers: for each document, how many relationships cite it and how many entities it
// mentions; the reference-tier documents (outside the five texts) are listed with their tier.
// Parameters: none.
// Example: (no :param needed)
MATCH (s:Source)
CALL (s) {
  OPTIONAL MATCH (:Entity)-[r]->(:Entity)
  WHERE s.id IN r.sources
  RETURN count(r) AS relationships
}
CALL (s) {
  OPTIONAL MATCH (n:Entity)
  WHERE s.id IN n.sources
  RETURN count(n) AS entities
}
RETURN s.id AS source, s.title AS title, s.tier AS tier, s.published AS published,
       relationships, entities
ORDER BY relationships DESC, source
