// write_source_state: a Source as stored, and how many entities and
// relationships cite it (no row when there is no such source).
// Parameters: $id: Source id.
// Example: :param id => 'src:bazarbayev-2025-soft-power'
MATCH (s:Source {id: $id})
CALL (s) {
  MATCH (n:Entity) WHERE s.id IN n.evidence_sources RETURN count(n) AS entities
}
CALL (s) {
  MATCH ()-[r]->() WHERE s.id IN r.sources RETURN count(r) AS relationships
}
RETURN properties(s) AS props, entities + relationships AS citations
