// synth_import_empty_lists: after `python -m benchmarks synth --method import`, give the
// entities the empty lists the bulk importer cannot store (it leaves an empty
// list unset), so the graph is the one the unwind path creates (`SET n = props`
// keeps `[]`). Lists that are set are left as they are. Runs in transactions of
// 10,000 entities, so it must be sent as an auto-commit query.
// Parameters: none.
MATCH (n:Entity)
WHERE n.aliases IS NULL OR n.sources IS NULL OR n.search_keys IS NULL
   OR n.evidence_sources IS NULL OR n.evidence_excerpts IS NULL OR n.evidence_locators IS NULL
CALL (n) {
  SET n.aliases = coalesce(n.aliases, []), n.sources = coalesce(n.sources, []),
      n.search_keys = coalesce(n.search_keys, []),
      n.evidence_sources = coalesce(n.evidence_sources, []),
      n.evidence_excerpts = coalesce(n.evidence_excerpts, []),
      n.evidence_locators = coalesce(n.evidence_locators, [])
} IN TRANSACTIONS OF 10000 ROWS
