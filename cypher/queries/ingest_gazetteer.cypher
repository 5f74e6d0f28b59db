// ingest_gazetteer: what ingestion's gazetteer is built from, once per graph
// version: every entity's id, type, name and aliases, and the (from type,
// relationship type, to type) of every relationship, counted.
// Parameters: none.
// Example: (no :param needed)
CALL () {
  MATCH (n:Entity)
  RETURN collect([n.id, [label IN labels(n) WHERE label <> 'Entity'][0], n.name, coalesce(n.aliases, [])]) AS entities
}
CALL () {
  MATCH (a:Entity)-[r]->(b:Entity)
  WITH [label IN labels(a) WHERE label <> 'Entity'][0] AS from_type, type(r) AS type,
       [label IN labels(b) WHERE label <> 'Entity'][0] AS to_type, count(*) AS n
  RETURN collect([from_type, type, to_type, n]) AS relationships
}
OPTIONAL MATCH (m:GraphMeta {id: 'graph'})
RETURN entities, relationships, m.version AS version
