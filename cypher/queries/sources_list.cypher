// sources_list: the Source records (bibliographic data, license, short citation)
// with how much of the graph cites each: entities that name it among their
// sources, relationships with evidence from it, and evidence excerpts from it
// (relationships' and entities' own).
// Answers: GET /sources (ids null) and GET /sources/{id} (ids = [id]).
// One pass over entities and one over relationships, whatever the number of sources.
// Parameters: $ids: list of Source ids, or null for every source.
// Example: :param ids => ['src:bazarbayev-2025-soft-power']
CALL () {
  MATCH (n:Entity)
  UNWIND coalesce(n.sources, []) AS sid
  WITH sid WHERE $ids IS NULL OR sid IN $ids
  RETURN collect(sid) AS entity_mentions
}
CALL () {
  MATCH (n:Entity)
  WHERE size(coalesce(n.evidence_sources, [])) > 0
  UNWIND n.evidence_sources AS sid
  WITH sid WHERE $ids IS NULL OR sid IN $ids
  RETURN collect(sid) AS entity_excerpts
}
CALL () {
  MATCH ()-[r]->()
  WHERE r.sources IS NOT NULL
  UNWIND r.sources AS sid
  WITH sid, r WHERE $ids IS NULL OR sid IN $ids
  WITH sid, count(DISTINCT r) AS relationships, count(*) AS excerpts
  RETURN collect({id: sid, relationships: relationships, excerpts: excerpts}) AS relationship_counts
}
MATCH (s:Source)
WHERE $ids IS NULL OR s.id IN $ids
WITH s, entity_mentions, entity_excerpts,
     [c IN relationship_counts WHERE c.id = s.id][0] AS cited
RETURN properties(s) AS props,
       size([x IN entity_mentions WHERE x = s.id]) AS entities,
       coalesce(cited.relationships, 0) AS relationships,
       coalesce(cited.excerpts, 0) + size([x IN entity_excerpts WHERE x = s.id]) AS excerpts
ORDER BY s.id
