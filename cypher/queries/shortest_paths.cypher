// shortest_paths: all the shortest paths between two entities over :Entity nodes,
// ignoring direction (each relationship keeps its stored ends), every hop passing
// the filters: relationship types, sectors, time window; and for the entities in
// between: node types, events overlapping the window, and not one of $exclude.
// $skip_direct leaves out relationships joining the two ends directly. The service
// calls it again with the entities of the paths found excluded to find longer
// alternatives (graphsvc/graph/paths.py). allShortestPaths is a bidirectional
// breadth-first search with these predicates applied while it searches, so hubs
// do not blow it up (Neo4j 5.26's SHORTEST k over quantified path patterns does,
// on a hub with a hundred thousand relationships: measured).
// Each filter is one line ending in `// filter: $name`, true for every hop when
// $name is null (or false); the service sends the statement without the lines of
// the filters not asked for (graphsvc/db.py), so an unfiltered search tests each
// hop's ends for :Entity and nothing else, which halves the time between two big
// hubs (BENCHMARKS.md, findings). As a whole, the file runs in Neo4j Browser with
// any parameters.
// The hop bound `/*max_hops*/` is filled by the service with the checked max_hops
// (an integer, at most the setting max_hops); in Neo4j Browser it reads `*..`
// (unbounded), which is fine on this graph.
// Answers: GET /paths.
// Parameters: $from, $to: entity ids; $types, $rel_types, $sectors: lists or null;
//   $window_from, $window_to: ISO dates or null; $exclude: entity ids to avoid, or null;
//   $skip_direct: boolean; $fetch: max rows.
// Example: :param {from: 'state:uzbekistan', to: 'org:turksoy', types: null, rel_types: ['PARTY_TO', 'MEMBER_OF'], sectors: null, window_from: '2015-01-01', window_to: null, exclude: null, skip_direct: false, fetch: 50}
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = allShortestPaths((a)-[rels*../*max_hops*/]-(b))
WHERE all(r IN rels WHERE all(y IN [startNode(r), endNode(r)] WHERE y:Entity)
    AND ($rel_types IS NULL OR type(r) IN $rel_types)                                // filter: $rel_types
    AND ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))                // filter: $sectors
    AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)           // filter: $window_to
    AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)           // filter: $window_from
    AND NOT ($skip_direct AND startNode(r).id IN [$from, $to] AND endNode(r).id IN [$from, $to])  // filter: $skip_direct
    AND ($exclude IS NULL OR none(y IN [startNode(r), endNode(r)] WHERE y.id IN $exclude AND NOT y.id IN [$from, $to]))  // filter: $exclude
    AND ($types IS NULL OR all(y IN [startNode(r), endNode(r)] WHERE y.id IN [$from, $to] OR any(l IN labels(y) WHERE l IN $types)))  // filter: $types
    AND ($window_to IS NULL OR all(y IN [startNode(r), endNode(r)] WHERE NOT y:Event OR y.id IN [$from, $to] OR y.t_from IS NULL OR y.t_from <= $window_to))  // filter: $window_to
    AND ($window_from IS NULL OR all(y IN [startNode(r), endNode(r)] WHERE NOT y:Event OR y.id IN [$from, $to] OR y.t_to IS NULL OR y.t_to >= $window_from))  // filter: $window_from
)
RETURN length(p) AS length,
       [n IN nodes(p) | {props: properties(n), type: [l IN labels(n) WHERE l <> 'Entity'][0]}] AS nodes,
       [rel IN relationships(p) | {props: properties(rel), type: type(rel),
                                   from: startNode(rel).id, to: endNode(rel).id}] AS rels
LIMIT $fetch
