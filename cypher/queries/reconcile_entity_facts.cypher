// reconcile_entity_facts: what the reconciliation service compares and extends for each
// of $ids: the entity's stored properties and type, the places it lies in (LOCATED_IN,
// then up through LOCATED_IN / PART_OF, at most 3 hops), its seat (the places it is
// LOCATED_IN directly), the organisations it is a member or observer of, its members,
// and who founded it (FOUNDED towards it, or ESTABLISHED_BY from it; `date`: that
// relationship's start). Related entities come as {id, name, type, search_keys}, so names
// can be compared folded (text.fold).
// Answers: the `properties` constraints of POST /reconcile (located_in, member_of,
// founded) and the data extension (`extend`) of members, memberships, seat, founded.
// Parameters: $ids: entity ids.
// Example: :param ids => ['org:turksoy', 'state:kazakhstan']
UNWIND range(0, size($ids) - 1) AS position
MATCH (node:Entity {id: $ids[position]})
RETURN node.id AS id,
       properties(node) AS props,
       [l IN labels(node) WHERE l <> 'Entity'][0] AS type,
       COLLECT {
         MATCH (node)-[:LOCATED_IN]->(:Entity)-[:LOCATED_IN|PART_OF*0..2]->(place:Entity)
         RETURN DISTINCT {id: place.id, name: place.name, search_keys: place.search_keys,
                          type: [l IN labels(place) WHERE l <> 'Entity'][0]}
       } AS places,
       COLLECT {
         MATCH (node)-[:LOCATED_IN]->(seat:Entity)
         RETURN DISTINCT {id: seat.id, name: seat.name, search_keys: seat.search_keys,
                          type: [l IN labels(seat) WHERE l <> 'Entity'][0]}
       } AS seat,
       COLLECT {
         MATCH (node)-[:MEMBER_OF]->(org:Entity)
         RETURN DISTINCT {id: org.id, name: org.name, search_keys: org.search_keys,
                          type: [l IN labels(org) WHERE l <> 'Entity'][0]}
       } AS memberships,
       COLLECT {
         MATCH (node)-[:OBSERVER_OF]->(org:Entity)
         RETURN DISTINCT {id: org.id, name: org.name, search_keys: org.search_keys,
                          type: [l IN labels(org) WHERE l <> 'Entity'][0]}
       } AS observer_of,
       COLLECT {
         MATCH (member:Entity)-[:MEMBER_OF]->(node)
         RETURN DISTINCT {id: member.id, name: member.name, search_keys: member.search_keys,
                          type: [l IN labels(member) WHERE l <> 'Entity'][0]}
       } AS members,
       COLLECT {
         MATCH (founder:Entity)-[founding:FOUNDED]->(node)
         RETURN {id: founder.id, name: founder.name, search_keys: founder.search_keys,
                 type: [l IN labels(founder) WHERE l <> 'Entity'][0], date: founding.start} AS founder
         UNION
         MATCH (node)-[founding:ESTABLISHED_BY]->(founder:Entity)
         RETURN {id: founder.id, name: founder.name, search_keys: founder.search_keys,
                 type: [l IN labels(founder) WHERE l <> 'Entity'][0], date: founding.start} AS founder
       } AS founders
ORDER BY position
