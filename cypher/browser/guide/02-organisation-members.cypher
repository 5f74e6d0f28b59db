// 02 The members and observers of an organisation
// Answers: who belongs to an organisation and with what status (member or observer),
// since when, on which tier of evidence, citing which sources.
// Parameters: none; the organisation id is on the first line (`org:ots`, the Organisation of
// Turkic States): change it for `org:turksoy`, `org:turkic-academy`, ...
// Example: (no :param needed)
WITH 'org:ots' AS orgId
MATCH (o:Organisation {id: orgId})<-[r:MEMBER_OF|OBSERVER_OF]-(m:Entity)
RETURN m.name AS actor,
       [l IN labels(m) WHERE l <> 'Entity'][0] AS type,
       CASE type(r) WHEN 'MEMBER_OF' THEN 'member' ELSE 'observer' END AS status,
       r.start AS since,
       r.tier AS tier,
       [i IN range(0, size(r.sources) - 1) WHERE NOT r.sources[i] IN r.sources[0..i] | r.sources[i]] AS sources
ORDER BY status, actor
