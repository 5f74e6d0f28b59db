// upsert_entities: create or update entities; the type label follows the seed
// (a changed type moves the node to its new label).
// Parameters: $rows: list of {id, type, props} (props holds every property, id included).
// Example: :param rows => [{id: 'place:example', type: 'Place', props: {id: 'place:example', name: 'Example', aliases: [], kind: 'city', sources: [], origin: 'seed'}}]
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n = row.props
REMOVE n:State:Organisation:Person:Agreement:Event:Programme:Place
SET n:$(row.type)
