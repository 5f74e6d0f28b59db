// cooperation_event_side: an actor's side at some events, for counting its shared events through the
// events' rosters (cooperation_event_rosters; graphsvc/graph/cooperation/rosters.py): who acted for the
// actor at each of them (the actor itself, or a person holding a post in it, as in
// cooperation_shared_event) and through which relationships ([who, elementId of the HOLDS_POSITION or
// null, elementId of the PARTICIPATED_IN/ORGANISED]: the actor's side of the evidence), whether the actor
// is a person, and the entities it holds a post in or that hold a post in it (a person is never the
// partner of the state or organisation they hold a post in).
// Parameters: $id: the actor's id; $events: event ids.
// Example: :param {id: 'state:kazakhstan', events: ['event:ots-summit-10-astana-2023']}
MATCH (a:Entity {id: $id})
RETURN a:Person AS is_person,
       COLLECT { MATCH (a)-[:HOLDS_POSITION]-(post:Entity) RETURN DISTINCT post.id } AS posts,
       COLLECT {
         MATCH (a)<-[rep1:HOLDS_POSITION*0..1]-(x:Entity)-[r1:PARTICIPATED_IN|ORGANISED]->(e:Event)
         WHERE (size(rep1) = 0 OR x:Person) AND e.id IN $events
         WITH e, collect(DISTINCT x.id) AS actors_there, collect([x.id, elementId(rep1[0]), elementId(r1)]) AS chains
         RETURN [e.id, actors_there, chains]
       } AS events
