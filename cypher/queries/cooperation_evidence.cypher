// cooperation_evidence: the shared facts of one kind between actors and their
// partners, each with the relationships that evidence it: the facts /cooperation/{id}
// shows and its timeline (docs/cooperation-scoring.md).
// The `part` placeholder below stands for one part query, cooperation_<kind>.cypher,
// filled in by the service: the part's matching section finds the rows, once
// for this and for cooperation_tally; this lists them, one row per actor,
// partner, shared thing and `via`, with every relationship of their chains once.
// At most $max_items shared things per partner, the first by id (null: all):
// a hub's partner can share thousands (the ranking counts them all).
// With $links, each row also gives its chains as [element id, start node's id, end node's id]
// per relationship: the ranking chooses from them which relationships each part cites
// (graphsvc/graph/cooperation/evidence.py) before it builds any citation.
// In Neo4j Browser: paste a part query's text in place of the placeholder.
// Parameters: those of the part query; $max_items: int or null; $links: bool.
// Example (a part query pasted in): :param {ids: ['state:kazakhstan'], partner_types: ['State', 'Organisation', 'Person'], partner_ids: null, sectors: null, window_from: null, window_to: null, with_evidence: true, max_items: 10, links: true}
CALL () {
  /*part*/
}
WITH actor, partner, partner_name, partner_type, item,
     collect({via: via, grade: grade, chains: chains, stated: stated}) AS found
  ORDER BY item
WITH actor, partner, partner_name, partner_type, collect({item: item, found: found}) AS items
UNWIND items[..coalesce($max_items, size(items))] AS listed
UNWIND listed.found AS fact
// every relationship of the chains once, in the order first met (hashed: a hub's
// pair can have thousands of chains, and list concatenation and `IN` grow quadratically)
CALL (fact) {
  UNWIND fact.chains AS chain
  UNWIND chain AS r
  RETURN collect(DISTINCT r) AS rels
}
CALL (fact) {
  UNWIND fact.stated AS chain
  UNWIND chain AS r
  RETURN collect(DISTINCT r) AS stated
}
RETURN actor,
       partner,
       partner_name,
       partner_type,
       fact.via AS via,
       listed.item AS item,
       fact.grade AS grade,
       [r IN rels | {id: r.id, element_id: elementId(r), sources: r.sources, excerpts: r.excerpts,
                     locators: r.locators}] AS rels,
       CASE WHEN $links
         THEN [chain IN fact.chains | [r IN chain | [elementId(r), startNode(r).id, endNode(r).id]]]
         ELSE [] END AS links,
       // the relationships that state the cooperation (the rest of the chains is context)
       [r IN stated | {id: r.id, t_from: r.t_from}] AS stated
