// 15 The evidence of one fact
// Answers: everything recorded about one relationship, by its stable id: its ends, dates,
// sectors, tier, figures, and each citation (source title, excerpt, locator).
// Parameters: $fact: a relationship id (type in lowercase, from-id, '->', to-id).
// Example: :param fact => 'member_of:state:kazakhstan->org:turksoy'
MATCH (a:Entity)-[r {id: $fact}]->(b:Entity)
UNWIND range(0, size(r.sources) - 1) AS i
OPTIONAL MATCH (s:Source {id: r.sources[i]})
RETURN a.name AS from, type(r) AS link, b.name AS to, r.start AS start, r.end AS end,
       r.sectors AS sectors, r.tier AS tier,
       [k IN keys(r) WHERE NOT k IN ['id', 'key', 'sectors', 'start', 'end', 'tier', 'sources', 'excerpts',
                                      'locators', 't_from', 't_to', 'origin'] | [k, r[k]]] AS details,
       coalesce(s.title, r.sources[i]) AS source, r.excerpts[i] AS excerpt, r.locators[i] AS locator
