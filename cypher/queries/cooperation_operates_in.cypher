// cooperation_operates_in: pairs where an institution of one actor operates in,
// or is located in, the other actor's territory (or in the other actor itself):
// one row per actor, partner and institution, both directions. Part
// `operates_in` of the cooperation score (docs/cooperation-scoring.md).
// An institution of X is: X itself when X is an Organisation; an Organisation
// PART_OF or ESTABLISHED_BY X (through up to 3 organisations); an Organisation
// X RUNS; an Organisation LOCATED_IN X or in a place within X, unless it is an intergovernmental
// organisation (hosting one's seat does not make it the host's institution).
// An organisation merely located in the other's territory is domestic there,
// not cooperation: for the organisation itself only OPERATES_IN counts.
// The territory of X is X and the places LOCATED_IN or PART_OF it (up to 3 steps).
// An organisation located in the other's territory is domestic there: such
// pairs get no score from this part.
// Only the OPERATES_IN/LOCATED_IN relationship that puts the institution in the
// other's territory is filtered by sector and time; who-owns-what and
// where-is-what relationships are context and always count.
// The chains are folded step by step (one row per institution, then per
// partner and institution) rather than enumerated whole: their number is the
// product of the fan-outs at each step, while the pairs are few. With
// evidence, a row carries every relationship of every chain that links the
// pair through that institution.
// An unfiltered ranking counts this part from the reach arrays instead
// (graphsvc/graph/cooperation/reach.py, cooperation_reach_*.cypher), which follow these
// rules: a change here is a change there (tests/integration/test_cooperation_reach.py).
// The matching section of the part: cooperation_tally counts its rows,
// cooperation_evidence lists them with their evidence (see cooperation_tally).
// Parameters: $ids: actor ids; $partner_types: labels a partner may have;
//   $partner_ids: allowed partner ids or null (any); $sectors: list or null;
//   $window_from, $window_to: full ISO dates or null; $with_evidence: bool;
//   $items: the shared things (item ids) to walk through, or null (all): the evidence of
//   the partners shown reads only the things they list (cooperation_tally's first_items).
// Example: :param {ids: ['state:kazakhstan'], partner_types: ['State', 'Organisation', 'Person'], partner_ids: null, sectors: null, window_from: null, window_to: null, with_evidence: true, items: null}
UNWIND $ids AS actor_id
MATCH (a:Entity {id: actor_id})
CALL (a) {
  // an institution of the actor in the partner's territory
  CALL (a) {
    WITH a AS i WHERE i:Organisation
    RETURN i, [] AS own
    UNION
    MATCH (i:Organisation)((:Organisation)-[own:PART_OF|ESTABLISHED_BY]->()){1,3}(a)
    RETURN i, own
    UNION
    MATCH (a)-[run:RUNS]->(i:Organisation)
    RETURN i, [run] AS own
    UNION
    MATCH (i:Organisation)-[loc:LOCATED_IN]->(:Entity)((:Place)-[tr:LOCATED_IN|PART_OF]->()){0,3}(a)
    WHERE coalesce(i.kind, '') <> 'intergovernmental_organisation'
    RETURN i, [loc] + tr AS own
  }
  WITH a, i, collect(CASE WHEN $with_evidence THEN own END) AS owns
  WHERE $items IS NULL OR i.id IN $items
  MATCH (i)-[op:OPERATES_IN|LOCATED_IN]->(:Entity)((:Place)-[terr:LOCATED_IN|PART_OF]->()){0,3}(b:Entity)
  WHERE b <> a
    AND NOT (i = a AND type(op) = 'LOCATED_IN')
    AND any(label IN labels(b) WHERE label IN $partner_types)
    AND ($partner_ids IS NULL OR b.id IN $partner_ids)
    AND ($sectors IS NULL OR any(s IN op.sectors WHERE s IN $sectors))
    AND ($window_to IS NULL OR op.t_from IS NULL OR op.t_from <= $window_to)
    AND ($window_from IS NULL OR op.t_to IS NULL OR op.t_to >= $window_from)
  WITH b, i, owns, collect(CASE WHEN $with_evidence THEN [op] + terr END) AS placings,
       collect(CASE WHEN $with_evidence THEN op END) AS ops
  RETURN b, i, owns + placings AS chains, ops
  UNION
  // an institution of the partner in the actor's territory
  MATCH (i:Organisation)-[op:OPERATES_IN|LOCATED_IN]->(:Entity)((:Place)-[terr:LOCATED_IN|PART_OF]->()){0,3}(a)
  WHERE ($sectors IS NULL OR any(s IN op.sectors WHERE s IN $sectors))
    AND ($window_to IS NULL OR op.t_from IS NULL OR op.t_from <= $window_to)
    AND ($window_from IS NULL OR op.t_to IS NULL OR op.t_to >= $window_from)
    AND ($items IS NULL OR i.id IN $items)
  // the institution itself is a partner only where it OPERATES_IN the actor's
  // territory (located there, it is domestic): keep those placings apart
  WITH a, i,
       collect(CASE WHEN $with_evidence THEN [op] + terr END) AS placings,
       collect(CASE WHEN $with_evidence AND type(op) = 'OPERATES_IN' THEN [op] + terr END) AS operations,
       collect(CASE WHEN $with_evidence THEN op END) AS placing_ops,
       collect(CASE WHEN $with_evidence AND type(op) = 'OPERATES_IN' THEN op END) AS operation_ops,
       max(CASE WHEN type(op) = 'OPERATES_IN' THEN 1 ELSE 0 END) = 1 AS operates
  CALL (i) {
    WITH i AS b WHERE b:Organisation
    RETURN b, [] AS own
    UNION
    MATCH (i)((:Organisation)-[own:PART_OF|ESTABLISHED_BY]->()){1,3}(b:Entity)
    RETURN b, own
    UNION
    MATCH (b:Entity)-[run:RUNS]->(i)
    RETURN b, [run] AS own
    UNION
    MATCH (i)-[loc:LOCATED_IN]->(:Entity)((:Place)-[tr:LOCATED_IN|PART_OF]->()){0,3}(b:Entity)
    WHERE coalesce(i.kind, '') <> 'intergovernmental_organisation'
    RETURN b, [loc] + tr AS own
  }
  WITH a, b, i, placings, operations, placing_ops, operation_ops, operates, own
  WHERE b <> a
    AND (b <> i OR operates)
    AND any(label IN labels(b) WHERE label IN $partner_types)
    AND ($partner_ids IS NULL OR b.id IN $partner_ids)
  WITH b, i, CASE WHEN b = i THEN operations ELSE placings END AS placings,
       CASE WHEN b = i THEN operation_ops ELSE placing_ops END AS ops,
       collect(CASE WHEN $with_evidence THEN own END) AS owns
  RETURN b, i, owns + placings AS chains, ops
}
// one row per partner and institution, both directions together
// `ops`: the OPERATES_IN/LOCATED_IN into the other's territory, the relationships
// that state the cooperation (the rest of the chains is context)
WITH a, b, i, reduce(all = [], c IN collect(chains) | all + c) AS chains, reduce(all = [], o IN collect(ops) | all + o) AS ops
WITH a, b, collect({i: i, chains: chains, ops: ops}) AS items
// an organisation located in the other's territory is domestic there: not scored
WHERE NOT EXISTS { (a:Organisation)-[:LOCATED_IN]->(:Entity)((:Place)-[:LOCATED_IN|PART_OF]->()){0,3}(b) }
  AND NOT EXISTS { (b:Organisation)-[:LOCATED_IN]->(:Entity)((:Place)-[:LOCATED_IN|PART_OF]->()){0,3}(a) }
UNWIND items AS found
RETURN a.id AS actor,
       b.id AS partner,
       b.name AS partner_name,
       [label IN labels(b) WHERE label <> 'Entity'][0] AS partner_type,
       found.i.id AS item,
       found.i.id AS via,
       'institution' AS grade,
       found.chains AS chains,
       CASE WHEN $with_evidence THEN [found.ops] ELSE [] END AS stated
