// cooperation_reach_institutions: every organisation that is someone's institution or stands in someone's
// territory, with what the parts `programme` and `operates_in` read from it, once per graph version, for the
// ranking pass to count those two parts from arrays (graphsvc/graph/cooperation/reach.py) instead of
// walking a state's thousands of institutions at every first answer. The rules are the part queries'
// (cooperation_programme.cypher, cooperation_operates_in.cypher); this reads their relations, one row per
// organisation:
//   owners: who it is an institution of, but for the location: the entities it is PART_OF or
//     ESTABLISHED_BY (through up to 3 organisations) and those that RUN it;
//   located: the territories it is LOCATED_IN (the entity it is located in and the entities that place
//     is LOCATED_IN or PART_OF, up to 3 steps through places): it is their institution unless it is
//     intergovernmental, and domestic there either way;
//   operates: the territories it OPERATES_IN, the same way.
// Unfiltered only: the sectors and dates of the relationships are not read.
// Parameters: none.
// Example: :param {}
MATCH (k:Organisation)
WITH k,
     COLLECT { MATCH (k)((:Organisation)-[:PART_OF|ESTABLISHED_BY]->()){1,3}(x:Entity) RETURN x.id
               UNION
               MATCH (x:Entity)-[:RUNS]->(k) RETURN x.id } AS owners,
     COLLECT { MATCH (k)-[:LOCATED_IN]->(:Entity)((:Place)-[:LOCATED_IN|PART_OF]->()){0,3}(x:Entity)
               RETURN DISTINCT x.id } AS located,
     COLLECT { MATCH (k)-[:OPERATES_IN]->(:Entity)((:Place)-[:LOCATED_IN|PART_OF]->()){0,3}(x:Entity)
               RETURN DISTINCT x.id } AS operates
WHERE size(owners) + size(located) + size(operates) > 0
RETURN k.id AS organisation,
       coalesce(k.kind, '') = 'intergovernmental_organisation' AS intergovernmental,
       owners, located, operates
