// cooperation_tally: how many distinct shared things of one kind link an actor
// to each partner, without evidence: the ranking pass of /cooperation/{id}
// (docs/cooperation-scoring.md). The `part` placeholder below stands for one
// part query, cooperation_<kind>.cypher, filled in by the service and run with
// $with_evidence = false: that file is the part's matching section, what counts
// as shared, written once for this and for cooperation_evidence (which lists
// the same rows with their evidence); this only counts its rows per partner. n
// sums each distinct thing's best factor ($grade_factors by grade, 1 otherwise:
// an organisation of which one of the two is only an observer counts 0.5).
// Counted here, a hub's hundreds of thousands of shared events are one tally
// per partner to send and read.
// With each tally, the partner's first $max_items things by id (none when null):
// what the evidence of the partners shown lists, so that its walk reads those
// things only (the part query's $items) instead of every thing of the pair again.
// All tallies come in one row, `tallies`, a list of [actor, partner, partner_name,
// partner_type, n, things, first_items]: the async driver spends the service's CPU on every
// row it receives, and a hub has tens of thousands of partners.
// In Neo4j Browser: paste a part query's text in place of the placeholder.
// Parameters: those of the part query, with with_evidence: false; $grade_factors: map;
//   $max_items: int or null.
// Example (a part query pasted in): :param {ids: ['state:kazakhstan'], partner_types: ['State', 'Organisation', 'Person'], partner_ids: null, sectors: null, window_from: null, window_to: null, items: null, with_evidence: false, grade_factors: {observer: 0.5}, max_items: 10}
CALL () {
  /*part*/
}
WITH actor, partner, partner_name, partner_type, item, max(coalesce($grade_factors[grade], 1.0)) AS factor
  ORDER BY item
WITH actor, partner, partner_name, partner_type, sum(factor) AS n, count(item) AS things,
     collect(item)[..coalesce($max_items, 0)] AS first_items
RETURN collect([actor, partner, partner_name, partner_type, n, things, first_items]) AS tallies
