// write_source_upsert: create or replace one Source node (a bibliographic record).
// Parameters: $id, $props (every property, id included).
// Example: :param {id: 'src:ref-example', props: {id: 'src:ref-example', title: 'Example', url: 'https://example.org', tier: 'reference', origin: 'curation'}}
MERGE (s:Source {id: $id})
SET s = $props
RETURN properties(s) AS props
