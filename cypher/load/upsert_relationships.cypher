// upsert_relationships: create or update relationships between entities, one
// per fact id, with their citations as parallel lists.
// Parameters: $rows: list of {id, type, from, to, props}.
// Example: :param rows => [{id: 'located_in:place:a->place:b', type: 'LOCATED_IN', from: 'place:a', to: 'place:b', props: {id: 'located_in:place:a->place:b', sectors: ['culture'], sources: [], excerpts: [], locators: [], tier: 'evidenced', origin: 'seed'}}]
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (a)-[r:$(row.type) {id: row.id}]->(b)
SET r = row.props
