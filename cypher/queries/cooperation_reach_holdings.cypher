// cooperation_reach_holdings: every thing the parts `shared_membership` and `shared_agreement` can count
// (cooperation_shared_membership.cypher, cooperation_shared_agreement.cypher), an organisation with
// members or observers, an agreement with parties, with who holds it, once per graph version, for the
// ranking pass to count those parts from arrays (graphsvc/graph/cooperation/reach.py). One row per thing:
//   members: the entities MEMBER_OF it (an organisation) or PARTY_TO it (an agreement);
//   observers: the entities OBSERVER_OF it (an organisation; an agreement has none).
// Unfiltered only: the sectors and dates of MEMBER_OF, OBSERVER_OF and PARTY_TO are not read.
// Parameters: none.
// Example: :param {}
MATCH (o:Organisation)
WHERE EXISTS { (:Entity)-[:MEMBER_OF|OBSERVER_OF]->(o) }
RETURN o.id AS thing,
       COLLECT { MATCH (m:Entity)-[:MEMBER_OF]->(o) RETURN DISTINCT m.id } AS members,
       COLLECT { MATCH (m:Entity)-[:OBSERVER_OF]->(o) RETURN DISTINCT m.id } AS observers,
       false AS agreement
UNION ALL
MATCH (g:Agreement)
WHERE EXISTS { (:Entity)-[:PARTY_TO]->(g) }
RETURN g.id AS thing,
       COLLECT { MATCH (m:Entity)-[:PARTY_TO]->(g) RETURN DISTINCT m.id } AS members,
       [] AS observers,
       true AS agreement
