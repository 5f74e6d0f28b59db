// shortest_paths: the shortest paths between two entities over :Entity nodes,
// ignoring direction (each relationship keeps its stored ends), every hop passing
// the filters: relationship types, sectors, time window, and for the nodes in
// between: node types, and events overlapping the window. Shortest first; when
// there are fewer shortest paths than asked for, longer ones follow (SHORTEST 50
// fetches enough for the service to drop paths through the same nodes over
// parallel facts, and keep `k`).
// The hop bound `/*max_hops*/` is filled by the service with the checked
// `max_hops` (an integer, at most the setting max_hops); in Neo4j Browser it reads
// `{1,}` (no bound), which is fine on this graph.
// Answers: GET /paths.
// Parameters: $from, $to: entity ids; $types, $rel_types, $sectors: lists or null;
//   $window_from, $window_to: ISO dates or null.
// Example: :param {from: 'state:uzbekistan', to: 'org:turksoy', types: null, rel_types: ['PARTY_TO', 'MEMBER_OF'], sectors: null, window_from: '2015-01-01', window_to: null}
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = SHORTEST 50 (a) (
  (x:Entity)-[r]-(y:Entity)
  WHERE ($rel_types IS NULL OR type(r) IN $rel_types)
    AND ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))
    AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)
    AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)
    AND (y.id = $to OR (
          ($types IS NULL OR any(l IN labels(y) WHERE l IN $types))
      AND (NOT y:Event OR (
            ($window_to IS NULL OR y.t_from IS NULL OR y.t_from <= $window_to)
        AND ($window_from IS NULL OR y.t_to IS NULL OR y.t_to >= $window_from)))))
){1,/*max_hops*/} (b)
RETURN length(p) AS length,
       [n IN nodes(p) | {props: properties(n), type: [l IN labels(n) WHERE l <> 'Entity'][0]}] AS nodes,
       [rel IN relationships(p) | {props: properties(rel), type: type(rel),
                                   from: startNode(rel).id, to: endNode(rel).id}] AS rels
ORDER BY length
