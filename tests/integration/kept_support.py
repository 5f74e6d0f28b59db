"""Reading and planting kept answers the way the service stores them (graphsvc/kept_answers.py), through
the service's own query files: the text in pieces, whatever their number."""

from __future__ import annotations

from neo4j import Driver

from graphsvc.db import cypher_files
from graphsvc.kept_answers import json_pieces
from graphsvc.settings import Settings


def kept_text(driver: Driver, settings: Settings, key: str) -> bytes | None:
    """The done answer's text kept under `key`, its pieces joined; None when none is done."""
    records, _, _ = driver.execute_query(
        cypher_files(settings)["kept_answer_get"], key=key, stale_ms=30_000, first=1_000_000,
        database_=settings.neo4j_database,
    )
    if not records or records[0]["state"] != "done":
        return None
    return "".join(records[0]["first_pieces"]).encode()


def plant_answer(
    driver: Driver, settings: Settings, key: str, what: str, version: str, text: bytes, token: str = "planted",
) -> None:
    """Keep `text` under `key` as another process would (kept_answer_put), in place of what was there."""
    driver.execute_query("MATCH (k:KeptAnswer {key: $key}) DELETE k", key=key, database_=settings.neo4j_database)
    driver.execute_query(
        cypher_files(settings)["kept_answer_put"], key=key, what=what, version=version, token=token,
        worker="planted:1", pieces=json_pieces(text), bytes=len(text), keep=1_000,
        database_=settings.neo4j_database,
    )
