"""GET /cooperation/matrix: the score of every pair among the entities of one type.

The same score as /cooperation/{id} (definition.py), reached another way:
walking from every entity to every partner does not finish on large graphs,
so what each entity holds (memberships, agreements, events) and reaches
(institutions abroad, programmes) is read once per entity and paired up here
as sparse matrix products (scipy); direct links are their part query among
these entities, tallied per pair by Neo4j (cooperation_tally).
tests/integration/test_cooperation_parity.py checks every cell against the ranking.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Final

from graphsvc.db import Database
from graphsvc.errors import invalid_parameter
from graphsvc.graph.cooperation.definition import (
    GRADE_FACTORS,
    MATRIX_TYPES,
    PART_QUERIES,
    filter_parameters,
)
from graphsvc.graph.cooperation.gathering import one_string_per_id
from graphsvc.graph.filters import GraphFilters
from graphsvc.graph.shapes import entity_shape

if TYPE_CHECKING:
    import numpy as np


def parse_matrix_type(raw: str) -> str:
    by_lower = {t.lower(): t for t in MATRIX_TYPES}
    value = by_lower.get(raw.strip().lower())
    if value is None:
        raise invalid_parameter("type", f"'{raw[:80]}' is not one of: {', '.join(MATRIX_TYPES)}")
    return value


# Statements run at once: the matrix's reads are independent, and Neo4j runs two
# reads on two cores; more would only queue on a small server.
_CONCURRENT_STATEMENTS: Final[int] = 2


async def cooperation_matrix(
    db: Database, type_: str, filters: GraphFilters, max_entities: int, *, query_timeout: float | None = None
) -> dict[str, Any]:
    """GET /cooperation/matrix: pairwise scores among the entities of one type.

    At most `max_entities` entities (the most connected ones) so that the
    answer stays computable and readable; `truncated` says when some were left out.
    Each query gets `query_timeout` seconds (default: the per-query limit).
    """
    # numpy and scipy only where a matrix is computed (matrix_counts.py says why)
    from graphsvc.graph.cooperation.matrix_counts import (
        TALLIED_KINDS,
        holding_matrices,
        reach_matrices,
        score_matrix,
        tally_matrix,
    )

    if type_ not in MATRIX_TYPES:  # the router parses; a second guard for other callers
        raise invalid_parameter("type", f"'{type_}' is not one of: {', '.join(MATRIX_TYPES)}")
    rows = await db.read("cooperation_matrix_entities", {"type": type_, "max_entities": max_entities},
                         timeout=query_timeout)
    total = rows[0]["total"] if rows else 0
    entities = [entity_shape(row["props"], row["type"]) for row in rows if row["props"] is not None]
    entities.sort(key=lambda e: (e["name"].casefold(), e["id"]))
    ids = [e["id"] for e in entities]
    truncated = total > len(ids)
    if not ids:
        return {"entities": [], "scores": [], "total": total, "truncated": False}
    # Memberships, agreements, events, institutions abroad and programmes: what
    # each entity holds or reaches, read once per entity and paired up here
    # (walking from every entity to every partner does not finish on large
    # graphs); direct links: their part query, tallied per pair by Neo4j.
    parameters = {"ids": ids, **filter_parameters(filters)}
    tally_parameters = {
        **parameters, "partner_types": [type_], "partner_ids": ids if truncated else None, "with_evidence": False,
        "grade_factors": GRADE_FACTORS,
    }
    running = asyncio.Semaphore(_CONCURRENT_STATEMENTS)

    async def lists_of_ids(name: str) -> list[dict[str, Any]]:
        async with running:
            return await db.read_each(name, parameters, one_string_per_id, timeout=query_timeout)

    async def holdings() -> dict[str, np.ndarray]:
        return holding_matrices(ids, await lists_of_ids("cooperation_matrix_holdings"))

    async def tallied(kind: str) -> dict[str, np.ndarray]:
        async with running:
            # the part query's text, from the registry, fills cooperation_tally's /*part*/ placeholder
            rows = await db.read("cooperation_tally", tally_parameters, timeout=query_timeout,
                                 part=db.text(PART_QUERIES[kind], tally_parameters))
        return {kind: tally_matrix(ids, rows[0]["tallies"])}

    async def domestic() -> list[dict[str, Any]]:
        async with running:
            return await db.read("cooperation_matrix_domestic", {"ids": ids}, timeout=query_timeout)

    async def reached() -> dict[str, np.ndarray]:
        institutions, programmes, domestic_pairs = await asyncio.gather(
            lists_of_ids("cooperation_matrix_institutions"), lists_of_ids("cooperation_matrix_programmes"), domestic()
        )
        return reach_matrices(ids, institutions, programmes, domestic_pairs)

    # the longest statements first; each part's rows are paired up as soon as they arrive
    n_by_kind: dict[str, np.ndarray] = {}
    for matrices in await asyncio.gather(holdings(), reached(), *(tallied(kind) for kind in TALLIED_KINDS)):
        n_by_kind.update(matrices)
    return {"entities": entities, "scores": score_matrix(ids, n_by_kind), "total": total, "truncated": truncated}
