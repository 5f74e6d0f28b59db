"""Synthetic graphs for benchmarks: `python -m benchmarks synth --relationships N [--seed S]`.

The synthetic graph has the same model as the curated one (docs/data-model.md):
`:Entity` plus one type label, ids with their type prefix, names, aliases in
Latin and Cyrillic, `kind`, `search_keys`, `start`/`end` and the `t_from`/`t_to`
bounds the loader computes, sectors and relationship types from the
vocabulary between plausible ends (a State is a MEMBER_OF an Organisation, a
Person HOLDS_POSITION in one, a Programme BENEFITS a State, ...), citations as
parallel lists pointing at synthetic `:Source` nodes, and a `tier`. Degrees
are heavy-tailed: the ends of each relationship type are drawn from a Zipf
law over the candidates, so a few hubs (large organisations, big states,
summits) gather most links and most institutions have a handful.

Everything carries `origin: 'synth'` and is deterministic for a given
`--relationships` and `--seed`. It is written into its own local Neo4j
instance (default `bench`, its own ports and data folder), never into the
curated graph's: Neo4j Community has a single user database, so a separate
instance is the separate database. The instance's database is emptied first.

Two load methods (`--method`, GRAPHSVC_BENCH_LOAD_METHOD):

- `unwind` (default): CREATE in batched `UNWIND` transactions (one transaction
  per batch, two loaders in parallel), with the constraint indexes in place.
- `import`: the graph is written as CSV files into a temporary folder under
  the instance's home, the instance is stopped, Neo4j's offline bulk importer
  (`neo4j-admin database import full`) builds the store from them, and the
  instance is started again. The importer cannot store an empty list, nor
  tell [''] from it: [''] is written as one space that its --trim-strings
  turns back into '' (`_csv_list`), and the entities' empty lists are set by
  a Cypher pass after the import (cypher/load/synth_import_empty_lists.cypher).
  Its rate counts the CSV write and the importer, not the restart, that pass
  or the indexes, which `python -m benchmarks synth` prints apart.

Either way the schema (constraints, indexes, full-text index) is applied
after the bulk load and the graph version is set last; both methods produce
the same graph (tests/integration/test_synth.py compares them).
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import itertools
import multiprocessing
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import Driver, GraphDatabase, ManagedTransaction
from pydantic_settings import BaseSettings, SettingsConfigDict
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from graphsvc.curation.loader import apply_schema, cypher, time_bounds
from graphsvc.local_neo4j import LocalNeo4j, LocalNeo4jError
from graphsvc.graph.text import search_keys
from graphsvc.settings import Settings
from graphsvc.vocabulary import ID_PREFIXES, POINT_IN_TIME_TYPES, RELATIONSHIP_TYPES, SECTORS, SYMMETRIC_TYPES

ORIGIN = "synth"
SCALES: dict[str, int] = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
LOAD_METHODS: tuple[str, ...] = ("unwind", "import")


class BenchSettings(BaseSettings):
    """The benchmark's own local Neo4j instance (GRAPHSVC_BENCH_* in the environment)."""

    model_config = SettingsConfigDict(env_prefix="GRAPHSVC_BENCH_", extra="ignore")

    instance: str = "bench"
    bolt_port: int = 17761
    http_port: int = 17762
    heap: str = "2g"
    pagecache: str = "2g"
    batch_size: int = 10_000
    loaders: int = 2
    load_method: str = "unwind"  # or "import" (neo4j-admin database import full)


def parse_scale(text: str) -> int:
    """`10k`, `100k`, `1m`, `250000` -> a number of relationships."""
    raw = text.strip().lower().replace("_", "")
    if raw in SCALES:
        return SCALES[raw]
    for suffix, factor in (("k", 1_000), ("m", 1_000_000)):
        if raw.endswith(suffix) and raw[:-1].isdigit():
            return int(raw[:-1]) * factor
    if raw.isdigit():
        return int(raw)
    raise ValueError(f"'{text}' is not a number of relationships (e.g. 10k, 100k, 1m, 25000)")


def scale_label(n: int) -> str:
    for label, value in SCALES.items():
        if value == n:
            return label
    return str(n)


# -- what the graph looks like ------------------------------------------------
# Share of the non-State nodes per type, and the kinds each type takes (the
# first kinds go to the biggest hubs).
NODE_SHARES: dict[str, float] = {
    "Organisation": 0.38,
    "Person": 0.22,
    "Event": 0.16,
    "Place": 0.10,
    "Agreement": 0.08,
    "Programme": 0.06,
}
KINDS: dict[str, tuple[str, ...]] = {
    "State": ("sovereign_state",),
    "Organisation": ("intergovernmental_organisation", "ministry", "state_agency", "university",
                     "research_institute", "cultural_centre", "theatre", "union", "news_agency", "museum"),
    "Person": ("head_of_state", "official", "diplomat", "academic", "writer", "student"),
    "Event": ("summit", "meeting", "state_visit", "exhibition", "festival", "concert", "conference"),
    "Place": ("city", "region"),
    "Agreement": ("treaty", "intergovernmental_agreement", "memorandum", "strategy", "declaration"),
    "Programme": ("scholarship", "exchange", "language_course", "textbook_project", "training_programme"),
}
_KIND_WORDS: dict[str, str] = {
    "intergovernmental_organisation": "Council", "ministry": "Ministry of Culture", "state_agency": "Agency",
    "university": "State University", "research_institute": "Institute of Turkic Studies",
    "cultural_centre": "Cultural Centre", "theatre": "Drama Theatre", "union": "Writers' Union",
    "news_agency": "News Agency", "museum": "Museum", "summit": "Summit", "meeting": "Ministerial Meeting",
    "state_visit": "State Visit", "exhibition": "Exhibition", "festival": "Festival", "concert": "Gala Concert",
    "conference": "Conference", "treaty": "Treaty of Friendship", "intergovernmental_agreement": "Agreement",
    "memorandum": "Memorandum of Understanding", "strategy": "Vision", "declaration": "Declaration",
    "scholarship": "Scholarship", "exchange": "Student Exchange", "language_course": "Language Course",
    "textbook_project": "Common Textbook", "training_programme": "Training Programme",
}

