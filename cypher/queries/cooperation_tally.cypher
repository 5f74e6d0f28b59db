// cooperation_tally: how many distinct shared things of one kind link an actor
// to each partner, without evidence: the ranking pass of /cooperation/{id}
// (docs/cooperation-scoring.md). The `part` placeholder below stands for one
// part query, cooperation_<kind>.cypher, filled in by the service, run as
// written with $with_evidence = false: what counts as shared is defined there,
// once; this only counts its rows per partner. n sums each distinct thing's
// best factor ($grade_factors by grade, 1 otherwise: an organisation of which
// one of the two is only an observer counts 0.5). The biggest state of the 1M
// synthetic graph shares 330,631 events with 78,607 partners: counted here,
// they are 78,607 rows to send and read rather than 330,631.
// In Neo4j Browser: paste a part query's text in place of the placeholder.
// Parameters: those of the part query, with with_evidence: false; $grade_factors: map.
CALL () {
  /*part*/
}
WITH actor, partner, partner_name, partner_type, item, max(coalesce($grade_factors[grade], 1.0)) AS factor
RETURN actor, partner, partner_name, partner_type, sum(factor) AS n, count(item) AS things
