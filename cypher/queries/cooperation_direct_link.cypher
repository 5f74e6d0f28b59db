// cooperation_direct_link: pairs of actors joined by a direct relationship
// (COOPERATES_WITH, TRADES_WITH, VISITED, FUNDS, SUPPORTS), themselves or
// through a person holding a post in them (a president's state visit links
// his state to the host): one row per actor, partner and relationship. Part
// `direct_link` of the cooperation score (docs/cooperation-scoring.md).
// `item` is type|from|to: facets of one fact told apart by `key` (exports,
// imports, ...) count once. The direct relationship must pass the filters;
// HOLDS_POSITION is context and always counts. A person is never the partner
// of the state or organisation they hold a post in.
// The check asks only where one of the two is a Person: asked of every row, it
// read a hub's relationships for each (see cooperation_shared_event, where the
// biggest state of the 1M synthetic graph went from 168 to 0.5 million db hits).
// The matching section of the part: cooperation_tally counts its rows,
// cooperation_evidence lists them with their evidence (see cooperation_tally).
// Parameters: $ids: actor ids; $partner_types: labels a partner may have;
//   $partner_ids: allowed partner ids or null (any); $sectors: list or null;
//   $window_from, $window_to: full ISO dates or null; $with_evidence: bool;
//   $items: the shared things (item ids) to walk through, or null (all): the evidence of
//   the partners shown reads only the things they list (cooperation_tally's first_items).
// Example: :param {ids: ['state:kazakhstan'], partner_types: ['State', 'Organisation', 'Person'], partner_ids: null, sectors: null, window_from: null, window_to: null, with_evidence: true, items: null}
UNWIND $ids AS actor_id
MATCH (a:Entity {id: actor_id})<-[rep1:HOLDS_POSITION*0..1]-(x:Entity)
WHERE size(rep1) = 0 OR x:Person
MATCH (x)-[r:COOPERATES_WITH|TRADES_WITH|VISITED|FUNDS|SUPPORTS]-(y:Entity)
WHERE ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))
  AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)
  AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)
  AND ($items IS NULL OR type(r) + '|' + startNode(r).id + '|' + endNode(r).id IN $items)
MATCH (y)-[rep2:HOLDS_POSITION*0..1]->(b:Entity)
WHERE (size(rep2) = 0 OR y:Person)
  AND b <> a
  AND any(label IN labels(b) WHERE label IN $partner_types)
  AND ($partner_ids IS NULL OR b.id IN $partner_ids)
  AND NOT ((a:Person OR b:Person) AND EXISTS { (a)-[:HOLDS_POSITION]-(b) })
RETURN a.id AS actor,
       b.id AS partner,
       b.name AS partner_name,
       [label IN labels(b) WHERE label <> 'Entity'][0] AS partner_type,
       type(r) + '|' + startNode(r).id + '|' + endNode(r).id AS item,
       r.id AS via,
       type(r) AS grade,
       CASE WHEN $with_evidence THEN [rep1 + [r] + rep2] ELSE [] END AS chains,
       CASE WHEN $with_evidence THEN [[r]] ELSE [] END AS stated
