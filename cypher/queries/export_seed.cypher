// export_seed: the whole curated graph as plain maps, for `graphsvc seed export`
// and backups: every Source, every Entity with its type label, every
// relationship between entities with its ends.
// Parameters: none.
// Example: (no :param needed)
CALL () {
  MATCH (s:Source)
  RETURN collect(properties(s)) AS sources
}
CALL () {
  MATCH (n:Entity)
  RETURN collect({
    type: [label IN labels(n) WHERE label <> 'Entity'][0],
    props: properties(n)
  }) AS entities
}
CALL () {
  MATCH (a:Entity)-[r]->(b:Entity)
  RETURN collect({type: type(r), from: a.id, to: b.id, props: properties(r)}) AS relationships
}
RETURN sources, entities, relationships
