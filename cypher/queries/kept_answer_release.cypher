// kept_answer_release: a claimed computation failed: remove its marker, so
// the next request starts it anew (graphsvc/kept_answers.py). Only the
// claim's own token releases it.
// Parameters: $key; $token.
// Example: :param {key: 'k1', token: 't1'}
OPTIONAL MATCH (k:KeptAnswer {key: $key, token: $token, state: 'running'})
DELETE k
RETURN count(k) AS released
