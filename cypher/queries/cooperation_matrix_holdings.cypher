// cooperation_matrix_holdings: for the cooperation matrix (GET /cooperation/matrix),
// what each entity holds that two of them can share: the organisations it is a
// member or observer of, the agreements it is party to, the events it took part
// in or organised (itself or through a person holding a post in it). Python
// pairs them up (graphsvc/graph/cooperation.py, `holding_totals`): the parts
// shared_membership, shared_agreement and shared_event of the score, exactly as
// cooperation_shared_membership/_agreement/_event define them.
// Why not those queries: among N entities they walk from each entity to the
// shared thing and on to every other member of it, so a big organisation is
// walked once per member; here each entity's own relationships are read once
// (for 195 states at 1M relationships, the shared_membership query alone walks
// 2 million entity–organisation–entity paths).
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
RETURN a.id AS actor, kind, item, grade, through
