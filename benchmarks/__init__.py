"""The project's benchmark tooling, kept out of the service's package `graphsvc`.

- `benchmarks.synth`: synthetic graphs of the curated graph's model, loaded into a
  Neo4j instance of their own;
- `benchmarks.bench`: every route measured through the service, Neo4j's Query API
  and the raw driver;
- `benchmarks.report`: BENCHMARKS.md rendered from the results files in this folder.

Run as `python -m benchmarks synth|bench|report` (see `benchmarks/__main__.py`).
"""
