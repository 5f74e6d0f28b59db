"""The W3C Entity Reconciliation API (version 0.2, what OpenRefine speaks) over the graph.

- `spec`: the service's types, properties and limits, in one place;
- `requests`: parsing and checking what clients send (`queries`, `extend`);
- `matching`: scoring candidates, with search's folding and ranking (graph/search.py);
- `extension`: data extension (propose_properties, extend);
- `preview`, `suggest`, `manifest`: the other parts of the protocol;
- `cors`: CORS open for these read-only routes, as the specification requires;
- `csv_file`: `graphsvc reconcile FILE.csv`, for people without OpenRefine.

docs/reconciliation.md explains the scores and how to add the service in OpenRefine.
"""