# (relationship type, from type, to type, weight). Ends are plausible for the type.
TEMPLATES: tuple[tuple[str, str, str, float], ...] = (
    ("MEMBER_OF", "State", "Organisation", 5),
    ("MEMBER_OF", "Organisation", "Organisation", 4),
    ("OBSERVER_OF", "State", "Organisation", 1),
    ("HOLDS_POSITION", "Person", "Organisation", 7),
    ("HOLDS_POSITION", "Person", "State", 2),
    ("AFFILIATED_WITH", "Person", "Organisation", 6),
    ("OPERATES_IN", "Organisation", "State", 6),
    ("OPERATES_IN", "Organisation", "Place", 2),
    ("LOCATED_IN", "Organisation", "Place", 6),
    ("LOCATED_IN", "Event", "Place", 5),
    ("LOCATED_IN", "Place", "State", 3),
    ("BENEFITS", "Programme", "State", 4),
    ("BENEFITS", "Programme", "Organisation", 2),
    ("RUNS", "Organisation", "Programme", 4),
    ("PARTY_TO", "State", "Agreement", 5),
    ("PARTY_TO", "Organisation", "Agreement", 3),
    ("SIGNED", "Person", "Agreement", 2),
    ("ADOPTED", "Organisation", "Agreement", 1),
    ("PARTICIPATED_IN", "State", "Event", 5),
    ("PARTICIPATED_IN", "Organisation", "Event", 5),
    ("PARTICIPATED_IN", "Person", "Event", 6),
    ("ORGANISED", "Organisation", "Event", 3),
    ("COOPERATES_WITH", "Organisation", "Organisation", 6),
    ("COOPERATES_WITH", "State", "State", 1),
    ("FOUNDED", "State", "Organisation", 1),
    ("ESTABLISHED_BY", "Organisation", "State", 1),
    ("PART_OF", "Organisation", "Organisation", 2),
    ("FUNDS", "State", "Programme", 1),
    ("SUPPORTS", "Organisation", "Event", 1),
    ("TRADES_WITH", "State", "State", 1),
    ("VISITED", "Person", "State", 1),
    ("DESIGNATED", "Organisation", "Place", 1),
)
# Types of which each node has at most one, whatever the template draws: a
# city lies in one state, an organisation has one seat, an event one venue
# (branches abroad are OPERATES_IN), a theatre is part of one ministry. Hubs
# gather many children, not many parents. Drawn freely, a hub place lay in 68
# states, every state's territory held tens of thousands of the same
# organisations, and the hub organisations were parts of one another many
# times over (7.6 million ownership chains of up to 3 steps above the
# organisations one programme benefits): a graph no source describes.
ONE_PER_NODE: frozenset[str] = frozenset({"LOCATED_IN", "PART_OF"})

# Bumped when the same (relationships, seed) makes a different graph, so a
# loaded graph of an older generator is reloaded, not benchmarked as if new.
GENERATOR_VERSION = 2

# Zipf exponents: the "to" end gathers hubs (big organisations, summits,
# states); the "from" end is flatter (many small institutions and people).
ALPHA_TO = 1.05
ALPHA_FROM = 0.6

_SECTORS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "TRADES_WITH": ("trade", "economy", "energy", "transport"),
    "HOLDS_POSITION": ("politics", "diplomacy", "education", "culture"),
    "PARTY_TO": ("politics", "diplomacy", "economy", "culture", "education", "energy"),
}
_COMMON_SECTORS = ("culture", "education", "culture", "education", "science", "language", "heritage", "arts",
                   "literature", "media", "tourism", "youth", "diplomacy", "politics", "economy", "space")
_ROLES = ("participant", "participant", "participant", "host", "organiser", "guest", "speaker")
_TITLES = ("Secretary General", "Director", "Rector", "Minister", "Ambassador", "Chair", "Professor")
_VERBS: dict[str, str] = {t: t.lower().replace("_", " ") for t in RELATIONSHIP_TYPES}

_SYLLABLES = ("al", "tyn", "kar", "a", "su", "bek", "tur", "kis", "tan", "or", "du", "bay", "kul", "te", "mir",
              "ya", "sar", "kum", "ak", "say", "han", "ay", "gul", "er", "zhan", "nur", "bul", "sha", "mas",
              "ur", "gen", "ka", "zy", "ko", "ly", "os", "ba", "tu", "ri", "ke", "shi", "da", "ga", "cho")
_GIVEN = ("Aigerim", "Nursultan", "Elif", "Rustam", "Gulnara", "Timur", "Aybek", "Leyla", "Murat", "Dilnoza",
          "Bakyt", "Zeynep", "Ilham", "Aruzhan", "Farid", "Saule", "Emre", "Nigora", "Askar", "Kamila")
_CYR = {"sh": "ш", "zh": "ж", "kh": "х", "ch": "ч", "ya": "я", "a": "а", "b": "б", "c": "ц", "d": "д",
        "e": "е", "f": "ф", "g": "г", "h": "һ", "i": "и", "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н",
        "o": "о", "p": "п", "q": "қ", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "w": "у", "x": "кс",
        "y": "ы", "z": "з"}


def to_cyrillic(text: str) -> str:
    out, i, lower = [], 0, text.lower()
    while i < len(lower):
        pair = lower[i : i + 2]
        if pair in _CYR:
            out.append(_CYR[pair])
            i += 2
            continue
        out.append(_CYR.get(lower[i], lower[i]))
        i += 1
    cyr = "".join(out)
    return cyr[:1].upper() + cyr[1:] if text[:1].isupper() else cyr


