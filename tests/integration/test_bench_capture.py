"""The benchmark replays what the service runs: its capture must record every statement of a request.

`python -m benchmarks bench` answers each request in-process first and records the
statements the service ran (benchmarks/bench.py, `RecordingDatabase`), then
sends the same statements to the Query API and the driver. A statement it
missed would make the service look slower than "the same Cypher".
"""

from __future__ import annotations

import asyncio
import itertools

from benchmarks.bench import capture
from graphsvc.db import QueryRegistry
from graphsvc.graph.cooperation.definition import PART_QUERIES
from graphsvc.graph.cooperation.reach_counts import COUNTED_FROM_ARRAYS
from graphsvc.settings import Settings


def test_capture_records_every_statement_of_a_cooperation_and_a_matrix_request(
    settings: Settings, loaded_graph: str
) -> None:
    # a matrix question no other test asks: an answer once computed is kept in Neo4j (graphsvc/kept_answers.py)
    # and would be read rather than computed
    requests = [("/cooperation/state:kazakhstan", {"limit": 5}),
                ("/cooperation/matrix", {"type": "State", "since": "1999-04"})]
    ranking, matrix = asyncio.run(capture(settings, requests))
    assert (ranking.status, matrix.status) == (200, 200)

    def query(name: str) -> str:
        return settings.cypher_dir.joinpath("queries", f"{name}.cypher").read_text()

    def composed(texts: list[str], tail: str, part: str) -> bool:
        """Whether one of `texts` is the tail query with the part query in its `/*part*/` placeholder."""
        opening = query(tail).split("/*part*/")[0]
        return any(text.startswith(opening) and query(part) in text for text in texts)

    texts = [text for text, _ in ranking.statements]
    for name in PART_QUERIES.values():
        if name == PART_QUERIES["shared_event"]:
            # every event two actors can share has a roster, read when the service starts: the shared events
            # are counted from them, and their evidence read by element id, not walked
            assert not composed(texts, "cooperation_tally", name) and not composed(texts, "cooperation_evidence", name)
            for rostered in ("cooperation_event_side", "cooperation_event_evidence"):
                assert any(text.startswith(f"// {rostered}:") for text in texts), rostered
            continue
        if name in (PART_QUERIES[kind] for kind in COUNTED_FROM_ARRAYS):
            # counted from the reach arrays, read when the service starts: not walked for the tallies; the
            # evidence of the partners shown is walked
            assert not composed(texts, "cooperation_tally", name), name
            assert composed(texts, "cooperation_evidence", name), name
            continue
        # ranked from counts (cooperation_tally around each part query), then the evidence of the
        # partners shown (cooperation_evidence around it): each part both ways, as the service ran it
        assert composed(texts, "cooperation_tally", name), name
        assert composed(texts, "cooperation_evidence", name), name
    assert any(params.get("partner_ids") for _, params in ranking.statements)

    matrix_names = ["cooperation_matrix_entities", "cooperation_matrix_holdings", "cooperation_matrix_institutions",
                    "cooperation_matrix_programmes", "cooperation_matrix_direct", "cooperation_matrix_domestic"]
    queries = QueryRegistry(settings.cypher_dir / "queries")
    for name in matrix_names:
        # as sent: without the `// filter:` lines of the unset filters (graphsvc/db.py)
        assert any(text == queries.for_parameters(name, params) for text, params in matrix.statements), name


def test_capture_keeps_the_parameters_each_statement_was_sent_with(settings: Settings, loaded_graph: str) -> None:
    """/paths runs its statement again with the inner entities of the paths found so far excluded;
    each replayed statement must carry the exclusions of its own turn, not the final list."""
    (request,) = asyncio.run(capture(settings, [("/paths", {"from": "state:uzbekistan", "to": "org:turksoy", "k": 5})]))
    assert request.status == 200
    turns = [(text, params["exclude"]) for text, params in request.statements if "exclude" in params]
    excluded = [exclude or [] for _, exclude in turns]
    assert len(excluded) >= 2  # several turns, or this test shows nothing
    assert turns[0][1] is None and excluded[-1]
    assert all(len(earlier) <= len(later) for earlier, later in itertools.pairwise(excluded))
    # the text captured is the one sent: the first turn's without the exclusion filter (db.py, `// filter:`)
    assert "// filter: $exclude" not in turns[0][0] and "// filter: $exclude" in turns[-1][0]
