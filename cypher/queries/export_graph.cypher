// export_graph: the whole graph, or the part the filters keep, for GET /export
// and `graphsvc export`: every :Entity node with its type label, every
// relationship between two kept entities with its ends.
// A node is kept when its type is in $types (null = all) and, for an Event,
// when its dates overlap the window; when $rel_types or $sectors is given,
// only nodes touching a kept relationship are kept. A relationship is kept
// when its type and sectors match, its dates overlap the window (undated
// facts always count) and both its ends are kept.
// At most $limit + 1 nodes and $limit + 1 relationships (by id) come back,
// so the caller can tell when the export was cut.
// Parameters: $types, $rel_types, $sectors: lists or null; $window_from,
//   $window_to: full ISO dates or null; $limit: integer.
// Example: :param {types: null, rel_types: null, sectors: ['culture', 'education'], window_from: '2015-01-01', window_to: '2024-12-31', limit: 100000}
CALL () {
  MATCH (a:Entity)-[r]->(b:Entity)
  WHERE ($rel_types IS NULL OR type(r) IN $rel_types)
    AND ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))
    AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)
    AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)
    AND all(n IN [a, b] WHERE
          ($types IS NULL OR any(l IN labels(n) WHERE l IN $types))
          AND (NOT n:Event
               OR (($window_to IS NULL OR n.t_from IS NULL OR n.t_from <= $window_to)
                   AND ($window_from IS NULL OR n.t_to IS NULL OR n.t_to >= $window_from))))
  WITH a, r, b
  ORDER BY r.id
  LIMIT $limit + 1
  RETURN collect({type: type(r), from: a.id, to: b.id, props: properties(r)}) AS edges
}
CALL () {
  MATCH (n:Entity)
  WHERE ($types IS NULL OR any(l IN labels(n) WHERE l IN $types))
    AND (NOT n:Event
         OR (($window_to IS NULL OR n.t_from IS NULL OR n.t_from <= $window_to)
             AND ($window_from IS NULL OR n.t_to IS NULL OR n.t_to >= $window_from)))
    AND (($rel_types IS NULL AND $sectors IS NULL) OR EXISTS {
          MATCH (n)-[r]-(m:Entity)
          WHERE ($rel_types IS NULL OR type(r) IN $rel_types)
            AND ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))
            AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)
            AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)
            AND ($types IS NULL OR any(l IN labels(m) WHERE l IN $types))
            AND (NOT m:Event
                 OR (($window_to IS NULL OR m.t_from IS NULL OR m.t_from <= $window_to)
                     AND ($window_from IS NULL OR m.t_to IS NULL OR m.t_to >= $window_from)))
        })
  WITH n
  ORDER BY n.id
  LIMIT $limit + 1
  RETURN collect({type: [label IN labels(n) WHERE label <> 'Entity'][0], props: properties(n)}) AS nodes
}
RETURN nodes, edges