@dataclass
class SynthGraph:
    """Rows ready for the `synth_create_*` statements, and the graph's hubs."""

    relationships_target: int
    seed: int
    sources: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)
    ids_by_type: dict[str, list[str]] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return f"synth-v{GENERATOR_VERSION}-{self.relationships_target}-s{self.seed}"


def _zipf_cumulative(n: int, alpha: float) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank + 1) ** alpha for rank in range(n)))


def _draw(rng: random.Random, cumulative: list[float], k: int) -> list[int]:
    total = cumulative[-1]
    hi = len(cumulative) - 1
    return [bisect.bisect_left(cumulative, rng.random() * total, 0, hi) for _ in range(k)]


def _partial_date(rng: random.Random, first: int = 1992, last: int = 2024) -> str:
    year = rng.randint(first, last)
    roll = rng.random()
    if roll < 0.45:
        return str(year)
    if roll < 0.75:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _stem(rng: random.Random) -> str:
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
    return word.capitalize()


def _entity(rng: random.Random, type_: str, index: int, count: int, sources: list[str]) -> dict[str, Any]:
    kinds = KINDS[type_]
    # The biggest hubs (lowest ranks) take the first kind (summits, intergovernmental bodies, treaties).
    kind = kinds[0] if index < max(1, count // 100) else kinds[rng.randrange(len(kinds))]
    stem = _stem(rng)
    start: str | None = None
    end: str | None = None
    if type_ == "State":
        name, aliases = f"Republic of {stem}", [stem, to_cyrillic(stem), f"{stem}stan"]
        start = str(rng.choice((1991, 1991, 1923, 1945, 1960)))
    elif type_ == "Person":
        given = rng.choice(_GIVEN)
        name = f"{given} {stem}{rng.choice(('ov', 'ova', 'oglu', 'uly', 'bekov', ''))}"
        aliases = [to_cyrillic(name)]
    elif type_ == "Place":
        name = stem if kind == "city" else f"{stem} Region"
        aliases = [to_cyrillic(stem), stem.lower().replace("a", "â", 1)]
    else:
        word = _KIND_WORDS[kind]
        name = f"{stem} {word}"
        if type_ == "Event":
            start = f"{rng.randint(1992, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            name = f"{name} {start[:4]}"
        elif type_ in ("Organisation", "Programme"):
            start = str(rng.randint(1920, 2023))
            if rng.random() < 0.05:
                end = str(min(2024, int(start) + rng.randint(1, 30)))
        elif type_ == "Agreement":
            start = _partial_date(rng)
        initials = "".join(w[0] for w in name.split() if w[0].isalpha()).upper()
        aliases = [initials, f"{to_cyrillic(stem)} {word}"]
    prefix = ID_PREFIXES[type_]
    slug = stem.lower()
    entity_id = f"{prefix}:{slug}-{index:x}"
    t_from, t_to = time_bounds(start, end, point_in_time=type_ == "Event")
    cited = sorted({rng.choice(sources) for _ in range(rng.randint(1, 2))})
    props: dict[str, Any] = {
        "id": entity_id,
        "name": name,
        "aliases": aliases,
        "kind": kind,
        "start": start,
        "end": end,
        "sources": cited,
        "search_keys": search_keys(name, aliases),
        "t_from": t_from,
        "t_to": t_to,
        "evidence_sources": [],
        "evidence_excerpts": [],
        "evidence_locators": [],
        "origin": ORIGIN,
    }
    return {"type": type_, "props": props}


def generate(relationships: int, seed: int = 1) -> SynthGraph:
    """The whole synthetic graph, deterministic for (relationships, seed)."""
    if relationships < 10:
        raise ValueError("at least 10 relationships")
    rng = random.Random(seed)
    graph = SynthGraph(relationships_target=relationships, seed=seed)

    source_count = max(20, relationships // 2000)
    source_ids = [f"src:synth-{i:05d}" for i in range(source_count)]
    graph.sources = [
        {
            "id": sid,
            "title": f"Synthetic source {i}: {_stem(rng)} studies of Turkic cooperation",
            "authors": [f"{rng.choice(_GIVEN)} {_stem(rng)}"],
            "published": str(rng.randint(1995, 2024)),
            "tier": "evidenced",
            "origin": ORIGIN,
        }
        for i, sid in enumerate(source_ids)
    ]

    node_total = max(60, relationships // 3)
    state_count = min(195, max(12, node_total // 400))
    counts = {"State": state_count}
    for type_, share in NODE_SHARES.items():
        counts[type_] = max(5, int((node_total - state_count) * share))
    names: dict[str, list[str]] = {}
    for type_, count in counts.items():
        rows = [_entity(rng, type_, i, count, source_ids) for i in range(count)]
        graph.entities.extend(rows)
        graph.ids_by_type[type_] = [row["props"]["id"] for row in rows]
        names[type_] = [row["props"]["name"] for row in rows]

    # Each type's candidates in a fixed random order, so hubs are not simply the first ids.
    order: dict[str, list[int]] = {}
    for type_, count in counts.items():
        ranks = list(range(count))
        rng.shuffle(ranks)
        order[type_] = ranks
    cumulative_to = {t: _zipf_cumulative(c, ALPHA_TO) for t, c in counts.items()}
    cumulative_from = {t: _zipf_cumulative(c, ALPHA_FROM) for t, c in counts.items()}
    weights = [w for *_, w in TEMPLATES]

    seen: set[str] = set()
    placed: set[tuple[str, str]] = set()  # (type, from id) of the ONE_PER_NODE types
    rels = graph.relationships
    while len(rels) < relationships:
        wanted = relationships - len(rels)
        picks = rng.choices(range(len(TEMPLATES)), weights=weights, k=wanted)
        per_template = [0] * len(TEMPLATES)
        for p in picks:
            per_template[p] += 1
        for t_index, k in enumerate(per_template):
            if not k:
                continue
            rel_type, from_type, to_type, _ = TEMPLATES[t_index]
            froms = _draw(rng, cumulative_from[from_type], k)
            tos = _draw(rng, cumulative_to[to_type], k)
            for f_rank, t_rank in zip(froms, tos, strict=True):
                a = order[from_type][f_rank]
                b = order[to_type][t_rank]
                if from_type == to_type and a == b:
                    continue
                from_id, to_id = graph.ids_by_type[from_type][a], graph.ids_by_type[to_type][b]
                from_name, to_name = names[from_type][a], names[to_type][b]
                if rel_type in SYMMETRIC_TYPES and to_id < from_id:
                    from_id, to_id, from_name, to_name = to_id, from_id, to_name, from_name
                rel_id = f"{rel_type.lower()}:{from_id}->{to_id}"
                if rel_id in seen or (rel_type in ONE_PER_NODE and (rel_type, from_id) in placed):
                    continue
                seen.add(rel_id)
                if rel_type in ONE_PER_NODE:
                    placed.add((rel_type, from_id))
                rels.append(_relationship(rng, rel_type, rel_id, from_id, to_id, from_name, to_name, source_ids))
                if len(rels) >= relationships:
                    break
            if len(rels) >= relationships:
                break
    return graph


def _relationship(
    rng: random.Random, rel_type: str, rel_id: str, from_id: str, to_id: str, from_name: str, to_name: str,
    source_ids: list[str],
) -> dict[str, Any]:
    pool = _SECTORS_BY_TYPE.get(rel_type, _COMMON_SECTORS)
    sectors = sorted({rng.choice(pool) for _ in range(rng.randint(1, 2))}, key=SECTORS.index)
    start = _partial_date(rng) if rng.random() < 0.8 else None
    point = rel_type in POINT_IN_TIME_TYPES
    end = None
    if start and not point and rng.random() < 0.15:
        end = str(min(2025, int(start[:4]) + rng.randint(1, 20)))
    t_from, t_to = time_bounds(start, end, point_in_time=point)
    cited = rng.sample(source_ids, 2 if rng.random() < 0.2 else 1)
    verb = _VERBS[rel_type]
    excerpts = [f"{from_name} {verb} {to_name}" + (f" since {start[:4]}" if start else "") for _ in cited]
    locators = [f"p. {rng.randint(1, 400)}" if rng.random() < 0.6 else "" for _ in cited]
    props: dict[str, Any] = {
        "id": rel_id,
        "key": "",
        "sectors": sectors,
        "start": start,
        "end": end,
        "tier": "evidenced" if rng.random() < 0.92 else "reference",
        "sources": cited,
        "excerpts": excerpts,
        "locators": locators,
        "t_from": t_from,
        "t_to": t_to,
        "origin": ORIGIN,
    }
    if rel_type == "PARTICIPATED_IN":
        props["role"] = rng.choice(_ROLES)
    elif rel_type == "HOLDS_POSITION":
        props["title"] = rng.choice(_TITLES)
    elif rel_type == "TRADES_WITH":
        props["share_percent"] = round(rng.uniform(0.1, 25.0), 1)
    return {"type": rel_type, "from": from_id, "to": to_id, "props": props}


# -- loading -------------------------------------------------------------------
class RateColumn(ProgressColumn):
    """Items per second, as the progress bar's speed estimate gives it."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "–/s", style="progress.data.speed")


def _batches(rows: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    for index in range(0, len(rows), size):
        yield rows[index : index + size]


# The synthetic graphs' indexes take longer to build than the seed's.
INDEX_WAIT_SECONDS = 600


def process_cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of a process (Linux /proc), or None."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class LoadReport:
    version: str
    nodes: int
    relationships: int
    generate_seconds: float
    node_seconds: float  # import: 0, the importer loads entities and relationships together
    relationship_seconds: float  # import: CSV write + importer
    index_seconds: float = 0.0
    server_cpu_seconds: float | None = None  # Neo4j's (import: the importer's) CPU time for the relationships
    method: str = "unwind"
    csv_seconds: float = 0.0  # import: writing the CSV files
    import_seconds: float = 0.0  # import: neo4j-admin database import full, JVM start included
    restart_seconds: float = 0.0  # import: stopping Neo4j before the importer and starting it after
    fixup_seconds: float = 0.0  # import: setting the empty lists the importer cannot store

    @property
    def relationships_per_second(self) -> float:
        return self.relationships / self.relationship_seconds if self.relationship_seconds else 0.0

    @property
    def total_seconds(self) -> float:
        return self.node_seconds + self.relationship_seconds


def _run_batches(
    driver: Driver, database: str, query: str, rows: Sequence[dict[str, Any]], batch_size: int, loaders: int,
    progress: Progress | None, task: Any,
) -> None:
    lock = threading.Lock()

    def work(tx: ManagedTransaction, batch: Sequence[dict[str, Any]]) -> None:
        tx.run(query, rows=list(batch)).consume()

    def one(batch: Sequence[dict[str, Any]]) -> None:
        with driver.session(database=database) as session:
            session.execute_write(work, batch)
        if progress is not None:
            with lock:
                progress.advance(task, len(batch))

    with ThreadPoolExecutor(max_workers=max(1, loaders)) as pool:
        for future in [pool.submit(one, batch) for batch in _batches(rows, batch_size)]:
            future.result()


def load(
    driver: Driver, graph: SynthGraph, settings: Settings, database: str = "neo4j", *,
    batch_size: int = 10_000, loaders: int = 2, progress: bool = True, generate_seconds: float = 0.0,
    server_pid: int | None = None,
) -> LoadReport:
    """Schema, then sources and entities, then relationships, then the full-text index; the version last.

    Only the uniqueness constraints exist during the bulk load (their indexes
    find the relationships' ends); the other indexes, the full-text one above
    all (it is not eventually consistent, so every CREATE would update it),
    are created afterwards and populated in one pass, which is much cheaper.
    Relationships are written in the order of their start node, so that one
    batch touches each node's relationship chains together (about twice as fast
    on hub nodes than random order).
    """
    apply_schema(driver, settings, database, constraints_only=True, wait_seconds=INDEX_WAIT_SECONDS)
    columns = (
        TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
        TimeElapsedColumn(), TimeRemainingColumn(),
    )
    bar = Progress(*columns, disable=not progress)
    with bar:
        nodes_task = bar.add_task("entities", total=len(graph.sources) + len(graph.entities))
        started = time.perf_counter()
        _run_batches(driver, database, cypher(settings, "synth_create_sources"), graph.sources, batch_size, 1,
                     bar, nodes_task)
        _run_batches(driver, database, cypher(settings, "synth_create_entities"), graph.entities, batch_size,
                     loaders, bar, nodes_task)
        node_seconds = time.perf_counter() - started
        rels_task = bar.add_task("relationships", total=len(graph.relationships))
        cpu_before = process_cpu_seconds(server_pid)
        started = time.perf_counter()
        ordered = sorted(graph.relationships, key=lambda r: (r["from"], r["to"]))
        _run_batches(driver, database, cypher(settings, "synth_create_relationships"), ordered,
                     batch_size, loaders, bar, rels_task)
        relationship_seconds = time.perf_counter() - started
        cpu_after = process_cpu_seconds(server_pid)
    index_seconds = _index_and_mark_version(driver, graph, settings, database)
    return LoadReport(
        version=graph.version,
        nodes=len(graph.entities),
        relationships=len(graph.relationships),
        generate_seconds=generate_seconds,
        node_seconds=node_seconds,
        relationship_seconds=relationship_seconds,
        index_seconds=index_seconds,
        server_cpu_seconds=(cpu_after - cpu_before) if cpu_before is not None and cpu_after is not None else None,
    )


def _index_and_mark_version(driver: Driver, graph: SynthGraph, settings: Settings, database: str) -> float:
    """The last step of either load: build the indexes, then mark the graph's version; the seconds the indexes took."""
    started = time.perf_counter()
    apply_schema(driver, settings, database, wait_seconds=INDEX_WAIT_SECONDS)
    index_seconds = time.perf_counter() - started
    driver.execute_query(
        cypher(settings, "set_graph_version"),
        version=graph.version,
        loaded_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        database_=database,
    )
    return index_seconds


# -- bulk import (neo4j-admin database import full) ----------------------------------
# The importer's list separator. ASCII's unit separator never occurs in text, so
# it never splits a list element (write_csv checks).
ARRAY_DELIMITER = "\x1f"
# A ceiling for the importer's own caches (its default, 90% of the machine's
# memory, is too much on a machine shared with the API, the tests and Neo4j).
IMPORT_OFF_HEAP = "2g"
# The CSV columns: (property, importer type). A null property is an empty field,
# which the importer leaves unset, as the unwind path does.
SOURCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "ID(Source)"), ("title", "string"), ("authors", "string[]"), ("published", "string"),
    ("tier", "string"), ("origin", "string"),
)
ENTITY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "ID(Entity)"), ("name", "string"), ("aliases", "string[]"), ("kind", "string"), ("start", "string"),
    ("end", "string"), ("sources", "string[]"), ("search_keys", "string[]"), ("t_from", "string"),
    ("t_to", "string"), ("evidence_sources", "string[]"), ("evidence_excerpts", "string[]"),
    ("evidence_locators", "string[]"), ("origin", "string"),
)
RELATIONSHIP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "string"), ("key", "string"), ("sectors", "string[]"), ("start", "string"), ("end", "string"),
    ("tier", "string"), ("sources", "string[]"), ("excerpts", "string[]"), ("locators", "string[]"),
    ("t_from", "string"), ("t_to", "string"), ("origin", "string"), ("role", "string"), ("title", "string"),
    # double, not float: the importer's float is 32-bit.
    ("share_percent", "double"),
)
# Entity lists that may be empty: the importer cannot store an empty list, so
# cypher/load/synth_import_empty_lists.cypher sets them after the import.
RESTORED_EMPTY_LISTS: frozenset[str] = frozenset(
    {"aliases", "sources", "search_keys", "evidence_sources", "evidence_excerpts", "evidence_locators"}
)


