// kept_answer_get: the kept answer (or the marker of its computation going on)
// under one key, shared by every worker and replica of the service
// (graphsvc/kept_answers.py). `stale`: a computation whose worker stopped
// beating for $stale_ms milliseconds (it died); `age_ms`: since it started,
// by the database's clock (one clock for every worker). A done answer's text
// is kept in `pieces` pieces (`piece_0`, `piece_1`, ...; `bytes` in all): the
// first $first come with this read, the others are read as they are sent
// (kept_answer_pieces.cypher).
// Parameters: $key: the answer's key (a digest); $stale_ms: int; $first: int.
// Example: :param {key: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', stale_ms: 30000, first: 4}
MATCH (k:KeptAnswer {key: $key})
RETURN k.state AS state,
       k.token AS token,
       k.bytes AS bytes,
       k.pieces AS pieces,
       [i IN range(0, coalesce(k.pieces, 0) - 1) WHERE i < $first | k['piece_' + toString(i)]] AS first_pieces,
       k.computed_by AS computed_by,
       timestamp() - k.started AS age_ms,
       k.state = 'running' AND k.heartbeat < timestamp() - $stale_ms AS stale
