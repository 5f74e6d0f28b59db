// write_sources_lookup: the Source nodes with the given ids, with what
// evidence checks need (tier, the text file of an evidenced source) and the
// short citation stored with each evidence item.
// Parameters: $ids: list of Source ids.
// Example: :param ids => ['src:bazarbayev-2025-soft-power']
MATCH (s:Source)
WHERE s.id IN $ids
RETURN s.id AS id, s.tier AS tier, s.file AS file, s.citation AS citation
