// cooperation_matrix_programmes: for the cooperation matrix (GET /cooperation/matrix),
// part programme among $ids, one programme, event or benefiting institution
// at a time (`rows`, all in one record): who among the entities gives it
// (`givers`) and who benefits (`receivers`). Things with the same givers and
// receivers come as one entry (`things` says how many). Python pairs every
// giver with every receiver (graphsvc/graph/cooperation/matrix_counts.py,
// `programme_matrix`): a pair's n is the number of distinct things linking it
// in either direction, as cooperation_programme counts them.
// X gives p when X, or an institution of X, RUNS or ORGANISED p (a programme
// or event) or is p (an organisation that itself BENEFITS someone). X
// receives p when p BENEFITS X or an institution of X. An institution of X:
// an Organisation PART_OF or ESTABLISHED_BY X (through up to 3
// organisations), one X RUNS, or, unless intergovernmental, one LOCATED_IN X
// or a place within X (up to 3 steps).
// Only BENEFITS is filtered by sector and time, as in cooperation_programme.
// Why this shape: the givers and the receivers are both found by walking
// down from the entities, the PART_OF / ESTABLISHED_BY chains folded as in
// cooperation_matrix_institutions (each organisation expanded once, whatever
// the number of entities above it); each node k an entity stands for is then
// read once for all it gives and receives, and grouping on p joins the two
// sides. The owner lists are kept whole (as many k share one) until each p's
// are merged (see cooperation_matrix_institutions for the sizes involved).
// A line ending in `// filter: $name` is left out by the service when $name is null (graphsvc/db.py).
// Parameters: $ids: entity ids; $sectors: list or null;
//   $window_from, $window_to: full ISO dates or null.
// Example: :param {ids: ['state:kazakhstan', 'state:turkiye', 'state:uzbekistan'], sectors: null, window_from: null, window_to: null}
// the nodes k each entity stands for: itself and its institutions
CALL () {
  UNWIND $ids AS owner_id
  MATCH (:Entity {id: owner_id})<-[:PART_OF|ESTABLISHED_BY]-(top:Organisation)
  WITH top, collect(owner_id) AS owners
  CALL (top) {
    RETURN top AS k
    UNION
    MATCH (k:Organisation)((:Organisation)-[:PART_OF|ESTABLISHED_BY]->()){1,2}(top)
    RETURN k
  }
  RETURN k, owners
  UNION ALL
  UNWIND $ids AS owner_id
  MATCH (k:Entity {id: owner_id})
  RETURN k, [owner_id] AS owners
  UNION ALL
  UNWIND $ids AS owner_id
  MATCH (:Entity {id: owner_id})-[:RUNS]->(k:Organisation)
  RETURN k, [owner_id] AS owners
  UNION ALL
  UNWIND $ids AS owner_id
  MATCH (k:Organisation)-[:LOCATED_IN]->(:Entity)((:Place)-[:LOCATED_IN|PART_OF]->()){0,3}(:Entity {id: owner_id})
  WHERE coalesce(k.kind, '') <> 'intergovernmental_organisation'
  RETURN k, [owner_id] AS owners
}
// one row per k, with the owner lists of the entities it stands for (nearly always one)
WITH k, collect(owners) AS owner_lists
// what k gives and what benefits k, in one read of k's relationships
MATCH (k)-[r:RUNS|ORGANISED|BENEFITS]-(other)
WITH k, owner_lists, r, other, startNode(r) = k AS gives
WITH owner_lists, gives, CASE
       // k RUNS or ORGANISED a programme or event
       WHEN gives AND type(r) <> 'BENEFITS' THEN CASE WHEN other:Programme|Event THEN other END
       // k, an organisation, itself BENEFITS someone
       WHEN gives THEN CASE WHEN k:Organisation AND other:Entity THEN k END
       // a programme, event or organisation BENEFITS k
       WHEN type(r) = 'BENEFITS' AND other:Programme|Event|Organisation
            AND ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))        // filter: $sectors
            AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)   // filter: $window_to
            AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)   // filter: $window_from
            THEN other
     END AS p
WHERE p IS NOT NULL
// one row per p: the owner lists of its givers and of its receivers, merged once each
WITH p, collect(CASE WHEN gives THEN owner_lists END) AS givers_lists,
     collect(CASE WHEN NOT gives THEN owner_lists END) AS receivers_lists
WHERE givers_lists <> [] AND receivers_lists <> []
CALL (givers_lists) {
  UNWIND givers_lists AS owner_lists
  UNWIND owner_lists AS owners
  UNWIND owners AS owner
  RETURN collect(DISTINCT owner) AS givers
}
CALL (receivers_lists) {
  UNWIND receivers_lists AS owner_lists
  UNWIND owner_lists AS owners
  UNWIND owners AS owner
  RETURN collect(DISTINCT owner) AS receivers
}
WITH givers, receivers, count(*) AS things
// all in one row: the async driver spends the service's CPU on every row it receives
RETURN collect({givers: givers, receivers: receivers, things: things}) AS rows
