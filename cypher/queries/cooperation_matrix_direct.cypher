// cooperation_matrix_direct: for the cooperation matrix (GET /cooperation/matrix),
// part direct_link among $ids, one direct relationship at a time (`rows`, all
// in one record): which of the entities are on its start side (`sources`)
// and which on its end side (`targets`). Relationships with the same two
// lists come as one entry (`links` says how many). Python pairs every source
// with every target (graphsvc/graph/cooperation/matrix_counts.py,
// `direct_link_matrix`): a pair's n is the number of distinct relationships
// linking it in either direction, as cooperation_direct_link counts them.
// An entity's side: the entity and the persons holding a post in it. A
// direct relationship: COOPERATES_WITH, TRADES_WITH, VISITED, FUNDS or
// SUPPORTS, passing the filters; facets of one fact told apart by `key`
// count once (one per type, start and end, as the part query's `item`).
// The entities are states or organisations (definition.py, MATRIX_TYPES):
// the part query's check for a person partner never applies.
// Why not the part query: tallied among the entities, it built each row's
// item, name and type from the properties of both ends; here rows are
// grouped by the relationship's type and end nodes, and no property is read.
// A line ending in `// filter: $name` is left out by the service when $name is null (graphsvc/db.py).
// Parameters: $ids: entity ids; $sectors: list or null;
//   $window_from, $window_to: full ISO dates or null.
// Example: :param {ids: ['state:kazakhstan', 'state:turkiye', 'state:uzbekistan'], sectors: null, window_from: null, window_to: null}
UNWIND $ids AS entity_id
MATCH (:Entity {id: entity_id})<-[rep:HOLDS_POSITION*0..1]-(x:Entity)
WHERE size(rep) = 0 OR x:Person
MATCH (x)-[r:COOPERATES_WITH|TRADES_WITH|VISITED|FUNDS|SUPPORTS]-(:Entity)
WHERE true
  AND ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))        // filter: $sectors
  AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)   // filter: $window_to
  AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)   // filter: $window_from
WITH type(r) AS type, startNode(r) AS source, endNode(r) AS target, x, entity_id
// one row per distinct relationship: the entities on each of its sides
WITH type, source, target,
     collect(DISTINCT CASE WHEN x = source THEN entity_id END) AS sources,
     collect(DISTINCT CASE WHEN x = target THEN entity_id END) AS targets
WHERE sources <> [] AND targets <> []
WITH sources, targets, count(*) AS links
// all in one row: the async driver spends the service's CPU on every row it receives
RETURN collect({sources: sources, targets: targets, links: links}) AS rows
