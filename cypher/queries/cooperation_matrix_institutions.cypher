// cooperation_matrix_institutions: for the cooperation matrix (GET /cooperation/matrix),
// part operates_in among $ids, one institution at a time (`rows`, all in
// one record): which of the entities it is an institution of (`owners`) and
// in whose territory it operates or is located (`hosts`). Institutions with
// the same owners and hosts come as one entry (`institutions` says how
// many). Python pairs every owner with every host
// (graphsvc/graph/cooperation/matrix_counts.py, `operates_in_matrix`): a pair's n
// is the number of distinct institutions linking it in either direction, as
// cooperation_operates_in counts them.
// An institution of X: an Organisation PART_OF or ESTABLISHED_BY X (through
// up to 3 organisations), one X RUNS, or, unless intergovernmental, one
// LOCATED_IN X or a place within X (up to 3 steps). The territory of X: X and
// the places within it. An organisation that is itself one of $ids (`self`)
// counts as its own institution only where it OPERATES_IN (`operated`):
// located somewhere, it is domestic there.
// Only the OPERATES_IN/LOCATED_IN into the host's territory is filtered by
// sector and time, as in cooperation_operates_in.
// Why this shape: every walk goes down from the entities, and each node is
// expanded once whatever the number of entities above it. The PART_OF /
// ESTABLISHED_BY chains are folded: the organisations one step below the
// entities, each with the entities above it, then each of those once with
// the organisations up to two steps below it (walked from each entity, a big
// organisation's subtree was walked once per entity above it). Hosts and
// located owners come from one walk down each entity's territory (walked up
// from each institution, every place chain was read once per institution).
// The two sides meet by grouping on the institution. Listing every
// owner-host pair per institution would be tens of millions of rows among
// the states of a large graph; grouping institutions by their owners and
// hosts gives a few thousand, and Python sums the pairs as matrix products.
// A line ending in `// filter: $name` is left out by the service when $name is null (graphsvc/db.py).
// Parameters: $ids: entity ids; $sectors: list or null;
//   $window_from, $window_to: full ISO dates or null.
// Example: :param {ids: ['state:kazakhstan', 'state:turkiye', 'state:uzbekistan'], sectors: null, window_from: null, window_to: null}
CALL () {
  // institutions through PART_OF / ESTABLISHED_BY chains of up to 3 steps
  UNWIND $ids AS owner_id
  MATCH (:Entity {id: owner_id})<-[:PART_OF|ESTABLISHED_BY]-(top:Organisation)
  WITH top, collect(owner_id) AS owners
  CALL (top) {
    RETURN top AS i
    UNION
    MATCH (i:Organisation)((:Organisation)-[:PART_OF|ESTABLISHED_BY]->()){1,2}(top)
    RETURN i
  }
  RETURN i, owners, null AS host, false AS operates, null AS self
  UNION ALL
  UNWIND $ids AS owner_id
  MATCH (:Entity {id: owner_id})-[:RUNS]->(i:Organisation)
  RETURN i, [owner_id] AS owners, null AS host, false AS operates, null AS self
  UNION ALL
  // each entity's territory: the organisations in it are hosted there, and
  // those LOCATED_IN it (unless intergovernmental) are its institutions
  UNWIND $ids AS entity_id
  MATCH (i:Organisation)-[op:OPERATES_IN|LOCATED_IN]->(:Entity)((:Place)-[:LOCATED_IN|PART_OF]->()){0,3}(:Entity {id: entity_id})
  WITH i, op, entity_id, true
       AND ($sectors IS NULL OR any(s IN op.sectors WHERE s IN $sectors))        // filter: $sectors
       AND ($window_to IS NULL OR op.t_from IS NULL OR op.t_from <= $window_to)  // filter: $window_to
       AND ($window_from IS NULL OR op.t_to IS NULL OR op.t_to >= $window_from)  // filter: $window_from
       AS hosted,
       CASE type(op) WHEN 'LOCATED_IN' THEN coalesce(i.kind, '') <> 'intergovernmental_organisation' ELSE false END AS owned
  WHERE hosted OR owned
  RETURN i,
         CASE WHEN owned THEN [entity_id] ELSE [] END AS owners,
         CASE WHEN hosted THEN entity_id END AS host,
         hosted AND type(op) = 'OPERATES_IN' AS operates,
         null AS self
  UNION ALL
  UNWIND $ids AS self_id
  MATCH (i:Organisation {id: self_id})
  RETURN i, [] AS owners, null AS host, false AS operates, self_id AS self
}
// one row per institution; collect() leaves out the nulls
WITH i, collect(owners) AS owner_lists, collect(DISTINCT host) AS hosts,
     collect(DISTINCT CASE WHEN operates THEN host END) AS operated, head(collect(self)) AS self
WHERE hosts <> []
// its owners once each, itself left out (nearly always one list already)
WITH hosts, self, operated,
     reduce(distinct = [], owner IN reduce(all = [], owners IN owner_lists | all + owners) |
            CASE WHEN owner IN distinct OR owner = self THEN distinct ELSE distinct + owner END) AS owners
WHERE owners <> [] OR self IS NOT NULL
WITH owners, hosts, self, CASE WHEN self IS NULL THEN [] ELSE operated END AS operated, count(*) AS institutions
// all in one row: the async driver spends the service's CPU on every row it receives
RETURN collect({owners: owners, hosts: hosts, self: self, operated: operated, institutions: institutions}) AS rows
