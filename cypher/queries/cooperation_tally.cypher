// cooperation_tally: how many distinct shared things of one kind link an actor
// to each partner, without evidence: the ranking pass of /cooperation/{id}
// (docs/cooperation-scoring.md). The `part` placeholder below stands for one
// part query, cooperation_<kind>.cypher, filled in by the service, run as written with
// $with_evidence = false: what counts as shared is defined there, once; this
// only counts its rows per partner. The biggest state of the 1M synthetic
// graph shares 330,631 events with 78,607 partners: counted here, they are
// 78,607 rows to send and read rather than 330,631.
// Only for kinds whose shared things all count 1 (TALLIED_KINDS in
// graphsvc/graph/cooperation.py): n is then the number of distinct items.
// In Neo4j Browser: paste a part query's text in place of the placeholder.
// Parameters: those of the part query, with with_evidence: false.
CALL () {
  /*part*/
}
RETURN actor, partner, partner_name, partner_type, count(DISTINCT item) AS things
