// candidate_update: change a candidate's proposal (a curator's edit) or its
// review status; null values remove a property.
// Parameters: $id: candidate id; $changes: map of properties.
// Example: :param {id: 'cand:example', changes: {type: 'OBSERVER_OF'}}
MATCH (c:Candidate {id: $id})
SET c += $changes
RETURN properties(c) AS candidate