# What Java's String.trim() removes, as the importer's --trim-strings does.
_TRIMMED = "".join(chr(code) for code in range(0x21))


def _csv_text(value: str | None) -> str:
    """A quoted CSV field ("" stays an empty string); None is an empty field (no property)."""
    if value is None:
        return ""
    if value.strip(_TRIMMED) != value:  # --trim-strings (see _csv_list) would change it
        raise ValueError(f"the importer would trim {value!r}")
    return '"' + value.replace('"', '""') + '"'


def _csv_list(values: list[str] | None) -> str:
    """A string list as one field, its elements joined by ARRAY_DELIMITER.

    The importer reads a list whose field is empty as no property at all, so
    [''] (one element, an empty string, as in `locators`) is written as one
    space, which --trim-strings turns back into ''. An empty list is refused.
    """
    if values is None:
        return ""
    if not values:
        raise ValueError("the importer cannot store an empty list")
    if values == [""]:
        return '" "'
    for value in values:
        if value.strip(_TRIMMED) != value:
            raise ValueError(f"the importer would trim {value!r}")
    joined = ARRAY_DELIMITER.join(values)
    if joined.count(ARRAY_DELIMITER) != len(values) - 1:
        raise ValueError(f"a list element holds the array delimiter: {values!r}")
    return '"' + joined.replace('"', '""') + '"'


