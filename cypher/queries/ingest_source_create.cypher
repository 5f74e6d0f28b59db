// ingest_source_create: the Source of an ingested text (its bibliographic
// fields, the text and its SHA-256), created once; ingesting the same text
// again finds it and changes nothing.
// Parameters: $sha256, $props (every property, id and text included).
// Example: :param {sha256: 'abc', props: {id: 'src:ingest-abc', title: 'Example', sha256: 'abc', text: 'Kazakhstan is a member of TURKSOY.', tier: 'reference', note: 'Ingested text', origin: 'ingest'}}
MERGE (s:Source {sha256: $sha256})
ON CREATE SET s = $props
RETURN s.id AS id, s.ingested_at = $props.ingested_at AS created
