// cooperation_event_evidence: relationships read by their element ids, with their evidence and ends: the
// evidence of the shared hub events of the partners shown, whose relationships the events' rosters and
// the actor's side name (cooperation_event_rosters, cooperation_event_side;
// graphsvc/graph/cooperation/rosters.py). The ends' ids let the service check that each element id still
// names the relationship the rosters read (element ids are only stable while the graph is not written).
// One row; per relationship found: [element id, id, type, start node's id, end node's id, sources,
// excerpts, locators, t_from].
// Parameters: $relationships: element ids.
// Example: :param {relationships: ['5:00000000-0000-0000-0000-000000000000:0']}
UNWIND $relationships AS element_id
MATCH ()-[r]->()
WHERE elementId(r) = element_id
RETURN collect([element_id, r.id, type(r), startNode(r).id, endNode(r).id, r.sources, r.excerpts, r.locators,
                r.t_from]) AS relationships
