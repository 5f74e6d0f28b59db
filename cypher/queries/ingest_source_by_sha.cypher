// ingest_source_by_sha: the Source an ingested text became, found by the
// SHA-256 of its text (ingestion is idempotent by it).
// Parameters: $sha256: hex digest of the text (UTF-8).
// Example: :param sha256 => '0000000000000000000000000000000000000000000000000000000000000000'
MATCH (s:Source {sha256: $sha256})
RETURN s {.id, .title, .authors, .published, .url, .language, .tier, .sha256, .media_type, .words, .origin,
          .ingested_at, .note} AS source
