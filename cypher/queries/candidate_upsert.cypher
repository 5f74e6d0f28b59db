// candidate_upsert: store ingestion's proposals as :Candidate nodes (never
// :Entity, so no read route, path or export sees them). A candidate that is
// already stored keeps its status and edits: accepted and rejected ones are
// never proposed again.
// Parameters: $rows: [{id, props}] with props of the Candidate.
// Example: :param rows => [{id: 'cand:example', props: {id: 'cand:example', kind: 'relationship', status: 'pending', type: 'MEMBER_OF', from_id: 'state:kazakhstan', to_id: 'org:turksoy', source: 'src:ingest-abc', confidence: 0.8, rule: 'member-of.en', excerpt: 'Kazakhstan is a member of TURKSOY.'}}]
UNWIND $rows AS row
MERGE (c:Candidate {id: row.id})
ON CREATE SET c = row.props, c.new = true
WITH c, coalesce(c.new, false) AS created
REMOVE c.new
RETURN c.id AS id, c.status AS status, created
