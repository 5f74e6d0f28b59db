// write_relationship_state: one relationship as stored, found by its id and
// its start entity (no row when there is none).
// Parameters: $id: relationship id; $from: id of its start entity.
// Example: :param {id: 'member_of:state:kazakhstan->org:turksoy', from: 'state:kazakhstan'}
MATCH (a:Entity {id: $from})-[r {id: $id}]->(b:Entity)
RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props
