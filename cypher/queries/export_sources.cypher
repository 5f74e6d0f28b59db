// export_sources: the Source records an export cites (the sources of its facts' evidence),
// for the per-source license and attribution every export format carries.
// Answers: GET /export and `graphsvc export` (graphsvc/graph/export.py, `licenses`).
// Parameters: $ids: Source ids.
// Example: :param ids => ['src:bazarbayev-2025-soft-power', 'src:ref-turkpa-turksoy']
MATCH (s:Source)
WHERE s.id IN $ids
RETURN properties(s) AS props
ORDER BY s.id
