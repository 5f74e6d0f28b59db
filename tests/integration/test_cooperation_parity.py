"""The matrix and the ranking are one score: every cell equals the ranked partner's score.

/cooperation/matrix pairs up what entities hold and reach (matrix.py);
/cooperation/{id} counts shared things per partner in Neo4j (ranking.py).
Both score through graphsvc/graph/cooperation/definition.py. Here, on the
seed in the real Neo4j, for every state and every organisation, every other
entity of its type and every filter set the cooperation tests use: the cell
is the score the actor's ranking gives that partner (0 where it has none).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from graphsvc.db import Database, QueryRegistry, connection_info
from graphsvc.graph.cooperation.definition import ACTOR_TYPES, MATRIX_TYPES
from graphsvc.graph.cooperation.tallies import tally_shared_things
from graphsvc.graph.cooperation.matrix import cooperation_matrix
from graphsvc.graph.cooperation.ranking import top_partners
from graphsvc.graph.filters import GraphFilters, graph_filters
from graphsvc.settings import Settings

# Every sector and time filter tests/integration/test_cooperation.py (and this file) asks for.
FILTER_SETS: list[dict[str, str | None]] = [
    {},
    {"sectors": "education"},
    {"sectors": "politics"},
    {"sectors": "education,politics"},
    {"sectors": "education,culture"},
    {"sectors": "trade"},
    {"sectors": "space"},
    {"since": "2001"},
    {"since": "2019", "until": "2022"},
    {"since": "2020"},
    {"until": "2018"},
    {"until": "2019"},
    {"until": "2022-12-21"},
    {"until": "2022-12-22"},
    {"since": "2021", "until": "2021"},
    {"since": "2021", "until": "2021-12-04"},
    {"since": "1900", "until": "1900"},
    {"sectors": "education", "since": "2020"},
]


def filters_of(spec: dict[str, str | None]) -> GraphFilters:
    return graph_filters(sectors=spec.get("sectors"), since=spec.get("since"), until=spec.get("until"))


async def ranked_scores(db: Database, actor_id: str, filters: GraphFilters) -> dict[str, float]:
    """Partner id -> score, as GET /cooperation/{actor_id} ranks every partner (no limit)."""
    counts, _ = await tally_shared_things(db, actor_id, filters, partner_types=list(ACTOR_TYPES))
    ranked, total = top_partners(actor_id, counts, max(1, len(counts)))
    assert len(ranked) == total
    return {partner["id"]: partner["score"] for partner in ranked}


async def compare_all(settings: Settings) -> dict[str, Any]:
    # room for a cold server's first plans on a loaded machine: this checks answers, not speed
    settings = settings.model_copy(update={"query_timeout": 120.0})
    db = Database(connection_info(settings), QueryRegistry(settings.cypher_dir / "queries"), settings)
    cells = nonzero = 0
    mismatches: list[tuple[Any, ...]] = []
    try:
        for type_ in MATRIX_TYPES:
            for spec in FILTER_SETS:
                filters = filters_of(spec)
                matrix = await cooperation_matrix(db, type_, filters, settings.max_matrix_entities)
                assert matrix["truncated"] is False, "the seed's entities all fit: the check covers every pair"
                ids = [entity["id"] for entity in matrix["entities"]]
                for row, actor_id in enumerate(ids):
                    scores = await ranked_scores(db, actor_id, filters)
                    for column, partner_id in enumerate(ids):
                        if partner_id == actor_id:
                            continue
                        cells += 1
                        cell = matrix["scores"][row][column]
                        nonzero += cell > 0
                        if cell != scores.get(partner_id, 0.0):
                            mismatches.append((type_, spec, actor_id, partner_id, cell, scores.get(partner_id)))
    finally:
        await db.close()
    return {"cells": cells, "nonzero": nonzero, "mismatches": mismatches}


@pytest.mark.timeout(900)
def test_every_matrix_cell_is_the_ranked_score_for_every_pair_and_filter_set(
    settings: Settings, loaded_graph: str
) -> None:
    found = asyncio.run(compare_all(settings))
    assert found["mismatches"] == [], found["mismatches"][:20]
    # every pair of the seed's states and organisations, under every filter set: thousands of cells, many scored
    assert found["cells"] >= 2 * len(FILTER_SETS) * 20 * 19
    assert found["nonzero"] >= 500  # 790 of them scored when written


async def compare_truncated(settings: Settings, max_entities: int) -> dict[str, Any]:
    settings = settings.model_copy(update={"query_timeout": 120.0})
    db = Database(connection_info(settings), QueryRegistry(settings.cypher_dir / "queries"), settings)
    cells = 0
    mismatches: list[tuple[Any, ...]] = []
    try:
        for type_ in MATRIX_TYPES:
            for spec in ({}, {"sectors": "education,politics"}, {"since": "2019", "until": "2022"}):
                filters = filters_of(spec)
                matrix = await cooperation_matrix(db, type_, filters, max_entities)
                assert matrix["truncated"] is True and len(matrix["entities"]) == max_entities
                ids = [entity["id"] for entity in matrix["entities"]]
                for row, actor_id in enumerate(ids):
                    scores = await ranked_scores(db, actor_id, filters)
                    for column, partner_id in enumerate(ids):
                        if partner_id != actor_id:
                            cells += 1
                            if matrix["scores"][row][column] != scores.get(partner_id, 0.0):
                                mismatches.append((type_, spec, actor_id, partner_id, matrix["scores"][row][column],
                                                   scores.get(partner_id)))
    finally:
        await db.close()
    return {"cells": cells, "mismatches": mismatches}


@pytest.mark.timeout(600)
def test_a_truncated_matrix_scores_its_pairs_as_the_ranking_does(settings: Settings, loaded_graph: str) -> None:
    # the matrix's entities are then only some of their type: what they share with the others is left out
    found = asyncio.run(compare_truncated(settings, 6))
    assert found["mismatches"] == [], found["mismatches"][:20]
    assert found["cells"] == 2 * 3 * 6 * 5
