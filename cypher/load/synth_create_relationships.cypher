// synth_create_relationships: create synthetic relationships for benchmarks
// (`python -m benchmarks synth`): the ends are found through the entity_id constraint index.
// The properties are set one by one, not with `SET r = row.props`: a map SET
// makes the planner add an Eager step (it cannot tell the map will not touch
// the `id` the index seeks read), which halves the load rate. A null figure
// (role, title, share_percent) sets nothing.
// Parameters: $rows: list of {type, from, to, props} (props holds every property, id included).
// Example: :param rows => [{type: 'LOCATED_IN', from: 'place:a-1', to: 'state:b-2', props: {id: 'located_in:place:a-1->state:b-2', key: '', sectors: ['culture'], start: '2020', end: null, tier: 'evidenced', sources: ['src:synth-00001'], excerpts: ['A located in B'], locators: [''], t_from: '2020-01-01', t_to: null, origin: 'synth'}}]
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CREATE (a)-[r:$(row.type)]->(b)
SET r.id = row.props.id, r.key = row.props.key, r.sectors = row.props.sectors,
    r.start = row.props.start, r.end = row.props.end, r.tier = row.props.tier,
    r.sources = row.props.sources, r.excerpts = row.props.excerpts, r.locators = row.props.locators,
    r.t_from = row.props.t_from, r.t_to = row.props.t_to, r.origin = row.props.origin,
    r.role = row.props.role, r.title = row.props.title, r.share_percent = row.props.share_percent
