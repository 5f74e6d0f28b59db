// write_entities_exist: which of the given ids are entities (to refuse
// dangling references).
// Parameters: $ids: list of entity ids.
// Example: :param ids => ['state:kazakhstan', 'org:turksoy']
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN n.id AS id
