// synth_create_sources: create the synthetic Source nodes that synthetic facts cite
// (`python -m benchmarks synth`).
// Parameters: $rows: list of source property maps (id included).
// Example: :param rows => [{id: 'src:synth-0001', title: 'Synthetic source 1', authors: ['A. Author'], published: '2020', tier: 'evidenced', origin: 'synth'}]
UNWIND $rows AS props
CREATE (s:Source)
SET s = props
