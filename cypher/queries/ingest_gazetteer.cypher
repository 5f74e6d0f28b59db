// ingest_gazetteer: what ingestion's gazetteer is built from, once per graph
// version: every entity's id, type, name and aliases.
// Parameters: none.
// Example: (no :param needed)
CALL () {
  MATCH (n:Entity)
  RETURN collect([n.id, [label IN labels(n) WHERE label <> 'Entity'][0], n.name, coalesce(n.aliases, [])]) AS entities
}
OPTIONAL MATCH (m:GraphMeta {id: 'graph'})
RETURN entities, m.version AS version