def _csv_list_or_empty(values: list[str] | None) -> str:
    """As _csv_list, but an empty list is an empty field: synth_import_empty_lists sets it after the import."""
    return "" if values == [] else _csv_list(values)


def _csv_double(value: float | None) -> str:
    if value is None:
        return ""
    if type(value) is not float:
        raise ValueError(f"{value!r} is not a float")
    return repr(value)  # the shortest text that parses back to the same double


Encoders = list[tuple[str, Callable[[Any], str]]]


def _csv_encoders(columns: Sequence[tuple[str, str]], restored: frozenset[str] = frozenset()) -> Encoders:
    encoders: Encoders = []
    for name, kind in columns:
        if kind == "string[]":
            encoders.append((name, _csv_list_or_empty if name in restored else _csv_list))
        elif kind == "double":
            encoders.append((name, _csv_double))
        else:
            encoders.append((name, _csv_text))
    return encoders


def _csv_header(columns: Sequence[tuple[str, str]]) -> str:
    return ",".join(f"{name}:{kind}" for name, kind in columns)


def _csv_line(props: dict[str, Any], encoders: Encoders, known: frozenset[str], prefix: str = "") -> str:
    if not known.issuperset(props):
        raise ValueError(f"no CSV column for {sorted(set(props) - known)}")
    get = props.get
    line = prefix + ",".join([encode(get(name)) for name, encode in encoders])
    if "\n" in line or "\r" in line:  # the importer reads one row per line (no --multiline-fields)
        raise ValueError(f"a value spans lines: {props.get('id')!r}")
    return line + "\n"


