// write_relationship_upsert: create or replace one relationship with the
// properties the seed loader would give it (graphsvc.curation.loader.relationship_row),
// and add the sources of its evidence to both ends' `sources`.
// Parameters: $id, $type (checked against graphsvc.vocabulary.RELATIONSHIP_TYPES), $from, $to, $props, $sources (distinct Source ids of the evidence).
// Example: :param {id: 'cooperates_with:org:a->org:b', type: 'COOPERATES_WITH', from: 'org:a', to: 'org:b', props: {id: 'cooperates_with:org:a->org:b', sectors: ['culture'], sources: ['src:x'], excerpts: ['...'], locators: [''], tier: 'evidenced', origin: 'curation'}, sources: ['src:x']}
MATCH (a:Entity {id: $from})
MATCH (b:Entity {id: $to})
MERGE (a)-[r:$($type) {id: $id}]->(b)
SET r = $props
SET a.sources = coalesce(a.sources, []) + [s IN $sources WHERE NOT s IN coalesce(a.sources, [])]
SET b.sources = coalesce(b.sources, []) + [s IN $sources WHERE NOT s IN coalesce(b.sources, [])]
RETURN properties(r) AS props
