// synth_create_entities: create synthetic entities for benchmarks (`python -m benchmarks synth`),
// into an empty database of their own: CREATE, not MERGE (ids are fresh and the
// uniqueness constraint's index still guards them).
// Parameters: $rows: list of {type, props} (props holds every property, id included).
// Example: :param rows => [{type: 'Place', props: {id: 'place:example-1', name: 'Example', aliases: [], kind: 'city', sources: [], origin: 'synth'}}]
UNWIND $rows AS row
CREATE (n:Entity:$(row.type))
SET n = row.props
