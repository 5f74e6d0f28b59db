// write_relationship_delete: delete one relationship by id and start entity.
// Parameters: $id: relationship id; $from: id of its start entity.
// Example: :param {id: 'member_of:state:kazakhstan->org:turksoy', from: 'state:kazakhstan'}
MATCH (:Entity {id: $from})-[r {id: $id}]->(:Entity)
DELETE r
RETURN count(*) AS deleted
