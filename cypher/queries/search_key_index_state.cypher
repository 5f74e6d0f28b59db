// search_key_index_state: the state of the keyword index the exact step of a search reads
// (`entity_search_keys`, cypher/schema.cypher): 'ONLINE' once it can answer, 'POPULATING'
// while it is being built; no row on a graph whose schema predates it. Until it is online,
// searches find exact names through `entity_names` instead (search_exact.cypher).
// Answers: the first search of a service process (graphsvc/graph/search.py key_index).
// Parameters: $name: the index name.
// Example: :param {name: 'entity_search_keys'}
SHOW INDEXES YIELD name, state
WHERE name = $name
RETURN state
