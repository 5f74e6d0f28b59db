// kept_answer_put: keep a computed answer for every worker and replica
// (graphsvc/kept_answers.py), then drop what is no longer worth keeping:
// the answers of other graph versions, and past the newest $keep answers of
// this kind, the older ones.
// Parameters: $key; $what; $version; $token; $worker; $answer: JSON text; $keep: int.
// Example: :param {key: 'k1', what: 'ranking', version: 'v1', token: 't1', worker: 'host:1', answer: '{}', keep: 8}
MERGE (k:KeptAnswer {key: $key})
  ON CREATE SET k.started = timestamp(), k.computed_by = $worker
SET k.state = 'done', k.what = $what, k.version = $version, k.token = $token, k.answer = $answer,
    k.kept = timestamp(), k.heartbeat = timestamp()
WITH k
CALL () {
  MATCH (old:KeptAnswer)
  WHERE old.version <> $version
  DELETE old
}
CALL () {
  MATCH (done:KeptAnswer {what: $what, state: 'done'})
  WITH done ORDER BY done.kept DESC
  SKIP $keep
  DELETE done
}
RETURN 1 AS kept
