// audit_entries: the curation audit trail, newest first: who wrote what,
// when, and the target's state before and after (JSON strings).
// Answers: GET /audit.
// Parameters: $since (UTC ISO timestamp or null), $target (an entity,
// relationship or source id, or null), $limit.
// Example: :param {since: '2025-01-01T00:00:00.000000Z', target: null, limit: 50}
MATCH (a:AuditEntry)
WHERE ($since IS NULL OR a.at >= $since)
  AND ($target IS NULL OR a.target_id = $target)
WITH a ORDER BY a.seq DESC
WITH collect(a) AS entries
RETURN size(entries) AS total,
       [a IN entries[0..$limit] | properties(a)] AS items
