"""Leaving out the `// filter: $name` lines of unset filters changes no answer.

The service sends each named query without the filter lines its null or false
parameters make true for every row (graphsvc/db.py). Here the whole statement,
as it runs in Neo4j Browser, and the shortened one the service sends answer
the same rows on the seed, for filter combinations drawn at random, for every
query that has such lines.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from neo4j import Driver

from graphsvc.db import QueryRegistry
from graphsvc.settings import Settings
from graphsvc.vocabulary import ENTITY_TYPES, RELATIONSHIP_TYPES, SECTORS

QUERIES = QueryRegistry(Settings().cypher_dir / "queries")
PAIRS = [
    ("state:uzbekistan", "org:turksoy"),
    ("state:kazakhstan", "state:turkiye"),
    ("state:uzbekistan", "state:kazakhstan"),
    ("state:azerbaijan", "org:turkic-academy"),
    ("state:kyrgyzstan", "org:yunus-emre-institute"),
]
DATES = ["1991-12-16", "2000-01-01", "2009-10-03", "2015-06-30", "2021-11-12", None]


def random_filters(rng: random.Random) -> dict[str, Any]:
    def some(values: tuple[str, ...] | list[str]) -> list[str] | None:
        return rng.sample(list(values), rng.randint(1, len(values) - 1)) if rng.random() < 0.4 else None

    return {
        "types": some(ENTITY_TYPES),
        "rel_types": some(list(RELATIONSHIP_TYPES)),
        "sectors": some(SECTORS),
        "window_from": rng.choice(DATES),
        "window_to": rng.choice(DATES),
    }


def rows(driver: Driver, settings: Settings, text: str, parameters: dict[str, Any]) -> list[str]:
    records, _, _ = driver.execute_query(text, parameters, database_=settings.neo4j_database)
    # keys sorted: a map's key order is not part of Cypher's answer (it can change with the plan)
    return sorted(json.dumps(record.data(), sort_keys=True, default=str, ensure_ascii=False) for record in records)


def test_the_seed_has_the_pairs(driver: Driver, settings: Settings, loaded_graph: str) -> None:
    ids = [entity for pair in PAIRS for entity in pair]
    records, _, _ = driver.execute_query("MATCH (e:Entity) WHERE e.id IN $ids RETURN count(e) AS n",
                                         {"ids": ids}, database_=settings.neo4j_database)
    assert records[0]["n"] == len(set(ids))


@pytest.mark.parametrize("seed", range(6))
def test_shortest_paths_answer_the_same_without_the_unset_filter_lines(
    driver: Driver, settings: Settings, loaded_graph: str, seed: int
) -> None:
    rng = random.Random(seed)
    full = QUERIES["shortest_paths"].replace("/*max_hops*/", "4")
    compared = found = 0
    for source, target in PAIRS:
        for _ in range(6):
            parameters = {"from": source, "to": target, **random_filters(rng), "skip_direct": rng.random() < 0.3,
                          "exclude": None, "fetch": 1000}
            if rng.random() < 0.5:
                # entities left out, as in the service's later rounds (an end in the list is not left out)
                parameters["exclude"] = rng.sample(["org:ots", "state:turkiye", "org:turksoy", "org:tika"], 2)
            shortened = QUERIES.for_parameters("shortest_paths", parameters).replace("/*max_hops*/", "4")
            expected = rows(driver, settings, full, parameters)
            assert rows(driver, settings, shortened, parameters) == expected, parameters
            compared += 1
            found += bool(expected)
    assert compared == 30 and found > 0


NEIGHBOURHOOD_CENTRES = ["state:uzbekistan", "org:turksoy", "org:ots", "state:turkiye", "org:yunus-emre-institute"]


def neighbourhood_parameters(rng: random.Random, driver: Driver, settings: Settings) -> dict[str, Any]:
    centre = rng.choice(NEIGHBOURHOOD_CENTRES)
    return {"frontier": [centre], "seen": [centre], "scan_cap": 10_000, "per_node": 201, "limit": 200,
            **random_filters(rng)}


def edges_parameters(rng: random.Random, driver: Driver, settings: Settings) -> dict[str, Any]:
    centre = rng.choice(NEIGHBOURHOOD_CENTRES)
    records, _, _ = driver.execute_query("MATCH (:Entity {id: $id})--(m:Entity) RETURN collect(DISTINCT m.id) AS ids",
                                         {"id": centre}, database_=settings.neo4j_database)
    return {"ids": [centre, *records[0]["ids"]], "seek_from_hubs": rng.random() < 0.5, "limit": 5000,
            **random_filters(rng)}


@pytest.mark.parametrize(("name", "parameters"), [("neighbourhood_level", neighbourhood_parameters),
                                                  ("edges_among", edges_parameters)])
def test_neighbourhood_statements_answer_the_same_without_the_unset_filter_lines(
    driver: Driver, settings: Settings, loaded_graph: str, name: str, parameters: Any
) -> None:
    rng = random.Random(name)
    found = 0
    for _ in range(40):
        given = parameters(rng, driver, settings)
        expected = rows(driver, settings, QUERIES[name], given)
        assert rows(driver, settings, QUERIES.for_parameters(name, given), given) == expected, given
        found += expected != [json.dumps({"neighbours": []})] and expected != [json.dumps({"edges": []})]
    assert found > 10


MATRIX_STATEMENTS = ["cooperation_matrix_holdings", "cooperation_matrix_institutions", "cooperation_matrix_programmes",
                     "cooperation_matrix_direct"]


@pytest.mark.parametrize("type_", ["State", "Organisation"])
def test_matrix_statements_count_the_same_without_the_unset_filter_lines(
    driver: Driver, settings: Settings, loaded_graph: str, type_: str
) -> None:
    # compared as the matrix counts them: the order of a collected list is not part of the answer
    from graphsvc.graph.cooperation.matrix_counts import (
        direct_link_matrix,
        holding_matrices,
        operates_in_matrix,
        programme_matrix,
    )

    def counted(texts: dict[str, str], parameters: dict[str, Any]) -> dict[str, list[list[float]]]:
        found = {name: driver.execute_query(text, parameters, database_=settings.neo4j_database)[0][0]["rows"]
                 for name, text in texts.items()}
        matrices = {**holding_matrices(ids, found["cooperation_matrix_holdings"]),
                    "operates_in": operates_in_matrix(ids, found["cooperation_matrix_institutions"]),
                    "programme": programme_matrix(ids, found["cooperation_matrix_programmes"]),
                    "direct_link": direct_link_matrix(ids, found["cooperation_matrix_direct"])}
        return {kind: matrix.tolist() for kind, matrix in matrices.items()}

    records, _, _ = driver.execute_query(f"MATCH (n:{type_}) RETURN collect(n.id) AS ids",
                                         database_=settings.neo4j_database)
    ids = sorted(records[0]["ids"])
    rng = random.Random(type_)
    scored = 0
    for _ in range(12):
        drawn = random_filters(rng)
        parameters = {"ids": ids, "sectors": drawn["sectors"], "window_from": drawn["window_from"],
                      "window_to": drawn["window_to"]}
        expected = counted({name: QUERIES[name] for name in MATRIX_STATEMENTS}, parameters)
        shortened = {name: QUERIES.for_parameters(name, parameters) for name in MATRIX_STATEMENTS}
        assert counted(shortened, parameters) == expected, parameters
        scored += sum(any(any(row) for row in matrix) for matrix in expected.values())
    assert scored > 12


def test_every_query_with_filter_lines_is_compared_here() -> None:
    marked = {name for name in QUERIES.names() if QUERIES.optional_filters(name)}
    assert marked == {"shortest_paths", "neighbourhood_level", "edges_among", *MATRIX_STATEMENTS}
