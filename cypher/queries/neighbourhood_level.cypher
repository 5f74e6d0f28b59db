// neighbourhood_level: one ring of a bounded breadth-first expansion: the entities one
// hop from the frontier that are not yet seen, over relationships that pass the
// filters, each with the evidence of the links that reach it, strongest first.
// Hubs stay bounded: each frontier entity reads at most $scan_cap matching
// relationships and offers at most $per_node neighbours; the ring returns at most $limit.
// A line ending in `// filter: $name` is left out by the service when $name is
// null (graphsvc/db.py): the planner then does not test it on every relationship.
// Answers: GET /entities/{id}/neighbourhood (called once per depth level).
// Parameters: $frontier, $seen: entity ids; $types, $rel_types, $sectors: lists or null;
//   $window_from, $window_to: ISO dates or null; $scan_cap, $per_node, $limit: integers.
// Example: :param {frontier: ['state:uzbekistan'], seen: ['state:uzbekistan'], types: null, rel_types: null, sectors: null, window_from: null, window_to: null, scan_cap: 10000, per_node: 200, limit: 201}
UNWIND $frontier AS frontier_id
MATCH (f:Entity {id: frontier_id})
CALL (f) {
  MATCH (f)-[r]-(m:Entity)
  WHERE NOT m.id IN $seen
    AND ($rel_types IS NULL OR type(r) IN $rel_types)                                    // filter: $rel_types
    AND ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))                    // filter: $sectors
    AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)               // filter: $window_to
    AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)               // filter: $window_from
    AND ($types IS NULL OR any(l IN labels(m) WHERE l IN $types))                        // filter: $types
    AND ($window_to IS NULL OR NOT m:Event OR m.t_from IS NULL OR m.t_from <= $window_to)  // filter: $window_to
    AND ($window_from IS NULL OR NOT m:Event OR m.t_to IS NULL OR m.t_to >= $window_from)  // filter: $window_from
  WITH m, r LIMIT $scan_cap
  WITH m, count(r) AS links, sum(size(coalesce(r.sources, []))) AS evidence,
       max(CASE r.tier WHEN 'evidenced' THEN 1 ELSE 0 END) AS evidenced
  ORDER BY evidenced DESC, evidence DESC, m.id
  LIMIT $per_node
  RETURN m, links, evidence, evidenced
}
WITH m, sum(links) AS links, sum(evidence) AS evidence, max(evidenced) AS evidenced
ORDER BY evidenced DESC, evidence DESC, m.id
LIMIT $limit
// one record holding the list, in that order (see edges_among)
RETURN collect({props: properties(m), type: [l IN labels(m) WHERE l <> 'Entity'][0], links: links,
                evidence: evidence, evidenced: evidenced}) AS neighbours
