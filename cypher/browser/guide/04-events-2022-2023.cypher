// 04 All events of 2022–2023
// Answers: the dated events that overlap 2022-01-01 .. 2023-12-31 (the service's time-window
// rule on t_from/t_to: an event counts when it starts before the window ends and ends after
// it starts), with where they took place and who took part or organised them. Undated
// events are not listed here (see 13-undated-facts).
// Parameters: none; the window is on the first line (full ISO dates).
// Example: (no :param needed)
WITH '2022-01-01' AS window_from, '2023-12-31' AS window_to
MATCH (e:Event)
WHERE e.t_from IS NOT NULL AND e.t_from <= window_to
  AND (e.t_to IS NULL OR e.t_to >= window_from)
OPTIONAL MATCH (e)-[:LOCATED_IN]->(place:Entity)
OPTIONAL MATCH (actor:Entity)-[part:PARTICIPATED_IN|ORGANISED]->(e)
WITH e, collect(DISTINCT place.name) AS places,
     collect(DISTINCT actor.name + CASE WHEN part.role IS NULL THEN '' ELSE ' (' + part.role + ')' END) AS actors
RETURN e.name AS event, e.kind AS kind, e.start AS start, e.end AS end, places, actors
ORDER BY e.t_from, event
