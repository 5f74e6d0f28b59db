// kept_answer_pieces: pieces $start to $stop (excluded) of a kept answer's
// text, read as a response sends them (graphsvc/kept_answers.py). Only the
// pieces of the answer found (its $token): no row when it was dropped since.
// Parameters: $key; $token; $start: int; $stop: int.
// Example: :param {key: 'k1', token: 't1', start: 4, stop: 8}
MATCH (k:KeptAnswer {key: $key, token: $token, state: 'done'})
RETURN [i IN range($start, $stop - 1) | k['piece_' + toString(i)]] AS pieces
