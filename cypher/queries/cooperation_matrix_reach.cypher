// cooperation_matrix_reach: for the cooperation matrix (GET /cooperation/matrix),
// what each entity reaches that the parts operates_in and programme pair up
// (graphsvc/graph/cooperation.py, `reach_counts`), exactly as
// cooperation_operates_in and cooperation_programme define them:
//   institution  item = an institution of the entity: itself if an Organisation;
//                an Organisation PART_OF or ESTABLISHED_BY it (through up to 3
//                organisations); an Organisation it RUNS; an Organisation
//                LOCATED_IN it or a place within it, unless intergovernmental;
//   territory    item = the entity or a place within it (up to 3 steps);
//   located      item = where the entity itself (an Organisation) is LOCATED_IN;
//   placement    item = an institution, target = where it OPERATES_IN or is
//                LOCATED_IN, detail = which of the two (filtered by sector, time);
//   gives        item = a programme or event the entity or an institution of it
//                RUNS or ORGANISED, or an institution (an organisation gives itself);
//   benefit      item = something it gives, target = what that BENEFITS (filtered).
// Why not those queries: among N entities they walk from each entity to every
// partner, so what a big state holds is walked once per partner; here each
// entity's reach is read once and Python joins the reaches.
// Parameters: $ids: entity ids; $sectors: list or null;
//   $window_from, $window_to: full ISO dates or null.
// Example: :param {ids: ['state:kazakhstan', 'state:turkiye'], sectors: null, window_from: null, window_to: null}
UNWIND $ids AS actor_id
MATCH (a:Entity {id: actor_id})
CALL (a) {
  MATCH (i:Organisation) WHERE i = a
  RETURN i
  UNION
  MATCH (i:Organisation)((:Organisation)-[:PART_OF|ESTABLISHED_BY]->()){1,3}(a)
  RETURN i
  UNION
  MATCH (a)-[:RUNS]->(i:Organisation)
  RETURN i
  UNION
  MATCH (i:Organisation)-[:LOCATED_IN]->(:Entity)((:Place)-[:LOCATED_IN|PART_OF]->()){0,3}(a)
  WHERE coalesce(i.kind, '') <> 'intergovernmental_organisation'
  RETURN i
}
WITH a, collect(i) AS institutions
CALL (a, institutions) {
  UNWIND institutions AS i
  RETURN 'institution' AS relation, i.id AS item, null AS target, null AS detail
  UNION
  MATCH (t:Entity)((:Place)-[:LOCATED_IN|PART_OF]->()){0,3}(a)
  RETURN 'territory' AS relation, t.id AS item, null AS target, null AS detail
  UNION
  MATCH (a:Organisation)-[:LOCATED_IN]->(t:Entity)
  RETURN 'located' AS relation, t.id AS item, null AS target, null AS detail
  UNION
  UNWIND institutions AS i
  MATCH (i)-[op:OPERATES_IN|LOCATED_IN]->(t:Entity)
  WHERE ($sectors IS NULL OR any(s IN op.sectors WHERE s IN $sectors))
    AND ($window_to IS NULL OR op.t_from IS NULL OR op.t_from <= $window_to)
    AND ($window_from IS NULL OR op.t_to IS NULL OR op.t_to >= $window_from)
  RETURN 'placement' AS relation, i.id AS item, t.id AS target, type(op) AS detail
  UNION
  UNWIND institutions + [a] AS k
  CALL (k) {
    MATCH (k)-[:RUNS|ORGANISED]->(p:Programme|Event)
    RETURN p
    UNION
    MATCH (p:Organisation) WHERE p = k
    RETURN p
  }
  WITH DISTINCT p
  CALL (p) {
    RETURN 'gives' AS relation, p.id AS item, null AS target, null AS detail
    UNION
    MATCH (p)-[ben:BENEFITS]->(t:Entity)
    WHERE ($sectors IS NULL OR any(s IN ben.sectors WHERE s IN $sectors))
      AND ($window_to IS NULL OR ben.t_from IS NULL OR ben.t_from <= $window_to)
      AND ($window_from IS NULL OR ben.t_to IS NULL OR ben.t_to >= $window_from)
    RETURN 'benefit' AS relation, p.id AS item, t.id AS target, null AS detail
  }
  RETURN relation, item, target, detail
}
RETURN a.id AS actor, relation, item, target, detail
