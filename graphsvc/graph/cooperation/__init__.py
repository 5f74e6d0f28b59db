"""Who cooperates with whom: the cooperation score, its parts, its evidence and its timeline.

- definition.py: the score (kinds, weights, grades, how a part and a pair are
  scored). Everything below derives from it; docs/cooperation-scoring.md
  explains it.
- gathering.py: the part queries (cypher/queries/cooperation_<kind>.cypher),
  as facts or as tallies per partner.
- ranking.py: GET /cooperation/{id}, the partners ranked with their evidence.
- matrix.py: GET /cooperation/matrix, every pair among the states (or organisations);
  matrix_counts.py pairs them up (numpy: imported only for a matrix).
- timeline.py: GET /cooperation/{id}/timeline, the dated facts per year and kind.

Background work and kept answers are not the domain's: see
graphsvc/cooperation_service.py.
"""
