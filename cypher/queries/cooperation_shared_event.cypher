// cooperation_shared_event: pairs of actors that both took part in (or
// organised) the same event, themselves or through a person holding a post in
// them (a president on a state visit acts for the state): one row per actor,
// partner and event. Part `shared_event` of the cooperation score
// (docs/cooperation-scoring.md).
// The PARTICIPATED_IN/ORGANISED relationships and the event's own dates must
// pass the filters; HOLDS_POSITION (who acts for whom) is context and always counts.
// A person is never the partner of the state or organisation they hold a post in.
// The check asks only where one of the two is a Person: asked of every row, it
// read a hub state's tens of thousands of relationships for each row (hundreds
// of times the db hits of asking it only there).
// The matching section of the part: cooperation_tally counts its rows,
// cooperation_evidence lists them with their evidence (see cooperation_tally).
// Parameters: $ids: actor ids; $partner_types: labels a partner may have;
//   $partner_ids: allowed partner ids or null (any); $sectors: list or null;
//   $window_from, $window_to: full ISO dates or null; $with_evidence: bool;
//   $skip_events: event ids left out, or null (an unfiltered ranking counts the hub
//   events from their rosters, cooperation_event_rosters); $items: the events to walk
//   through, or null (all): the evidence of the partners shown reads only the events
//   they list (cooperation_tally's first_items).
// The events are gathered first, once each, with who acted for the actor
// (itself or its post-holders): walking on from every post-holder separately
// repeats an event's whole participant list once per post-holder who was
// there, which for a state with thousands of office-holders is millions of rows.
// Example: :param {ids: ['state:kazakhstan'], partner_types: ['State', 'Organisation', 'Person'], partner_ids: null, sectors: null, window_from: null, window_to: null, with_evidence: true, skip_events: null, items: null}
UNWIND $ids AS actor_id
MATCH (a:Entity {id: actor_id})<-[rep1:HOLDS_POSITION*0..1]-(x:Entity)
WHERE size(rep1) = 0 OR x:Person
MATCH (x)-[r1:PARTICIPATED_IN|ORGANISED]->(e:Event)
WHERE ($window_to IS NULL OR e.t_from IS NULL OR e.t_from <= $window_to)
  AND ($window_from IS NULL OR e.t_to IS NULL OR e.t_to >= $window_from)
  AND ($sectors IS NULL OR any(s IN r1.sectors WHERE s IN $sectors))
  AND ($window_to IS NULL OR r1.t_from IS NULL OR r1.t_from <= $window_to)
  AND ($window_from IS NULL OR r1.t_to IS NULL OR r1.t_to >= $window_from)
  AND ($skip_events IS NULL OR NOT e.id IN $skip_events)
  AND ($items IS NULL OR e.id IN $items)
// one row per event: who acted for the actor there, and how
WITH a, e, collect(DISTINCT x) AS actors_there,
     collect(CASE WHEN $with_evidence THEN {x: x, chain: rep1 + [r1]} END) AS mine
MATCH (e)<-[r2:PARTICIPATED_IN|ORGANISED]-(y:Entity)
WHERE NOT (size(actors_there) = 1 AND y IN actors_there)
  AND ($sectors IS NULL OR any(s IN r2.sectors WHERE s IN $sectors))
  AND ($window_to IS NULL OR r2.t_from IS NULL OR r2.t_from <= $window_to)
  AND ($window_from IS NULL OR r2.t_to IS NULL OR r2.t_to >= $window_from)
MATCH (y)-[rep2:HOLDS_POSITION*0..1]->(b:Entity)
WHERE (size(rep2) = 0 OR y:Person)
  AND b <> a
  AND any(label IN labels(b) WHERE label IN $partner_types)
  AND ($partner_ids IS NULL OR b.id IN $partner_ids)
  AND NOT ((a:Person OR b:Person) AND EXISTS { (a)-[:HOLDS_POSITION]-(b) })
// one row per partner and event, whoever acted for either side
WITH a, b, e, mine, collect(DISTINCT y) AS ys, collect(CASE WHEN $with_evidence THEN [r2] + rep2 END) AS theirs
// the actor's side counts where someone else acted for the partner
WITH a, b, e, [m IN mine WHERE NOT (size(ys) = 1 AND m.x = ys[0]) | m.chain] + theirs AS chains
RETURN a.id AS actor,
       b.id AS partner,
       b.name AS partner_name,
       [label IN labels(b) WHERE label <> 'Entity'][0] AS partner_type,
       e.id AS item,
       e.id AS via,
       'participant' AS grade,
       chains,
       // the participations state the cooperation; HOLDS_POSITION is context
       [chain IN chains | [r IN chain WHERE type(r) <> 'HOLDS_POSITION']] AS stated
