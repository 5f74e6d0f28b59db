// cooperation_matrix_holdings: for the cooperation matrix (GET /cooperation/matrix),
// what the entities hold that two of them can share: the organisations they
// are members or observers of, the agreements they are party to, the events
// they took part in or organised (themselves or through a person holding a
// post in them). One row per kind and set of holders: `holders` (all who hold
// the things), `full_holders` (those holding them as member, party or
// participant, not only as observer), `through_same_person` ([entity, who]
// for holders for whom one and the same entity or person acted alone, e.g.
// a person holding posts in both) and `things` (how many things share these
// lists).
// Python pairs them up (graphsvc/graph/cooperation/matrix.py, `holding_counts`): the
// parts shared_membership, shared_agreement and shared_event of the score,
// exactly as cooperation_shared_membership/_agreement/_event define them.
// Why not those queries: among N entities they walk from each entity to the
// shared thing and on to every other member of it, so a big organisation is
// walked once per member; here each entity's own relationships are read once
// (for the states of a large graph, the shared_membership query alone walks
// millions of entity–organisation–entity paths), and things held alike come
// back as one row (an order of magnitude fewer rows than entity–thing pairs).
// The relationships must pass the sector and time filters, and an event its
// own dates; `through` is who acted (the entity itself or the post-holder).
// Parameters: $ids: entity ids; $sectors: list or null;
//   $window_from, $window_to: full ISO dates or null.
// Example: :param {ids: ['state:kazakhstan', 'state:uzbekistan'], sectors: null, window_from: null, window_to: null}
UNWIND $ids AS actor_id
MATCH (a:Entity {id: actor_id})
CALL (a) {
  MATCH (a)-[r:MEMBER_OF|OBSERVER_OF]->(o:Organisation)
  WHERE ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))
    AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)
    AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)
  RETURN 'shared_membership' AS kind, o.id AS item, CASE type(r) WHEN 'OBSERVER_OF' THEN 'observer' ELSE 'member' END AS grade, a.id AS through
  UNION
  MATCH (a)-[r:PARTY_TO]->(g:Agreement)
  WHERE ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))
    AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)
    AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)
  RETURN 'shared_agreement' AS kind, g.id AS item, 'party' AS grade, a.id AS through
  UNION
  MATCH (a)<-[rep:HOLDS_POSITION*0..1]-(x:Entity)
  WHERE size(rep) = 0 OR x:Person
  MATCH (x)-[r:PARTICIPATED_IN|ORGANISED]->(e:Event)
  WHERE ($window_to IS NULL OR e.t_from IS NULL OR e.t_from <= $window_to)
    AND ($window_from IS NULL OR e.t_to IS NULL OR e.t_to >= $window_from)
    AND ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))
    AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)
    AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)
  RETURN 'shared_event' AS kind, e.id AS item, 'participant' AS grade, x.id AS through
}
// per entity and thing: does it hold it fully, and who acted for it if only one did
WITH kind, item, a.id AS actor, any(grade IN collect(grade) WHERE grade <> 'observer') AS full,
     collect(DISTINCT through) AS throughs
ORDER BY actor
WITH kind, item, collect(actor) AS holders, collect(CASE WHEN full THEN actor END) AS full_holders,
     collect(CASE WHEN size(throughs) = 1 THEN [actor, throughs[0]] END) AS sole
WHERE size(holders) > 1
// two holders for whom the same one acted alone do not share the thing: kept for Python to take out
WITH kind, holders, full_holders, [x IN sole WHERE size([y IN sole WHERE y[1] = x[1]]) > 1] AS through_same_person
RETURN kind, holders, full_holders, through_same_person, count(*) AS things
