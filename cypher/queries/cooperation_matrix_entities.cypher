// cooperation_matrix_entities: the entities of one type for the cooperation
// matrix (GET /cooperation/matrix): at most $max_entities of them, the most
// connected first, and how many there are in all (`total`, on every row).
// One branch per matrix type (definition.py, MATRIX_TYPES), each read by its
// label: a label given as a parameter (`$type IN labels(n)`, or `:$($type)`)
// is tested on every node of both types, a few states among 126,000
// organisations on a large graph; here only the branch of $type runs.
// Parameters: $type: a type label (State or Organisation); $max_entities: cap.
// Example: :param {type: 'State', max_entities: 500}
CALL () {
  WITH $type AS type WHERE type = 'State'
  MATCH (n:State)
  RETURN n
  UNION ALL
  WITH $type AS type WHERE type = 'Organisation'
  MATCH (n:Organisation)
  RETURN n
}
WITH collect(n) AS of_type
UNWIND of_type AS n
// only entities have relationships: the plain degree is read from the store, not counted
WITH size(of_type) AS total, n, COUNT { (n)--() } AS degree
ORDER BY degree DESC, n.name, n.id
LIMIT $max_entities
RETURN properties(n) AS props, $type AS type, total
