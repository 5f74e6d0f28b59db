// cooperation_programme: pairs where a programme (or event) run by one actor
// or by one of its institutions benefits the other actor or one of its
// institutions; an institution of one that itself BENEFITS the other counts
// too. One row per actor, partner and programme, both directions. Part
// `programme` of the cooperation score (docs/cooperation-scoring.md).
// Institutions of X: X itself; an Organisation PART_OF or ESTABLISHED_BY X
// (through up to 3 organisations); an Organisation X RUNS; an Organisation
// LOCATED_IN X or in a place within X, unless it is an intergovernmental
// organisation (hosting one's seat does not make it the host's institution).
// An organisation located in the other's territory is domestic there: such
// pairs get no score from this part.
// Only the BENEFITS relationship is filtered by sector and time; who runs the
// programme and who owns which institution are context and always count.
// The chains are folded step by step (one row per institution, then per
// programme, then per partner and programme) rather than enumerated whole:
// their number is the product of the fan-outs at each step, tens of thousands
// for a big state, while the pairs are few. With evidence, a row carries every
// relationship of every chain that links the pair through that programme.
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
  // the actor gives, the partner benefits
  CALL (a) {
    RETURN a AS k, [] AS own
    UNION
    MATCH (k:Organisation)((:Organisation)-[own:PART_OF|ESTABLISHED_BY]->()){1,3}(a)
    RETURN k, own
    UNION
    MATCH (a)-[run:RUNS]->(k:Organisation)
    RETURN k, [run] AS own
    UNION
    MATCH (k:Organisation)-[loc:LOCATED_IN]->(:Entity)((:Place)-[tr:LOCATED_IN|PART_OF]->()){0,3}(a)
    WHERE coalesce(k.kind, '') <> 'intergovernmental_organisation'
    RETURN k, [loc] + tr AS own
  }
  WITH a, k, collect(CASE WHEN $with_evidence THEN own END) AS owns
  CALL (k) {
    MATCH (k)-[run:RUNS|ORGANISED]->(p:Programme|Event)
    RETURN p, [run] AS give
    UNION
    WITH k AS p WHERE p:Organisation
    RETURN p, [] AS give
  }
  WITH a, p, collect(CASE WHEN $with_evidence THEN reduce(chain = give, o IN owns | chain + o) END) AS gives
  WHERE $items IS NULL OR p.id IN $items
  MATCH (p)-[ben:BENEFITS]->(t:Entity)
  WHERE ($sectors IS NULL OR any(s IN ben.sectors WHERE s IN $sectors))
    AND ($window_to IS NULL OR ben.t_from IS NULL OR ben.t_from <= $window_to)
    AND ($window_from IS NULL OR ben.t_to IS NULL OR ben.t_to >= $window_from)
  CALL (t) {
    RETURN t AS b, [] AS theirs
    UNION
    MATCH (t:Organisation)((:Organisation)-[theirs:PART_OF|ESTABLISHED_BY]->()){1,3}(b:Entity)
    RETURN b, theirs
    UNION
    MATCH (b:Entity)-[run:RUNS]->(t:Organisation)
    RETURN b, [run] AS theirs
    UNION
    MATCH (t:Organisation)-[loc:LOCATED_IN]->(:Entity)((:Place)-[tr:LOCATED_IN|PART_OF]->()){0,3}(b:Entity)
    WHERE coalesce(t.kind, '') <> 'intergovernmental_organisation'
    RETURN b, [loc] + tr AS theirs
  }
  WITH a, b, p, gives, ben, theirs
  WHERE b <> a
    AND any(label IN labels(b) WHERE label IN $partner_types)
    AND ($partner_ids IS NULL OR b.id IN $partner_ids)
  WITH b, p, gives, collect(CASE WHEN $with_evidence THEN [ben] + theirs END) AS gets
  RETURN b, p, gives + gets AS chains
  UNION
  // the partner gives, the actor benefits
  CALL (a) {
    RETURN a AS t, [] AS mine
    UNION
    MATCH (t:Organisation)((:Organisation)-[mine:PART_OF|ESTABLISHED_BY]->()){1,3}(a)
    RETURN t, mine
    UNION
    MATCH (a)-[run:RUNS]->(t:Organisation)
    RETURN t, [run] AS mine
    UNION
    MATCH (t:Organisation)-[loc:LOCATED_IN]->(:Entity)((:Place)-[tr:LOCATED_IN|PART_OF]->()){0,3}(a)
    WHERE coalesce(t.kind, '') <> 'intergovernmental_organisation'
    RETURN t, [loc] + tr AS mine
  }
  WITH a, t, collect(CASE WHEN $with_evidence THEN mine END) AS mines
  MATCH (p:Programme|Event|Organisation)-[ben:BENEFITS]->(t)
  WHERE ($items IS NULL OR p.id IN $items)
    AND ($sectors IS NULL OR any(s IN ben.sectors WHERE s IN $sectors))
    AND ($window_to IS NULL OR ben.t_from IS NULL OR ben.t_from <= $window_to)
    AND ($window_from IS NULL OR ben.t_to IS NULL OR ben.t_to >= $window_from)
  WITH a, p, collect(CASE WHEN $with_evidence THEN reduce(chain = [ben], m IN mines | chain + m) END) AS gets
  CALL (p) {
    MATCH (k:Entity)-[run:RUNS|ORGANISED]->(p:Programme|Event)
    RETURN k, [run] AS give
    UNION
    WITH p AS k WHERE k:Organisation
    RETURN k, [] AS give
  }
  WITH a, p, gets, k, collect(CASE WHEN $with_evidence THEN give END) AS gives
  CALL (k) {
    RETURN k AS b, [] AS own
    UNION
    MATCH (k:Organisation)((:Organisation)-[own:PART_OF|ESTABLISHED_BY]->()){1,3}(b:Entity)
    RETURN b, own
    UNION
    MATCH (b:Entity)-[run:RUNS]->(k:Organisation)
    RETURN b, [run] AS own
    UNION
    MATCH (k:Organisation)-[loc:LOCATED_IN]->(:Entity)((:Place)-[tr:LOCATED_IN|PART_OF]->()){0,3}(b:Entity)
    WHERE coalesce(k.kind, '') <> 'intergovernmental_organisation'
    RETURN b, [loc] + tr AS own
  }
  WITH a, b, p, gets, gives, own
  WHERE b <> a
    AND any(label IN labels(b) WHERE label IN $partner_types)
    AND ($partner_ids IS NULL OR b.id IN $partner_ids)
  WITH b, p, gets, collect(CASE WHEN $with_evidence THEN reduce(chain = own, g IN gives | chain + g) END) AS owns
  RETURN b, p, gets + owns AS chains
}
// one row per partner and programme, both directions together
WITH a, b, p, reduce(all = [], c IN collect(chains) | all + c) AS chains
WITH a, b, collect({p: p, chains: chains}) AS items
// an organisation located in the other's territory is domestic there: not scored
WHERE NOT EXISTS { (a:Organisation)-[:LOCATED_IN]->(:Entity)((:Place)-[:LOCATED_IN|PART_OF]->()){0,3}(b) }
  AND NOT EXISTS { (b:Organisation)-[:LOCATED_IN]->(:Entity)((:Place)-[:LOCATED_IN|PART_OF]->()){0,3}(a) }
UNWIND items AS found
RETURN a.id AS actor,
       b.id AS partner,
       b.name AS partner_name,
       [label IN labels(b) WHERE label <> 'Entity'][0] AS partner_type,
       found.p.id AS item,
       found.p.id AS via,
       'programme' AS grade,
       found.chains AS chains,
       // BENEFITS states the cooperation; who runs or owns what is context
       [chain IN found.chains | [r IN chain WHERE type(r) = 'BENEFITS']] AS stated
