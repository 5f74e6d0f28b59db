// cooperation_event_rosters: the hub events (at least $min_participants participations) and, for each, the
// actors it reaches: each participant, and for a person each entity they hold a post in, as
// cooperation_shared_event walks them from an event to partners. One row per hub event; per actor reached:
// [id, name, type, the one participant that reaches it, or null when several do, its paths], each path
// [participant id, elementId of the PARTICIPATED_IN/ORGANISED, elementId of the HOLDS_POSITION or null]:
// the relationships that reach the actor there, which are the evidence of its shared event (read by
// elementId for the partners shown, cooperation_event_evidence). The ranking pass
// (graphsvc/graph/cooperation/rosters.py) counts an actor's shared events through these lists instead of
// walking every participant of a hub event for every actor ranked (docs/cooperation-scoring.md).
// Unfiltered only: the participations' sectors and dates are not kept here.
// Parameters: $min_participants: int; $partner_types: labels a partner may have.
// Example: :param {min_participants: 3, partner_types: ['State', 'Organisation', 'Person']}
MATCH (e:Event)
WHERE COUNT { (e)<-[:PARTICIPATED_IN|ORGANISED]-() } >= $min_participants
MATCH (e)<-[r2:PARTICIPATED_IN|ORGANISED]-(y:Entity)-[rep:HOLDS_POSITION*0..1]->(b:Entity)
WHERE (size(rep) = 0 OR y:Person)
  AND any(label IN labels(b) WHERE label IN $partner_types)
WITH e, b, collect(DISTINCT y.id) AS participants, collect([y.id, elementId(r2), elementId(rep[0])]) AS paths
RETURN e.id AS event,
       collect([b.id, b.name, [label IN labels(b) WHERE label <> 'Entity'][0],
                CASE WHEN size(participants) = 1 THEN participants[0] END, paths]) AS reached