@dataclass(frozen=True)
class _CsvInput:
    """One importer input: its option, its file stem, its header and how a row becomes a line."""

    option: str  # "--nodes=Entity:State", "--relationships"
    stem: str
    header: str
    rows: Sequence[dict[str, Any]]
    line: Callable[[dict[str, Any]], str]


def _csv_inputs(graph: SynthGraph) -> list[_CsvInput]:
    """One input per entity type (labels `Entity:<type>`), one for the sources, one for every relationship."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for row in graph.entities:
        by_type.setdefault(row["type"], []).append(row["props"])

    def nodes(option: str, stem: str, columns: Sequence[tuple[str, str]], restored: frozenset[str],
              rows: list[dict[str, Any]]) -> _CsvInput:
        encoders, known = _csv_encoders(columns, restored), frozenset(n for n, _ in columns)
        return _CsvInput(option, stem, _csv_header(columns), rows, lambda props: _csv_line(props, encoders, known))

    encoders, known = _csv_encoders(RELATIONSHIP_COLUMNS), frozenset(n for n, _ in RELATIONSHIP_COLUMNS)
    return [
        nodes("--nodes=Source", "sources", SOURCE_COLUMNS, frozenset(), graph.sources),
        *(nodes(f"--nodes=Entity:{type_}", f"entities-{type_}", ENTITY_COLUMNS, RESTORED_EMPTY_LISTS, rows)
          for type_, rows in by_type.items()),
        _CsvInput(
            "--relationships", "relationships",
            ":START_ID(Entity),:END_ID(Entity),:TYPE," + _csv_header(RELATIONSHIP_COLUMNS),
            graph.relationships,
            lambda r: _csv_line(r["props"], encoders, known, f"{_csv_text(r['from'])},{_csv_text(r['to'])},{r['type']},"),
        ),
    ]


def _write_part(inputs: Sequence[_CsvInput], folder: Path, part: int, parts: int, chunk: int,
                done: Callable[[int], None]) -> None:
    """Part `part` of `parts` of every input: a contiguous slice of its rows, in a file of its own."""
    for item in inputs:
        first, stop = len(item.rows) * part // parts, len(item.rows) * (part + 1) // parts
        with open(folder / f"{item.stem}-{part}.csv", "w", encoding="utf-8", newline="") as out:
            for start in range(first, stop, chunk):
                rows = item.rows[start : min(start + chunk, stop)]
                out.writelines([item.line(row) for row in rows])
                done(len(rows))


def _write_part_in_child(inputs: Sequence[_CsvInput], folder: Path, part: int, parts: int, chunk: int,
                         written: Any, failures: Any) -> None:
    def done(rows: int) -> None:
        written[part] += rows

    try:
        _write_part(inputs, folder, part, parts, chunk, done)
    except Exception as error:  # noqa: BLE001 -- the parent raises it; the child only reports
        failures.put(error)
        raise SystemExit(1) from None


def csv_writers() -> int:
    """How many processes write the CSV: the cores this process may use, at most 4."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, 4))


def write_csv(graph: SynthGraph, folder: Path, *, progress: bool = True, chunk: int = 10_000,
              writers: int | None = None) -> list[str]:
    """The graph as the importer's CSV files in `folder`; the importer's --nodes/--relationships options.

    Node ids are the `id` property, in the ID spaces `Entity` and `Source`.
    Writing the lines is Python's work, so it is shared out: each input is a
    header file and one part per writer process (the importer reads a list of
    files as one input, its header from the first). The writers are forked
    before the progress bar's thread starts; they inherit the graph rather
    than receive it, and report rows written through shared counters.
    """
    parts = writers or csv_writers()
    inputs = _csv_inputs(graph)
    if "," in str(folder):  # the importer splits a list of files at commas
        raise ValueError(f"the CSV folder's path holds a comma: {folder}")
    options: list[str] = []
    for item in inputs:
        header = folder / f"{item.stem}-header.csv"
        header.write_text(item.header + "\n", encoding="utf-8")
        files = [header, *(folder / f"{item.stem}-{part}.csv" for part in range(parts))]
        options.append(f"{item.option}={','.join(str(f) for f in files)}")

    context = multiprocessing.get_context("fork")
    written = context.Array("q", parts, lock=False)  # rows written, per part (one writer each)
    failures = context.SimpleQueue()
    children = [
        context.Process(target=_write_part_in_child, args=(inputs, folder, part, parts, chunk, written, failures),
                        name=f"synth-csv-{part}", daemon=True)
        for part in range(1, parts)
    ]
    bar = Progress(
        TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
        TimeElapsedColumn(), TimeRemainingColumn(), disable=not progress,
    )
    # The collector's passes would write to every object of the graph, which
    # each forked writer would then copy: frozen, the graph stays shared.
    gc.freeze()
    try:
        for child in children:
            child.start()
        with bar:
            task = bar.add_task("CSV", total=sum(len(item.rows) for item in inputs))

            def done(rows: int) -> None:
                written[0] += rows
                bar.update(task, completed=sum(written))

            _write_part(inputs, folder, 0, parts, chunk, done)
            for child in children:
                while child.is_alive():
                    child.join(0.1)
                    bar.update(task, completed=sum(written))
    finally:
        for child in children:
            if child.is_alive():
                child.terminate()
            child.join()
        gc.unfreeze()
    if not failures.empty():
        raise failures.get()
    failed = [child.name for child in children if child.exitcode != 0]
    if failed:
        raise RuntimeError(f"CSV writer processes failed: {failed}")
    return options


