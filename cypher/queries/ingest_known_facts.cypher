// ingest_known_facts: the relationships the graph already holds among the
// entities a text mentions, so ingestion proposes only what is new.
// Parameters: $ids: entity ids mentioned in the text.
// Example: :param ids => ['state:kazakhstan', 'org:turksoy', 'state:turkiye']
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.id IN $ids AND b.id IN $ids
RETURN type(r) AS type, a.id AS from, b.id AS to
