// restore_relationships: recreate relationships between entities from a backup.
// Parameters: $rows: list of {type, from, to, props}.
// Example: :param rows => [{type: 'LOCATED_IN', from: 'place:a', to: 'place:b', props: {id: 'located_in:place:a->place:b'}}]
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(r) AS created
