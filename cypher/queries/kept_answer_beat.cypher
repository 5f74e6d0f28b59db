// kept_answer_beat: the worker computing an answer says it still does
// (graphsvc/kept_answers.py); a claim not beaten for a while is taken over.
// Parameters: $key; $token: the claim's token.
// Example: :param {key: 'k1', token: 't1'}
OPTIONAL MATCH (k:KeptAnswer {key: $key, token: $token})
SET k.heartbeat = timestamp()
RETURN count(k) AS beating
