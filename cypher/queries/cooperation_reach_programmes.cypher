// cooperation_reach_programmes: every thing the part `programme` can count (cooperation_programme.cypher),
// a programme, event or organisation that BENEFITS someone, with who gives it and whom it benefits, once
// per graph version, for the ranking pass to count that part from arrays
// (graphsvc/graph/cooperation/reach.py). One row per thing:
//   runners: the entities that RUN or ORGANISED it, when it is a programme or an event (an organisation
//     gives itself: `organisation`);
//   beneficiaries: the entities it BENEFITS.
// Unfiltered only: the sectors and dates of BENEFITS are not read.
// Parameters: none.
// Example: :param {}
MATCH (p:Programme|Event|Organisation)
WHERE EXISTS { (p)-[:BENEFITS]->(:Entity) }
RETURN p.id AS thing,
       p:Organisation AS organisation,
       CASE WHEN p:Programme OR p:Event
            THEN COLLECT { MATCH (k:Entity)-[:RUNS|ORGANISED]->(p) RETURN DISTINCT k.id }
            ELSE [] END AS runners,
       COLLECT { MATCH (p)-[:BENEFITS]->(t:Entity) RETURN DISTINCT t.id } AS beneficiaries
