// reconcile_preview: one entity for the reconciliation preview card: its stored
// properties and type, its best-evidenced relationships (most evidence first, then
// type and the other end's name; at most $max_relations), each with the other end's
// id, name and type and its first cited source, and the Source nodes those
// relationships and the entity itself cite.
// Answers: GET /reconcile/preview?id= (the HTML card OpenRefine shows in its iframe).
// Parameters: $id: entity id; $max_relations: how many relationships to show.
// Example: :param {id: 'org:turksoy', max_relations: 5}
MATCH (node:Entity {id: $id})
WITH node, COLLECT {
  MATCH (node)-[rel]-(other:Entity)
  WITH rel, other, startNode(rel) = node AS outgoing
  ORDER BY size(coalesce(rel.sources, [])) DESC, type(rel), other.name
  LIMIT $max_relations
  RETURN {type: type(rel), outgoing: outgoing, other_id: other.id, other_name: other.name,
          other_type: [l IN labels(other) WHERE l <> 'Entity'][0], start: rel.start,
          source: head(coalesce(rel.sources, []))}
} AS relations
RETURN properties(node) AS props,
       [l IN labels(node) WHERE l <> 'Entity'][0] AS type,
       relations,
       COLLECT {
         MATCH (source:Source)
         WHERE source.id IN [r IN relations | r.source] + coalesce(node.sources, [])
         RETURN properties(source)
       } AS sources
