// schema: constraints and indexes of the graph, applied idempotently by
// `graphsvc seed load` and `graphsvc restore`, and by the benchmark to the synthetic
// graph it loads or finds loaded (every statement is IF NOT EXISTS, so an index added
// here reaches a graph loaded before it). Runs as it is in Neo4j Browser (enable
// multi-statement query editor).

// One id per thing, across the whole graph and within each type label.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT state_id IF NOT EXISTS FOR (n:State) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT agreement_id IF NOT EXISTS FOR (n:Agreement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT programme_id IF NOT EXISTS FOR (n:Programme) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT place_id IF NOT EXISTS FOR (n:Place) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT graph_meta_id IF NOT EXISTS FOR (m:GraphMeta) REQUIRE m.id IS UNIQUE;
CREATE CONSTRAINT audit_entry_id IF NOT EXISTS FOR (a:AuditEntry) REQUIRE a.id IS UNIQUE;
CREATE INDEX audit_entry_seq IF NOT EXISTS FOR (a:AuditEntry) ON (a.seq);
// The write rate limit's windows (write_rate_hit.cypher): one node per key and window.
CREATE CONSTRAINT rate_window_key IF NOT EXISTS FOR (w:RateWindow) REQUIRE (w.key, w.window) IS UNIQUE;

// Filters and clean-up after a reload.
CREATE INDEX entity_kind IF NOT EXISTS FOR (n:Entity) ON (n.kind);
CREATE INDEX entity_origin IF NOT EXISTS FOR (n:Entity) ON (n.origin);
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);

// Search by any name or alias, folding diacritics (Türkiye = Turkiye), over the
// names as written and their folded keys (Қазақстан -> qazaqstan).
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
FOR (n:Entity) ON EACH [n.name, n.aliases, n.search_keys]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}};
// The exact step of a search (search_exact.cypher): one index read for the entities one of
// whose folded keys is the folded query. The keyword analyzer keeps each key whole, so a
// quoted key is one term ("turkic council" is not the two words); the keys are folded
// already (graphsvc/graph/text.py fold), so nothing else needs analysing.
CREATE FULLTEXT INDEX entity_search_keys IF NOT EXISTS
FOR (n:Entity) ON EACH [n.search_keys]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword', `fulltext.eventually_consistent`: false}};

// Answers kept for every worker and replica (graphsvc/kept_answers.py): one node per question.
CREATE CONSTRAINT kept_answer_key IF NOT EXISTS FOR (k:KeptAnswer) REQUIRE k.key IS UNIQUE;
CREATE INDEX kept_answer_what IF NOT EXISTS FOR (k:KeptAnswer) ON (k.what);
// Ingestion (docs/ingestion.md): a text is one Source, found again by the SHA-256
// of its text; its proposals are :Candidate nodes (never :Entity) reviewed by source
// and status.
CREATE CONSTRAINT source_sha256 IF NOT EXISTS FOR (s:Source) REQUIRE s.sha256 IS UNIQUE;
CREATE CONSTRAINT candidate_id IF NOT EXISTS FOR (c:Candidate) REQUIRE c.id IS UNIQUE;
CREATE INDEX candidate_source_status IF NOT EXISTS FOR (c:Candidate) ON (c.source, c.status);
CREATE INDEX candidate_status IF NOT EXISTS FOR (c:Candidate) ON (c.status);
