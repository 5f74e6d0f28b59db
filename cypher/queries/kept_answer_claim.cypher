// kept_answer_claim: claim the computation of an answer for one worker, once
// for every worker and replica (graphsvc/kept_answers.py). The first claim
// creates the marker (`running`) with its token; a later one gets the marker
// as it is (`mine` false), unless its worker stopped beating for $stale_ms
// milliseconds: then the claim passes to this one. MERGE on the unique key
// (cypher/schema.cypher) makes two claims at once one. An answer already
// done comes back as kept_answer_get.cypher gives it.
// Parameters: $key; $what: the kind of answer; $version: the graph version;
//   $token: this claim's random token; $worker: host:pid; $stale_ms: int;
//   $first: how many of a done answer's pieces to return.
// Example: :param {key: 'k1', what: 'ranking', version: 'v1', token: 't1', worker: 'host:1', stale_ms: 30000, first: 4}
MERGE (k:KeptAnswer {key: $key})
  ON CREATE SET k.state = 'running', k.what = $what, k.version = $version, k.token = $token,
                k.computed_by = $worker, k.started = timestamp(), k.heartbeat = timestamp()
WITH k
CALL (k) {
  WITH k
  WHERE k.state = 'running' AND k.token <> $token AND k.heartbeat < timestamp() - $stale_ms
  SET k.token = $token, k.computed_by = $worker, k.started = timestamp(), k.heartbeat = timestamp()
}
RETURN k.state AS state,
       k.token AS token,
       k.bytes AS bytes,
       k.pieces AS pieces,
       [i IN range(0, coalesce(k.pieces, 0) - 1) WHERE i < $first | k['piece_' + toString(i)]] AS first_pieces,
       k.computed_by AS computed_by,
       timestamp() - k.started AS age_ms,
       k.token = $token AS mine
