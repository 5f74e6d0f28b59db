// restore_nodes: recreate nodes from a backup, with all their labels.
// Parameters: $rows: list of {labels: [string], props: map}.
// Example: :param rows => [{labels: ['Entity', 'Place'], props: {id: 'place:example', name: 'Example', origin: 'curation'}}]
UNWIND $rows AS row
CREATE (n)
SET n = row.props
SET n:$(row.labels)
RETURN count(n) AS created