def import_graph(local: Any, graph: SynthGraph, settings: Settings, database: str = "neo4j", *,
                 progress: bool = True, generate_seconds: float = 0.0) -> LoadReport:
    """Load `graph` with `neo4j-admin database import full`, replacing the database; then as `load` does.

    CSV files into a temporary folder under the instance's home, stop, import
    (the old store removed first), start, the empty entity lists set, the
    schema (every constraint and index, populated in one pass each), the
    version last. The instance is left stopped if the importer fails.
    """
    folder = Path(tempfile.mkdtemp(prefix="synth-csv-", dir=local.home))
    try:
        started = time.perf_counter()
        inputs = write_csv(graph, folder, progress=progress)
        csv_seconds = time.perf_counter() - started
        started = time.perf_counter()
        local.stop()
        stop_seconds = time.perf_counter() - started
        _remove_store(local, database)  # as reset_database does; the importer needs no database there
        started = time.perf_counter()
        output, importer_cpu = local.admin_with_cpu(
            "database", "import", "full", database,
            "--overwrite-destination=true",
            f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
            "--trim-strings=true",  # turns the one-space field of [''] back into '' (see _csv_list)
            f"--max-off-heap-memory={IMPORT_OFF_HEAP}",
            f"--report-file={folder / 'import.report'}",
            *inputs,
        )
        import_seconds = time.perf_counter() - started
        (local.home / "logs" / "import.log").write_text(output)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    local.start()
    restart_seconds = stop_seconds + time.perf_counter() - started
    with GraphDatabase.driver(local.bolt_uri, auth=("neo4j", local.password())) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS relationships",
            database_=database,
        )
        expected = (len(graph.sources) + len(graph.entities), len(graph.relationships))
        if (records[0]["nodes"], records[0]["relationships"]) != expected:
            raise RuntimeError(f"the importer loaded {dict(records[0])}, expected {expected} (nodes, relationships)")
        started = time.perf_counter()
        with driver.session(database=database) as session:  # CALL IN TRANSACTIONS needs an auto-commit query
            session.run(cypher(settings, "synth_import_empty_lists")).consume()  # type: ignore[arg-type]
        fixup_seconds = time.perf_counter() - started
        index_seconds = _index_and_mark_version(driver, graph, settings, database)
    return LoadReport(
        version=graph.version,
        nodes=len(graph.entities),
        relationships=len(graph.relationships),
        generate_seconds=generate_seconds,
        node_seconds=0.0,
        relationship_seconds=csv_seconds + import_seconds,
        index_seconds=index_seconds,
        server_cpu_seconds=importer_cpu or None,
        method="import",
        csv_seconds=csv_seconds,
        import_seconds=import_seconds,
        restart_seconds=restart_seconds,
        fixup_seconds=fixup_seconds,
    )


# -- the bench instance ----------------------------------------------------------
def bench_instance(settings: Settings, instance: str | None = None) -> LocalNeo4j:
    """The local Neo4j the synthetic graphs live in (never the curated graph's instance)."""
    bench = BenchSettings()
    name = instance or bench.instance
    if name == settings.local_neo4j_instance:
        raise ValueError(
            f"instance '{name}' holds the curated graph (GRAPHSVC_LOCAL_NEO4J_INSTANCE); "
            "synthetic graphs go into an instance of their own, e.g. 'bench'"
        )
    return LocalNeo4j(
        root=settings.local_neo4j_dir, instance=name, bolt_port=bench.bolt_port, http_port=bench.http_port,
        heap=bench.heap, pagecache=bench.pagecache, start_timeout=settings.local_start_timeout,
    )


@contextlib.contextmanager
def stopped_after(local: LocalNeo4j, *, keep: bool = False) -> Iterator[LocalNeo4j]:
    """Stop the instance at the end (errors included) if it was not running at the start, unless `keep`.

    A benchmark's instance has a large heap and page cache: it must not stay behind the command that
    started it.
    """
    was_running = local.is_running()
    try:
        yield local
    finally:
        if not keep and not was_running and local.is_running():
            local.stop()
            print(f"Neo4j instance '{local.instance}' stopped (--keep-neo4j leaves it running)")


def reset_database(local: Any, database: str = "neo4j") -> None:
    """Empty the instance's user database: stop, remove its store and logs, start (system db kept)."""
    local.stop()
    _remove_store(local, database)
    local.start()


def _remove_store(local: Any, database: str) -> None:
    for folder in ("databases", "transactions"):
        shutil.rmtree(local.home / "data" / folder / database, ignore_errors=True)


_MEMORY_SETTINGS = {"server.memory.heap.max_size": "heap", "server.memory.pagecache.size": "pagecache"}
_MEMORY_UNITS = {"": 1, "b": 1, "k": 1024, "kib": 1024, "m": 1024**2, "mib": 1024**2, "g": 1024**3, "gib": 1024**3}


def memory_bytes(text: str) -> int:
    """A memory size as the bench settings write it (`2g`, `512m`) or Neo4j shows it (`2.00GiB`), in bytes."""
    found = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*", text)
    if found is None or found.group(2).lower() not in _MEMORY_UNITS:
        raise ValueError(f"'{text}' is not a memory size (e.g. 2g, 512m, 2.00GiB)")
    return round(float(found.group(1)) * _MEMORY_UNITS[found.group(2).lower()])


