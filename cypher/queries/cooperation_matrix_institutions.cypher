// cooperation_matrix_institutions: for the cooperation matrix (GET /cooperation/matrix),
// part operates_in among $ids, one institution at a time: which of the
// entities it is an institution of (`owners`) and in whose territory it
// operates or is located (`hosts`). Institutions with the same owners and
// hosts come as one row (`institutions` says how many). Python pairs every
// owner with every host (graphsvc/graph/cooperation/matrix.py, `reach_matrices`): a
// pair's n is the number of distinct institutions linking it in either
// direction, as cooperation_operates_in counts them.
// An institution of X: an Organisation PART_OF or ESTABLISHED_BY X (through
// up to 3 organisations), one X RUNS, or, unless intergovernmental, one
// LOCATED_IN X or a place within X (up to 3 steps). The territory of X: X and
// the places within it. An organisation that is itself one of $ids (`self`)
// counts as its own institution only where it OPERATES_IN (`operated`):
// located somewhere, it is domestic there.
// Only the OPERATES_IN/LOCATED_IN into the host's territory is filtered by
// sector and time, as in cooperation_operates_in.
// Why this shape: listing every owner-host pair per institution is tens of
// millions of rows among the states of a large graph (an institution may have
// dozens of owners); grouping institutions by their owners and hosts returns a
// few thousand rows, and Python sums the pairs as matrix products.
// Parameters: $ids: entity ids; $sectors: list or null;
//   $window_from, $window_to: full ISO dates or null.
// Example: :param {ids: ['state:kazakhstan', 'state:turkiye', 'state:uzbekistan'], sectors: null, window_from: null, window_to: null}
CALL () {
  UNWIND $ids AS owner_id
  MATCH (owner:Entity {id: owner_id})
  CALL (owner) {
    MATCH (i:Organisation)((:Organisation)-[:PART_OF|ESTABLISHED_BY]->()){1,3}(owner)
    RETURN i
    UNION
    MATCH (owner)-[:RUNS]->(i:Organisation)
    RETURN i
    UNION
    MATCH (i:Organisation)-[:LOCATED_IN]->(:Entity)((:Place)-[:LOCATED_IN|PART_OF]->()){0,3}(owner)
    WHERE coalesce(i.kind, '') <> 'intergovernmental_organisation'
    RETURN i
  }
  WITH i, owner WHERE i <> owner
  RETURN i, owner.id AS owner
  UNION ALL
  UNWIND $ids AS self_id
  MATCH (i:Organisation {id: self_id})
  RETURN i, null AS owner
}
// collect() leaves out the nulls of the second branch
WITH i, collect(owner) AS owners, CASE WHEN i.id IN $ids THEN i.id END AS self
CALL (i) {
  MATCH (i)-[op:OPERATES_IN|LOCATED_IN]->(:Entity)((:Place)-[:LOCATED_IN|PART_OF]->()){0,3}(host:Entity)
  WHERE host.id IN $ids
    AND ($sectors IS NULL OR any(s IN op.sectors WHERE s IN $sectors))
    AND ($window_to IS NULL OR op.t_from IS NULL OR op.t_from <= $window_to)
    AND ($window_from IS NULL OR op.t_to IS NULL OR op.t_to >= $window_from)
  WITH host.id AS host, max(CASE type(op) WHEN 'OPERATES_IN' THEN 1 ELSE 0 END) = 1 AS operates
  ORDER BY host
  RETURN collect(host) AS hosts, collect(CASE WHEN operates THEN host END) AS operated
}
WITH owners, hosts, self, CASE WHEN self IS NULL THEN [] ELSE operated END AS operated
WHERE hosts <> []
RETURN owners, hosts, self, operated, count(*) AS institutions
