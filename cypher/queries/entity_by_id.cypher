// entity_by_id: one entity with its type label and its relationship counts by type.
// Answers: GET /entities/{id} only; the other routes resolve their ids with
// entities_by_ids, which reads no counts.
// The counts are read from the store's degree per type (one COUNT per type of
// graphsvc/vocabulary.py, which a test keeps in step), not by walking the
// relationships: a hub with tens of thousands of them answers as fast as a leaf.
// Only entities have relationships, so every one counted ends at an entity.
// Parameters: $id: entity id.
// Example: :param id => 'state:kazakhstan'
MATCH (n:Entity {id: $id})
RETURN properties(n) AS props,
       [label IN labels(n) WHERE label <> 'Entity'][0] AS type,
       [c IN [
    {type: 'MEMBER_OF', count: COUNT { (n)-[:MEMBER_OF]-() }},
    {type: 'OBSERVER_OF', count: COUNT { (n)-[:OBSERVER_OF]-() }},
    {type: 'FOUNDED', count: COUNT { (n)-[:FOUNDED]-() }},
    {type: 'ESTABLISHED_BY', count: COUNT { (n)-[:ESTABLISHED_BY]-() }},
    {type: 'PARTY_TO', count: COUNT { (n)-[:PARTY_TO]-() }},
    {type: 'SIGNED', count: COUNT { (n)-[:SIGNED]-() }},
    {type: 'SIGNED_IN', count: COUNT { (n)-[:SIGNED_IN]-() }},
    {type: 'ADOPTED', count: COUNT { (n)-[:ADOPTED]-() }},
    {type: 'PARTICIPATED_IN', count: COUNT { (n)-[:PARTICIPATED_IN]-() }},
    {type: 'ORGANISED', count: COUNT { (n)-[:ORGANISED]-() }},
    {type: 'LOCATED_IN', count: COUNT { (n)-[:LOCATED_IN]-() }},
    {type: 'OPERATES_IN', count: COUNT { (n)-[:OPERATES_IN]-() }},
    {type: 'PART_OF', count: COUNT { (n)-[:PART_OF]-() }},
    {type: 'HOLDS_POSITION', count: COUNT { (n)-[:HOLDS_POSITION]-() }},
    {type: 'AFFILIATED_WITH', count: COUNT { (n)-[:AFFILIATED_WITH]-() }},
    {type: 'COOPERATES_WITH', count: COUNT { (n)-[:COOPERATES_WITH]-() }},
    {type: 'RUNS', count: COUNT { (n)-[:RUNS]-() }},
    {type: 'BENEFITS', count: COUNT { (n)-[:BENEFITS]-() }},
    {type: 'FUNDS', count: COUNT { (n)-[:FUNDS]-() }},
    {type: 'SUPPORTS', count: COUNT { (n)-[:SUPPORTS]-() }},
    {type: 'VISITED', count: COUNT { (n)-[:VISITED]-() }},
    {type: 'RANKED_IN', count: COUNT { (n)-[:RANKED_IN]-() }},
    {type: 'TRADES_WITH', count: COUNT { (n)-[:TRADES_WITH]-() }},
    {type: 'DESIGNATED', count: COUNT { (n)-[:DESIGNATED]-() }},
    {type: 'SUCCEEDED', count: COUNT { (n)-[:SUCCEEDED]-() }},
    {type: 'DEDICATED_TO', count: COUNT { (n)-[:DEDICATED_TO]-() }}
       ] WHERE c.count > 0] AS counts
