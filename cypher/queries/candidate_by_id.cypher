// candidate_by_id: one candidate, with the paragraph of its source text it
// was found in (for the review page to show the sentence in its place).
// Parameters: $id: candidate id.
// Example: :param id => 'cand:example'
MATCH (c:Candidate {id: $id})
OPTIONAL MATCH (s:Source {id: c.source})
RETURN properties(c) AS candidate, s.title AS source_title,
       CASE WHEN s.text IS NULL THEN null
            ELSE substring(s.text, c.context_start, c.context_end - c.context_start) END AS context,
       s.text IS NOT NULL AND s.text CONTAINS c.excerpt AS excerpt_in_text
