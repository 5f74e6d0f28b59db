// write_entity_delete: delete an entity and every relationship it has (the
// caller has checked whether it may have any).
// Parameters: $id: entity id.
// Example: :param id => 'place:example'
MATCH (n:Entity {id: $id})
DETACH DELETE n
RETURN count(*) AS deleted
