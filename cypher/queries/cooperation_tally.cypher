// cooperation_tally: how many distinct shared things of one kind link an actor
// to each partner, without evidence: the ranking pass of /cooperation/{id}
// (docs/cooperation-scoring.md). The `part` placeholder below stands for one
// part query, cooperation_<kind>.cypher, filled in by the service, run as
// written with $with_evidence = false: what counts as shared is defined there,
// once; this only counts its rows per partner. n sums each distinct thing's
// best factor ($grade_factors by grade, 1 otherwise: an organisation of which
// one of the two is only an observer counts 0.5). The biggest state of the 1M
// synthetic graph shares 330,631 events with 78,607 partners: counted here,
// they are 78,607 tallies to send and read rather than 330,631 rows.
// All tallies come in one row, `tallies`, a list of [actor, partner, partner_name,
// partner_type, n, things]: the async driver spends 30-40 µs of the service's CPU on
// every row it receives, and an organisation of the 1M graph with 36,783 tallies took
// 1.5 s of it as rows.
// In Neo4j Browser: paste a part query's text in place of the placeholder.
// Parameters: those of the part query, with with_evidence: false; $grade_factors: map.
CALL () {
  /*part*/
}
WITH actor, partner, partner_name, partner_type, item, max(coalesce($grade_factors[grade], 1.0)) AS factor
WITH actor, partner, partner_name, partner_type, sum(factor) AS n, count(item) AS things
RETURN collect([actor, partner, partner_name, partner_type, n, things]) AS tallies
