// cooperation_matrix_programmes: for the cooperation matrix (GET /cooperation/matrix),
// part programme among $ids, one programme, event or benefiting institution
// at a time: who among the entities gives it (`givers`) and who benefits
// (`receivers`). Things with the same givers and receivers come as one row
// (`things` says how many). Python pairs every giver with every receiver
// (graphsvc/graph/cooperation/matrix.py, `reach_matrices`): a pair's n is the number
// of distinct things linking it in either direction, as cooperation_programme
// counts them.
// X gives p when X, or an institution of X, RUNS or ORGANISED p (a programme
// or event) or is p (an organisation that itself BENEFITS someone). X
// receives p when p BENEFITS X or an institution of X. An institution of X:
// an Organisation PART_OF or ESTABLISHED_BY X (through up to 3
// organisations), one X RUNS, or, unless intergovernmental, one LOCATED_IN X
// or a place within X (up to 3 steps).
// Only BENEFITS is filtered by sector and time, as in cooperation_programme.
// Why this shape: the givers and the receivers are both found by walking
// down from the entities, and grouping on p joins them (see
// cooperation_matrix_institutions for the sizes involved).
// Parameters: $ids: entity ids; $sectors: list or null;
//   $window_from, $window_to: full ISO dates or null.
// Example: :param {ids: ['state:kazakhstan', 'state:turkiye', 'state:uzbekistan'], sectors: null, window_from: null, window_to: null}
// the entities each node k stands for (k itself and those it is an institution of)
CALL () {
  UNWIND $ids AS entity_id
  MATCH (x:Entity {id: entity_id})
  CALL (x) {
    RETURN x AS k
    UNION
    MATCH (k:Organisation)((:Organisation)-[:PART_OF|ESTABLISHED_BY]->()){1,3}(x)
    RETURN k
    UNION
    MATCH (x)-[:RUNS]->(k:Organisation)
    RETURN k
    UNION
    MATCH (k:Organisation)-[:LOCATED_IN]->(:Entity)((:Place)-[:LOCATED_IN|PART_OF]->()){0,3}(x)
    WHERE coalesce(k.kind, '') <> 'intergovernmental_organisation'
    RETURN k
  }
  RETURN k, x.id AS owner
}
WITH k, collect(owner) AS owners
// each k is expanded once, whatever the number of entities it stands for
CALL (k) {
  // what k gives (only what benefits someone: the rest pairs with no one)
  MATCH (k)-[:RUNS|ORGANISED]->(p:Programme|Event)
  WHERE EXISTS { (p)-[:BENEFITS]->(:Entity) }
  RETURN p, true AS gives
  UNION
  WITH k AS p WHERE p:Organisation AND EXISTS { (p)-[:BENEFITS]->(:Entity) }
  RETURN p, true AS gives
  UNION
  // what benefits k
  MATCH (p:Programme|Event|Organisation)-[ben:BENEFITS]->(k)
  WHERE ($sectors IS NULL OR any(s IN ben.sectors WHERE s IN $sectors))
    AND ($window_to IS NULL OR ben.t_from IS NULL OR ben.t_from <= $window_to)
    AND ($window_from IS NULL OR ben.t_to IS NULL OR ben.t_to >= $window_from)
  RETURN p, false AS gives
}
UNWIND owners AS owner
WITH p, CASE WHEN gives THEN owner END AS giver, CASE WHEN gives THEN null ELSE owner END AS receiver
// collect() leaves out the nulls: one list of givers, one of receivers per p
WITH p, collect(DISTINCT giver) AS givers, collect(DISTINCT receiver) AS receivers
WHERE givers <> [] AND receivers <> []
RETURN givers, receivers, count(*) AS things
