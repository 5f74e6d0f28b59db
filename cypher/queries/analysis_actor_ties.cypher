// analysis_actor_ties: what the actor graph of /analysis/centrality and
// /analysis/communities is built from (graphsvc/graph/analysis_projection.py,
// docs/analysis.md), in one row of three lists:
//   ties:   [from id, to id, relationship type] for every relationship of
//           $tie_types between two actors (State, Organisation, Person);
//   shared: [thing id, [actor ids]] for every Agreement, Event or Programme
//           that two or more actors are tied to by a relationship of $tie_types;
//   actors: [id, name, type] of every actor of $actor_types.
// Every relationship must pass the filters (sectors; dates overlapping the
// window, undated facts always count), and an event its own dates, as /export
// reads them. One row of lists: the driver costs 30-40 µs per row received.
// Parameters: $actor_types: actor labels kept; $tie_types: relationship types
//   that tie; $sectors: list or null; $window_from, $window_to: ISO dates or null.
// Example: :param {actor_types: ['State', 'Organisation', 'Person'], tie_types: ['MEMBER_OF', 'OBSERVER_OF', 'FOUNDED', 'ESTABLISHED_BY', 'PARTY_TO', 'SIGNED', 'ADOPTED', 'PARTICIPATED_IN', 'ORGANISED', 'LOCATED_IN', 'OPERATES_IN', 'PART_OF', 'HOLDS_POSITION', 'AFFILIATED_WITH', 'COOPERATES_WITH', 'RUNS', 'BENEFITS', 'FUNDS', 'SUPPORTS', 'VISITED', 'TRADES_WITH'], sectors: null, window_from: null, window_to: null}
CALL () {
  MATCH (a:State|Organisation|Person)-[r]->(b:State|Organisation|Person)
  WHERE type(r) IN $tie_types
    AND a <> b
    AND any(l IN labels(a) WHERE l IN $actor_types)
    AND any(l IN labels(b) WHERE l IN $actor_types)
    AND ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))
    AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)
    AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)
  RETURN collect([a.id, b.id, type(r)]) AS ties
}
CALL () {
  MATCH (a:State|Organisation|Person)-[r]-(t:Agreement|Event|Programme)
  WHERE type(r) IN $tie_types
    AND any(l IN labels(a) WHERE l IN $actor_types)
    AND ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))
    AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)
    AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from)
    AND (NOT t:Event
         OR (($window_to IS NULL OR t.t_from IS NULL OR t.t_from <= $window_to)
             AND ($window_from IS NULL OR t.t_to IS NULL OR t.t_to >= $window_from)))
  WITH t, collect(DISTINCT a.id) AS parties
  WHERE size(parties) > 1
  RETURN collect([t.id, parties]) AS shared
}
CALL () {
  MATCH (a:State|Organisation|Person)
  WHERE any(l IN labels(a) WHERE l IN $actor_types)
  RETURN collect([a.id, a.name, [l IN labels(a) WHERE l <> 'Entity'][0]]) AS actors
}
RETURN ties, shared, actors
