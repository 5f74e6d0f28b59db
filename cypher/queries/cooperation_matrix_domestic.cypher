// cooperation_matrix_domestic: for the cooperation matrix (GET /cooperation/matrix),
// the pairs among $ids where `actor` is an organisation located in the
// territory of `partner` (the partner or a place within it, up to 3 steps):
// domestic there, so the pair gets no operates_in or programme part, as in
// cooperation_operates_in and cooperation_programme.
// Parameters: $ids: entity ids.
// Example: :param ids => ['org:turksoy', 'state:turkiye']
UNWIND $ids AS actor_id
MATCH (a:Organisation {id: actor_id})-[:LOCATED_IN]->(:Entity)((:Place)-[:LOCATED_IN|PART_OF]->()){0,3}(b:Entity)
WHERE b.id IN $ids AND b <> a
RETURN DISTINCT a.id AS actor, b.id AS partner
