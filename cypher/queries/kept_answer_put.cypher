// kept_answer_put: keep a computed answer for every worker and replica
// (graphsvc/kept_answers.py), then drop what is no longer worth keeping:
// the answers of other graph versions, and past the newest $keep answers of
// this kind, the older ones. The text is kept in pieces (`piece_0`,
// `piece_1`, ...), read back a few at a time as a response sends them. An
// answer already kept is left as it is: a reader may be sending its pieces.
// Parameters: $key; $what; $version; $token; $worker; $pieces: list of strings
//   (the JSON text, cut); $bytes: its UTF-8 length; $keep: int.
// Example: :param {key: 'k1', what: 'ranking', version: 'v1', token: 't1', worker: 'host:1', pieces: ['{"a":', '1}'], bytes: 7, keep: 8}
MERGE (k:KeptAnswer {key: $key})
  ON CREATE SET k.started = timestamp(), k.computed_by = $worker
WITH k
CALL (k) {
  WITH k
  WHERE k.state IS NULL OR k.state <> 'done'
  SET k.state = 'done', k.what = $what, k.version = $version, k.token = $token,
      k.bytes = $bytes, k.pieces = size($pieces), k.kept = timestamp(), k.heartbeat = timestamp()
  WITH k
  UNWIND range(0, size($pieces) - 1) AS i
  SET k['piece_' + toString(i)] = $pieces[i]
}
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
