// delete_stale: remove what an earlier load put in the graph and the seed no
// longer states (curated writes, origin 'curation', are kept).
// Parameters: $origin: 'seed'; $entity_ids, $relationship_ids, $source_ids: lists of ids still in the seed.
// Example: :param origin => 'seed'
CALL (*) {
  MATCH ()-[r]->()
  WHERE r.origin = $origin AND NOT r.id IN $relationship_ids
  DELETE r
}
CALL (*) {
  MATCH (n:Entity)
  WHERE n.origin = $origin AND NOT n.id IN $entity_ids
  DETACH DELETE n
}
CALL (*) {
  MATCH (s:Source)
  WHERE s.origin = $origin AND NOT s.id IN $source_ids
  DELETE s
}
RETURN 1 AS done
