// write_entity_upsert: create or replace one entity with the properties the
// seed loader would give it (graphsvc.curation.loader.entity_row); the type
// label follows $type.
// Parameters: $id, $type (a label of graphsvc.vocabulary.ENTITY_TYPES), $props (every property, id included).
// Example: :param {id: 'place:example', type: 'Place', props: {id: 'place:example', name: 'Example', aliases: [], kind: 'city', sources: ['src:bazarbayev-2025-soft-power'], search_keys: ['example'], origin: 'curation'}}
MERGE (n:Entity {id: $id})
SET n = $props
REMOVE n:State:Organisation:Person:Agreement:Event:Programme:Place
SET n:$($type)
RETURN properties(n) AS props
