// upsert_sources: create or update Source nodes (the documents facts cite).
// Parameters: $rows: list of {id, props} (props holds every property, id included).
// Example: :param rows => [{id: 'src:example', props: {id: 'src:example', title: 'Example', origin: 'seed'}}]
UNWIND $rows AS row
MERGE (s:Source {id: row.id})
SET s = row.props
