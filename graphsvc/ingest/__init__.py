"""Ingestion: from a new text to candidate facts for a curator to review.

The pipeline (`pipeline.analyse`) is a library that touches no database:
intake (plain text, HTML, PDF to text) -> paragraphs and sentences with
offsets -> gazetteer mentions of the graph's entities -> proposed new
entities (`pipeline`) and relationship candidates (`relations`), each a
`candidates.Candidate` with its rule, a verbatim excerpt, a locator and a
confidence. `store` keeps a text as a Source and
its candidates as :Candidate nodes; accepting one goes through the curation
write path. docs/ingestion.md describes the rules and their measured quality.
"""
