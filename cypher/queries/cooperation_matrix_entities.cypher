// cooperation_matrix_entities: the entities of one type for the cooperation
// matrix (GET /cooperation/matrix): at most $max_entities of them, the most
// connected first, and how many there are in all (`total`, on every row).
// Parameters: $type: a type label (State or Organisation); $max_entities: cap.
// Example: :param {type: 'State', max_entities: 500}
CALL () {
  MATCH (n:State|Organisation)
  WHERE $type IN labels(n)
  RETURN count(n) AS total
}
MATCH (n:State|Organisation)
WHERE $type IN labels(n)
// only entities have relationships: the plain degree is read from the store, not counted
WITH total, n, COUNT { (n)--() } AS degree
ORDER BY degree DESC, n.name, n.id
LIMIT $max_entities
RETURN properties(n) AS props, $type AS type, total
