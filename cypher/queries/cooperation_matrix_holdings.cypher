// cooperation_matrix_holdings: for the cooperation matrix (GET /cooperation/matrix),
// what the entities hold that two of them can share: the organisations they
// are members or observers of, the agreements they are party to, the events
// they took part in or organised (themselves or through a person holding a
// post in them). One entry of `rows` (all in one record) per entity and
// kind: `items` (the things' ids, each once), `observer` (for memberships,
// parallel to `items`: the entity only
// observes that organisation) and `throughs` (for events, parallel to
// `items`: who acted, when one and the same entity or person did so alone,
// else ''; two entities for whom the same one acted alone do not share the
// event, e.g. a person holding posts in both).
// Python pairs them up (graphsvc/graph/cooperation/matrix_counts.py,
// `holding_matrices`, sparse matrix products): the parts shared_membership, shared_agreement and
// shared_event of the score, exactly as
// cooperation_shared_membership/_agreement/_event define them.
// Why not those queries: among N entities they walk from each entity to the
// shared thing and on to every other member of it, so a big organisation is
// walked once per member; here each entity's own relationships are read once
// (for the states of a large graph, the shared_membership query alone walks
// millions of entity–organisation–entity paths). Why one row per entity, not
// per shared thing: grouping by the things' ids across all entities is most of
// the time Neo4j spends on this statement at scale; per entity it is a small
// grouping, and the pairing is done by matrix products anyway.
// The relationships must pass the sector and time filters, and an event its
// own dates; who acted is the entity itself or the post-holder.
// Grouped by the things and people as nodes, their ids read once per thing.
// A line ending in `// filter: $name` is left out by the service when $name is null (graphsvc/db.py).
// Parameters: $ids: entity ids; $sectors: list or null;
//   $window_from, $window_to: full ISO dates or null.
// Example: :param {ids: ['state:kazakhstan', 'state:uzbekistan'], sectors: null, window_from: null, window_to: null}
UNWIND $ids AS actor_id
MATCH (a:Entity {id: actor_id})
CALL (a) {
  MATCH (a)-[r:MEMBER_OF|OBSERVER_OF]->(o:Organisation)
  WHERE true
    AND ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))        // filter: $sectors
    AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)   // filter: $window_to
    AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)   // filter: $window_from
  WITH o, collect(type(r)) AS grades
  RETURN 'shared_membership' AS kind, collect(o.id) AS items,
         collect(all(grade IN grades WHERE grade = 'OBSERVER_OF')) AS observer, [] AS throughs
  UNION ALL
  MATCH (a)-[r:PARTY_TO]->(g:Agreement)
  WHERE true
    AND ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))        // filter: $sectors
    AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)   // filter: $window_to
    AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)   // filter: $window_from
  WITH DISTINCT g
  RETURN 'shared_agreement' AS kind, collect(g.id) AS items, [] AS observer, [] AS throughs
  UNION ALL
  MATCH (a)<-[rep:HOLDS_POSITION*0..1]-(x:Entity)
  WHERE size(rep) = 0 OR x:Person
  MATCH (x)-[r:PARTICIPATED_IN|ORGANISED]->(e:Event)
  WHERE true
    AND ($window_to IS NULL OR e.t_from IS NULL OR e.t_from <= $window_to)   // filter: $window_to
    AND ($window_from IS NULL OR e.t_to IS NULL OR e.t_to >= $window_from)   // filter: $window_from
    AND ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))        // filter: $sectors
    AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)   // filter: $window_to
    AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)   // filter: $window_from
  WITH e, collect(DISTINCT x) AS who
  // '' rather than null: collect() would drop a null and the lists would no longer line up
  RETURN 'shared_event' AS kind, collect(e.id) AS items, [] AS observer,
         collect(CASE size(who) WHEN 1 THEN who[0].id ELSE '' END) AS throughs
}
WITH a, kind, items, observer, throughs
WHERE items <> []
// all in one row: the async driver spends the service's CPU on every row it receives
RETURN collect({actor: a.id, kind: kind, items: items, observer: observer, throughs: throughs}) AS rows
