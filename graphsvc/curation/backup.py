"""`graphsvc backup FILE` / `graphsvc restore FILE`: the whole graph in one file.

The file is gzip-compressed JSON lines: a header line, then one line per node
(labels and properties: sources, entities, audit entries, GraphMeta), then
one per relationship (type, the ids of its two entities, properties), each
group sorted, so the same graph always gives the same lines. A restore
replaces everything in the database in one write transaction: it lands
whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from neo4j import Driver, GraphDatabase, ManagedTransaction

from graphsvc.curation.loader import apply_schema
from graphsvc.db import connection_info, cypher_files
from graphsvc.settings import Settings

FORMAT = "graphsvc-backup"
FORMAT_VERSION = 1
BATCH_SIZE = 1000


class BackupError(Exception):
    pass


def _query(settings: Settings, name: str) -> str:
    return cypher_files(settings)[name]


def _plain(value: Any, where: str) -> Any:
    """Property values as JSON keeps them exactly (Neo4j temporal or spatial values do not)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list):
        return [_plain(v, where) for v in value]
    raise BackupError(f"{where}: a {type(value).__name__} property; backups hold strings, numbers, booleans, lists")


def read_graph(driver: Driver, settings: Settings, database: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every node and relationship, as sorted plain maps."""
    node_records, _, _ = driver.execute_query(_query(settings, "backup_nodes"), database_=database)  # type: ignore[arg-type]
    rel_records, _, _ = driver.execute_query(_query(settings, "backup_relationships"), database_=database)  # type: ignore[arg-type]
    nodes = []
    for record in node_records:
        props = record["props"]
        if "id" not in props:
            raise BackupError(f"a node labelled {':'.join(record['labels'])} has no id; it could not be restored")
        nodes.append({"labels": sorted(record["labels"]),
                      "props": {k: _plain(v, props["id"]) for k, v in sorted(props.items())}})
    relationships = []
    for record in rel_records:
        if not record["between_entities"]:
            raise BackupError(
                f"a {record['type']} relationship joins {record['from']} and {record['to']}, which are not both "
                "entities; the backup format holds relationships between entities only"
            )
        props = record["props"]
        where = props.get("id", record["type"])
        relationships.append({"type": record["type"], "from": record["from"], "to": record["to"],
                              "props": {k: _plain(v, where) for k, v in sorted(props.items())}})
    nodes.sort(key=lambda n: (n["labels"], n["props"]["id"]))
    relationships.sort(key=lambda r: (r["type"], r["from"], r["to"], str(r["props"].get("id", "")),
                                      json.dumps(r["props"], sort_keys=True)))
    return nodes, relationships


def backup_lines(nodes: list[dict[str, Any]], relationships: list[dict[str, Any]]) -> Iterator[str]:
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "nodes": len(nodes),
        "relationships": len(relationships),
    }
    yield json.dumps(header, ensure_ascii=False)
    for node in nodes:
        yield json.dumps({"node": node}, ensure_ascii=False, sort_keys=True)
    for rel in relationships:
        yield json.dumps({"relationship": rel}, ensure_ascii=False, sort_keys=True)


def write_backup(driver: Driver, settings: Settings, database: str, path: Path) -> dict[str, int]:
    nodes, relationships = read_graph(driver, settings, database)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".partial")
    with gzip.open(temporary, "wt", encoding="utf-8") as out:
        for line in backup_lines(nodes, relationships):
            out.write(line + "\n")
    temporary.replace(path)  # a crash never leaves a half-written backup under the real name
    return {"nodes": len(nodes), "relationships": len(relationships)}


def read_backup(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The header, nodes and relationships of a backup file (checked, not trusted)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            header = json.loads(next(lines, "null") or "null")
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise BackupError(f"{path} is not a graphsvc backup")
            if header.get("format_version") != FORMAT_VERSION:
                raise BackupError(f"{path}: backup format version {header.get('format_version')} is not supported")
            nodes, relationships = [], []
            for number, line in enumerate(lines, start=2):
                item = json.loads(line)
                if "node" in item:
                    nodes.append(item["node"])
                elif "relationship" in item:
                    relationships.append(item["relationship"])
                else:
                    raise BackupError(f"{path}:{number}: neither a node nor a relationship")
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackupError(f"{path}: cannot read the backup: {exc}") from exc
    if (len(nodes), len(relationships)) != (header.get("nodes"), header.get("relationships")):
        raise BackupError(
            f"{path}: holds {len(nodes)} nodes and {len(relationships)} relationships, the header says "
            f"{header.get('nodes')} and {header.get('relationships')}: the file is truncated"
        )
    return header, nodes, relationships


def restore(driver: Driver, settings: Settings, database: str, path: Path) -> dict[str, int]:
    """Replace the whole database with the backup, in one transaction."""
    _, nodes, relationships = read_backup(path)
    apply_schema(driver, settings, database)

    def work(tx: ManagedTransaction) -> dict[str, int]:
        deleted = tx.run(_query(settings, "restore_wipe")).single(strict=True)["deleted"]
        created_nodes = created_relationships = 0
        for index in range(0, len(nodes), BATCH_SIZE):
            batch = nodes[index : index + BATCH_SIZE]
            created_nodes += tx.run(_query(settings, "restore_nodes"), rows=batch).single(strict=True)["created"]
        for index in range(0, len(relationships), BATCH_SIZE):
            batch = relationships[index : index + BATCH_SIZE]
            created_relationships += tx.run(
                _query(settings, "restore_relationships"), rows=batch
            ).single(strict=True)["created"]
        if created_relationships != len(relationships):
            # An end missing from the file: roll everything back.
            raise BackupError(
                f"restored {created_relationships} of {len(relationships)} relationships; "
                "the backup names entities it does not hold"
            )
        return {"replaced": deleted, "nodes": created_nodes, "relationships": created_relationships}

    with driver.session(database=database) as session:
        return session.execute_write(work)


def _driver(settings: Settings) -> tuple[Driver, str]:
    info = connection_info(settings)
    return GraphDatabase.driver(info.uri, auth=(info.user, info.password)), info.database


def backup_command(settings: Settings, path: Path) -> int:
    driver, database = _driver(settings)
    try:
        with driver:
            counts = write_backup(driver, settings, database, path)
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"backed up {counts['nodes']} nodes and {counts['relationships']} relationships to {path}")
    return 0


def restore_command(settings: Settings, path: Path, assume_yes: bool) -> int:
    if not assume_yes:
        answer = input(f"Replace everything in the database with {path}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("not restored")
            return 1
    driver, database = _driver(settings)
    try:
        with driver:
            counts = restore(driver, settings, database, path)
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"restored {counts['nodes']} nodes and {counts['relationships']} relationships from {path} "
        f"(replacing {counts['replaced']} nodes)"
    )
    return 0
