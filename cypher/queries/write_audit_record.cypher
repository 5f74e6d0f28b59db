// write_audit_record: the last statement of every curation write: record
// who changed what (an :AuditEntry, not an :Entity, so paths and exports
// never see it) and set the new graph version, in the write's transaction.
// Parameters: $audit_id, $at (UTC ISO), $actor (key name), $action
// (create/update/delete), $target_kind (entity/relationship/source),
// $target_id, $before, $after (JSON strings or null), $version (the new graph version).
// Example: :param {audit_id: 'audit:0001', at: '2025-01-01T00:00:00.000000Z', actor: 'alice', action: 'create', target_kind: 'entity', target_id: 'place:example', before: null, after: '{}', version: 'abc'}
MERGE (m:GraphMeta {id: 'graph'})
SET m.audit_seq = coalesce(m.audit_seq, 0) + 1,
    m.version = $version,
    m.written_at = $at
CREATE (a:AuditEntry {
  id: $audit_id, seq: m.audit_seq, at: $at, actor: $actor, action: $action,
  target_kind: $target_kind, target_id: $target_id, before: $before, after: $after
})
RETURN a.seq AS seq