def check_instance_memory(driver: Driver, heap: str, pagecache: str) -> None:
    """Refuse a running instance whose heap or page cache is not the benchmark's (`heap`, `pagecache`).

    A reused instance (started earlier, maybe by other tooling with the local defaults of 1g and 512m)
    would give figures that do not compare with the benchmark's: the 1M graph does not fit a small page
    cache. GRAPHSVC_BENCH_HEAP / GRAPHSVC_BENCH_PAGECACHE set to the instance's own sizes measure it anyway,
    and the results then record those sizes.
    """
    records, _, _ = driver.execute_query(
        "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
        names=list(_MEMORY_SETTINGS), routing_="r",
    )
    found = {_MEMORY_SETTINGS[r["name"]]: r["value"] for r in records}
    wanted = {"heap": heap, "pagecache": pagecache}
    wrong = [f"{name} {found.get(name)} (the benchmark's: {size})" for name, size in wanted.items()
             if found.get(name) is None or memory_bytes(found[name]) != memory_bytes(size)]
    if wrong:
        raise RuntimeError(
            "the running bench instance has " + ", ".join(wrong) + ": its figures would not compare with the "
            "benchmark's. Stop it so that the benchmark starts its own, or set GRAPHSVC_BENCH_HEAP and "
            "GRAPHSVC_BENCH_PAGECACHE to its sizes to measure it as it is."
        )


def loaded_version(driver: Driver, database: str = "neo4j") -> str | None:
    records, _, _ = driver.execute_query(
        "OPTIONAL MATCH (m:GraphMeta {id: 'graph'}) RETURN m.version AS version", database_=database
    )
    return records[0]["version"] if records else None


def ensure_graph(
    settings: Settings, relationships: int, seed: int, instance: str | None = None, *,
    force: bool = False, progress: bool = True, method: str | None = None,
) -> tuple[Any, LoadReport | None]:
    """The bench instance running with this synthetic graph loaded (reloaded only when it differs),
    with the indexes of cypher/schema.cypher online.

    `method`: "unwind" or "import" (default: GRAPHSVC_BENCH_LOAD_METHOD, else "unwind").
    """
    bench = BenchSettings()
    method = method or bench.load_method
    if method not in LOAD_METHODS:
        raise ValueError(f"load method '{method}' is not one of {', '.join(LOAD_METHODS)}")
    local = bench_instance(settings, instance)
    reused = not local.start()
    wanted = SynthGraph(relationships, seed).version
    with GraphDatabase.driver(local.bolt_uri, auth=("neo4j", local.password())) as driver:
        if reused:
            check_instance_memory(driver, bench.heap, bench.pagecache)
        if not force and loaded_version(driver) == wanted:
            # The graph is kept, the schema brought up to this version's: an index added since the load
            # is created (every statement IF NOT EXISTS, nothing else changes) and online before use.
            apply_schema(driver, settings, "neo4j", wait_seconds=INDEX_WAIT_SECONDS)
            return local, None
    started = time.perf_counter()
    graph = generate(relationships, seed)
    generate_seconds = time.perf_counter() - started
    if method == "import":
        return local, import_graph(local, graph, settings, progress=progress, generate_seconds=generate_seconds)
    reset_database(local)
    with GraphDatabase.driver(local.bolt_uri, auth=("neo4j", local.password())) as driver:
        report = load(
            driver, graph, settings, batch_size=bench.batch_size, loaders=bench.loaders, progress=progress,
            generate_seconds=generate_seconds, server_pid=local.pid(),
        )
    return local, report


def synth_command(settings: Settings, relationships: int, seed: int = 1, instance: str | None = None,
                  force: bool = True, progress: bool = True, method: str | None = None,
                  keep_neo4j: bool = False) -> int:
    """`python -m benchmarks synth`: generate and load a synthetic graph; print the load rate.

    The instance is stopped at the end if this command started it, unless `keep_neo4j`.
    """
    try:
        with stopped_after(bench_instance(settings, instance), keep=keep_neo4j):
            local, report = ensure_graph(
                settings, relationships, seed, instance, force=force, progress=progress, method=method
            )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except LocalNeo4jError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if report is None:
        print(f"synthetic graph synth-{relationships}-s{seed} already loaded in '{local.instance}'")
        return 0
    header = (
        f"synthetic graph {report.version} in Neo4j instance '{local.instance}' ({local.bolt_uri}, "
        f"Browser {local.browser_url}), method {report.method}:\n"
        f"  {report.nodes:,} entities, {report.relationships:,} relationships\n"
    )
    if report.method == "import":
        print(
            header
            + f"  generated in {report.generate_seconds:.1f} s; CSV written in {report.csv_seconds:.1f} s; "
            f"neo4j-admin database import full ran {report.import_seconds:.1f} s = "
            f"{report.relationships_per_second:,.0f} relationships/s (CSV write + importer, entities included; "
            f"not the restart); Neo4j stopped and started again in {report.restart_seconds:.1f} s; "
            f"empty lists set in {report.fixup_seconds:.1f} s; indexes built in {report.index_seconds:.1f} s"
            + (f"; the importer used {report.server_cpu_seconds:.1f} CPU-s" if report.server_cpu_seconds else "")
        )
        return 0
    print(
        header
        + f"  generated in {report.generate_seconds:.1f} s; entities loaded in {report.node_seconds:.1f} s; "
        f"relationships loaded in {report.relationship_seconds:.1f} s = "
        f"{report.relationships_per_second:,.0f} relationships/s; indexes built in "
        f"{report.index_seconds:.1f} s"
        + (f"; Neo4j used {report.server_cpu_seconds:.1f} CPU-s for the relationships "
           f"({report.relationships / report.server_cpu_seconds:,.0f} relationships per server CPU-second)"
           if report.server_cpu_seconds else "")
    )
    return 0
