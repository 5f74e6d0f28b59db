// write_rate_hit: count one write of an API key in the current window of the
// write rate limit, in the database, so that every worker and replica of the
// service counts against the same limit. One statement: the window's node is
// found or created under the rate_window_key constraint, and its count raised
// under the node's write lock (a SET that reads the property it writes locks
// first), so concurrent writes never lose a count. The first write of a
// window deletes the key's older windows. The window is the database's clock's,
// the same for every replica.
// Answers: the count of the window so far (this write included), and the
// seconds until the window ends (the Retry-After of a refused write).
// Parameters: $key: the limiter's name for the API key; $window_seconds: the
// window's length.
// Example: :param {key: 'alice:5e0c5f1b9d2a8e47', window_seconds: 60}
WITH datetime.realtime().epochMillis AS now
MERGE (w:RateWindow {key: $key, window: now / ($window_seconds * 1000)})
  ON CREATE SET w.count = 1
  ON MATCH SET w.count = w.count + 1
WITH w, now
OPTIONAL MATCH (old:RateWindow {key: $key})
  WHERE w.count = 1 AND old.window < w.window
WITH w, now, collect(old) AS stale
FOREACH (window IN stale | DELETE window)
RETURN w.count AS count, ((w.window + 1) * $window_seconds * 1000 - now) / 1000.0 AS seconds_left
