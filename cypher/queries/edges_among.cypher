// edges_among: the relationships between the given entities that pass the filters,
// with their ends (each relationship once, in its stored direction), best evidenced first.
// Answers: the edges of GET /entities/{id}/neighbourhood.
// Parameters: $ids: entity ids; $rel_types, $sectors: lists or null;
//   $window_from, $window_to: ISO dates or null; $limit: max relationships;
//   $seek_from_hubs: true to seek the other entities from a hub rather than walk its relationships.
// Example: :param {ids: ['state:uzbekistan', 'state:kazakhstan', 'agreement:treaty-on-eternal-friendship-kazakhstan-uzbekistan'], rel_types: null, sectors: null, window_from: null, window_to: null, limit: 5000, seek_from_hubs: false}
UNWIND $ids AS id
MATCH (a:Entity {id: id})
// From each entity, its outgoing relationships are walked. With
// $seek_from_hubs, an entity with more of them than entities asked about (a
// hub) looks each of those entities up instead: an index seek and a check
// between the two nodes, which reads the smaller side. The service asks for it
// at depth 1 only, where the hub is the centre and its neighbours are mostly
// small, and the seek is faster there; at depth 2, among 200 entities many are
// hubs, each pair of them costs the smaller of two large degrees, and the walk
// is faster (both measured: BENCHMARKS.md, findings).
CALL (a) {
  WITH a WHERE NOT ($seek_from_hubs AND COUNT { (a)-->() } > size($ids))
  MATCH (a)-[r]->(b:Entity)
  WHERE b.id IN $ids
  RETURN r, b
  UNION
  WITH a WHERE $seek_from_hubs AND COUNT { (a)-->() } > size($ids)
  UNWIND $ids AS other_id
  MATCH (b:Entity {id: other_id})
  MATCH (a)-[r]->(b)
  RETURN r, b
}
WITH a, r, b
// a line ending in `// filter: $name` is left out by the service when $name is null (graphsvc/db.py)
WHERE true
  AND ($rel_types IS NULL OR type(r) IN $rel_types)                          // filter: $rel_types
  AND ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))          // filter: $sectors
  AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)     // filter: $window_to
  AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)     // filter: $window_from
WITH r, a, b
ORDER BY size(coalesce(r.sources, [])) DESC, r.id
LIMIT $limit
// one record holding the list: thousands of small records cost the client far
// more (one network message each) than one large one
RETURN collect({props: properties(r), type: type(r), from: a.id, to: b.id}) AS edges
