// 08 Agreements and their parties, with dates
// Answers: every agreement, treaty or strategy: when it dates from, who is party to it,
// who signed it, where it was signed and who adopted it.
// Parameters: none.
// Example: (no :param needed)
MATCH (a:Agreement)
OPTIONAL MATCH (party:Entity)-[pt:PARTY_TO]->(a)
OPTIONAL MATCH (signer:Person)-[:SIGNED]->(a)
OPTIONAL MATCH (a)-[:SIGNED_IN]->(place:Entity)
OPTIONAL MATCH (adopter:Entity)-[:ADOPTED]->(a)
WITH a, min(pt.start) AS first_party_date, collect(DISTINCT party.name) AS parties,
     collect(DISTINCT signer.name) AS signed_by, collect(DISTINCT place.name) AS signed_in,
     collect(DISTINCT adopter.name) AS adopted_by
RETURN a.name AS agreement, a.kind AS kind, coalesce(a.start, first_party_date) AS dated,
       parties, signed_by, signed_in, adopted_by
ORDER BY dated, agreement
