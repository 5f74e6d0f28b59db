"""Rendering BENCHMARKS.md from the results files of `python -m benchmarks bench` (benchmarks/*.json).

The tables are generated; the findings (what was slow, what profiling showed,
what would close a gap) are written by hand in `benchmarks/notes.md` and
included as they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CASES = ("search", "entity", "neighbourhood_d1", "neighbourhood_d2", "shortest_path", "paths_k5", "cooperation",
         "matrix")
# Latency targets (p95, ms) per case, from the issue.
P95_TARGETS = {"neighbourhood_d1": 20.0, "shortest_path": 50.0, "search": 30.0}


def _load(directory: Path) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    results = []
    for path in directory.glob("results-*.json"):
        results.append(json.loads(path.read_text()))
    results.sort(key=lambda r: r["relationships"])
    seed = directory / "seed-load.json"
    return results, (json.loads(seed.read_text()) if seed.exists() else None)


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _met(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**missed**")


def _rounds(r: dict[str, Any]) -> int:
    """The rounds each case was measured in above one client (runs from before the rounds: one)."""
    return int(r.get("rounds_above_one_client", 1))


def render(directory: Path) -> str:
    results, seed = _load(directory)
    out: list[str] = ["# Benchmarks", ""]
    out += [
        "Measured by `python -m benchmarks bench --scales 10k,100k,1m --concurrency 1,16 --requests 300` "
        "(`benchmarks/bench.py`): synthetic graphs of the curated graph's model (`python -m benchmarks synth`, "
        "`benchmarks/synth.py`) in a Neo4j instance of their own, and for every case the same requests "
        "three ways in the same run: **service** = this HTTP API (uvicorn, one worker, in a subprocess); "
        "**query-api** = the very statements the service runs for that request, with the same parameters, "
        "sent to Neo4j's HTTP Query API (`POST /db/neo4j/query/v2`), what a user would do without the "
        "service; **driver** = the same statements through the async Python driver in-process (auto-commit "
        "statements in a read session, as the service runs them), the floor. "
        "The statements are captured from an in-process copy of the app, not re-typed, so a route that runs "
        "three queries is compared with the same three queries.",
        "",
        "Latencies in ms (p50 / p95 / p99), throughput in requests/s; each case is a warm-up, then the "
        "stated number of requests cycling through up to 60 distinct inputs picked deterministically from "
        "the synthetic graph (connected entities at random, name prefixes for search, State/Organisation "
        "ids for cooperation). The benchmark client, the service and Neo4j share the machine's cores; "
        "the load average before/after each case is kept in the results files (`benchmarks/*.json`). "
        "The response cache (`graphsvc/caching.py`) is off for these figures (`GRAPHSVC_CACHE_ENABLED=false`); "
        "with it on, repeated requests are answered from memory.",
        "",
    ]
    if results:
        info = results[-1].get("machine", {})
        out += ["## Machine", "", "| | |", "|---|---|"]
        for key, label in (("cpu", "CPU"), ("cores", "cores"), ("memory_gib", "memory (GiB)"), ("os", "OS"),
                           ("kernel", "kernel"), ("python", "Python"), ("neo4j", "Neo4j"), ("driver", "neo4j driver"),
                           ("neo4j_rust_ext", "neo4j-rust-ext"), ("aiohttp", "aiohttp (benchmark client)"),
                           ("httpx", "httpx (benchmark client of earlier runs)"), ("bench_instance", "bench Neo4j memory")):
            if key in ("aiohttp", "httpx") and key not in info:  # one client or the other, by the run's date
                continue
            out.append(f"| {label} | {_fmt(info.get(key))} |")
        out += ["", "Dates: " + ", ".join(f"{r['scale']}: {r['date']}" for r in results), ""]

    out += ["## Loading", ""]
    if seed:
        out += ["Curated seed, `graphsvc seed load` end to end (CLI start, validation against the source "
                "texts, schema, one write transaction), into an emptied database:", "",
                "| run | wall (s) | loader's own line |", "|---|---|---|"]
        for run in seed["runs"]:
            out.append(f"| {run['run']} | {run['cli_wall_s']} | {' '.join(run['output'])} |")
        out.append("")
        if seed.get("parts"):
            parts = seed["parts"]
            out += ["Its parts (warm server, emptied database): " + ", ".join(
                f"{k.removesuffix('_s').replace('_', ' ')} {v} s" for k, v in parts.items()) + ".", ""]
    out += ["Synthetic graphs, `python -m benchmarks synth`: method `unwind` = batched `UNWIND … CREATE`, 10,000 rows per "
            "transaction, 2 loaders, the uniqueness constraints in place, the other indexes built after the bulk "
            "load; method `import` = CSV files written by Python, then `neo4j-admin database import full` on the "
            "stopped instance (its relationships (s) are CSV writing + the importer, JVM start included; the "
            "restart and the pass that sets empty lists are listed apart), then the indexes:", "",
            "| scale | method | entities | relationships | generate (s) | entities (s) | relationships (s) | "
            "relationships/s | Neo4j CPU-s for the relationships | relationships per Neo4j CPU-s | "
            "indexes built after (s) | import: CSV / importer / restart / empty lists (s) |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        load = r.get("load")
        if not load:
            continue
        per_cpu = round(load["relationships"] / load["server_cpu_s"]) if load.get("server_cpu_s") else None
        method = load.get("method", "unwind")
        import_parts = (" / ".join(str(load.get(k)) for k in ("csv_s", "import_s", "restart_s", "fixup_s"))
                        if method == "import" else "–")
        out.append(
            f"| {r['scale']} | {method} | {_fmt(load['entities'])} | {_fmt(load['relationships'])} | "
            f"{load['generate_s']} | {load['entities_s']} | {load['relationships_s']} | "
            f"{_fmt(load['relationships_per_s'])} | {_fmt(load.get('server_cpu_s'))} | {_fmt(per_cpu)} | "
            f"{load.get('fulltext_index_s')} | {import_parts} |"
        )
    out.append("")

    for r in results:
        out += [f"## {r['scale']} relationships ({r['relationships']:,})", ""]
        graph = r.get("graph", {})
        if graph:
            hubs = ", ".join(f"`{h[0]}` ({h[2]:,})" for h in graph.get("hubs", [])[:3])
            out += [f"{_fmt(graph.get('entities'))} entities ({_fmt(graph.get('connected'))} with a link); "
                    f"biggest hubs (degree): {hubs}.", ""]
        cpu_explained = False
        for c, cases in r.get("runs", {}).items():
            out += [f"### {c} concurrent client{'s' if c != '1' else ''}", ""]
            if c != "1" and _rounds(r) > 1:
                out += [f"Each case in {_rounds(r)} rounds of {r.get('requests_asked')} requests "
                        "per way, the service, the Query API and the driver in turn in each round (the first "
                        "rotating), the rounds pooled: each ratio compares figures taken in the same minutes.", ""]
            out += ["| case | stmts/req | service p50/p95/p99 | service req/s | query-api p50/p95/p99 | "
                    "query-api req/s | driver p50/p95/p99 | driver req/s | p95 service/query-api | "
                    "p95 service/driver | errors s/q/d | service VmHWM after (MiB) |",
                    "|---|---|---|---|---|---|---|---|---|---|---|---|"]
            for case in CASES:
                row = cases.get(case)
                if row is None:
                    continue
                if "skipped" in row:
                    out.append(f"| {case} | {row['skipped']} ||||||||||| ")
                    continue
                s, q, d = row["service"], row["query_api"], row["driver"]
                trio = lambda x: f"{x['p50_ms']:.1f} / {x['p95_ms']:.1f} / {x['p99_ms']:.1f}"  # noqa: E731
                out.append(
                    f"| {case} | {row['statements_per_request']} | {trio(s)} | {s['throughput_rps']} | {trio(q)} | "
                    f"{q['throughput_rps']} | {trio(d)} | {d['throughput_rps']} | "
                    f"{row['service_over_query_api_p95']} | {row['service_over_driver_p95']} | "
                    f"{s['errors']}/{q['errors']}/{d['errors']} | {row.get('service_memory_mib', {}).get('VmHWM', '–')} |"
                )
            out.append("")
            cpu_table = _cpu_per_answer(cases, explained=cpu_explained)
            cpu_explained = cpu_explained or bool(cpu_table)
            out += cpu_table
        mem = r.get("service_memory_after_load_mib", {})
        end = r.get("service_memory_end_mib", {})
        out += [f"Service memory: {r.get('service_memory_after_start_mib', {}).get('VmRSS')} MiB after start, "
                f"peak (VmHWM) {mem.get('VmHWM')} MiB after the runs, {end.get('VmHWM')} MiB after the worst "
                "cases.", ""]
        if r.get("quiet"):
            waits = "; ".join(f"{case}: {q['running_at_start']} running, waited {q['waited_s']} s"
                              + (f", {q['still_running']} still running" if q["still_running"] else "")
                              for case, q in r["quiet"].items())
            out += ["Before these cases the benchmark waited for Neo4j to finish the statements of requests cut at "
                    f"their wait, which run on until their own time limit: {waits}.", ""]
        if "hub_event_rosters_ready_s" in r:
            out += [f"Hub-event rosters (docs/cooperation-scoring.md): ready {r['hub_event_rosters_ready_s']} s "
                    "after the service started, before the runs (each process reads them at start-up and after "
                    "every write; until then rankings walk every event)."
                    + (f" Reach arrays ready {r['reach_arrays_ready_s']} s after it started (read after the "
                       "rosters; until then rankings walk their programmes and institutions)."
                       if r.get("reach_arrays_ready_s") is not None else "")
                    + (f" Query plans warmed {r['query_plans_warmed_s']} s after it started (each process runs its "
                       "first requests' statements at start-up)." if "query_plans_warmed_s" in r else ""), ""]
        elif "hub_event_rosters_read_s" in r:  # runs from before the read at start-up
            out += [f"Hub-event rosters (docs/cooperation-scoring.md): read by the service in "
                    f"{r['hub_event_rosters_read_s']} s after its first ranking, before the runs (once per graph "
                    "version and process; until then rankings walk every event).", ""]
        kept = r.get("cooperation_kept")
        if kept and "runs" in kept:
            warm = kept["warm_up"]
            out += ["Kept rankings (case `cooperation_kept`): the same inputs as `cooperation`, after a warm-up that "
                    "ranks each once and keeps it in Neo4j (`:KeptAnswer`, as a ranking past "
                    "`GRAPHSVC_COOPERATION_KEEP_AFTER` is kept); then read back, by the service and by the same "
                    f"statements through the Query API and the driver. Warm-up: {warm['requests']} rankings, p50 "
                    f"{warm['p50_ms']:.1f} ms, p95 {warm['p95_ms']:.1f} ms, {warm['errors']} errors.", "",
                    "| clients | service p50/p95/p99 | service req/s | query-api p50/p95/p99 | driver p50/p95/p99 | "
                    "p95 service/query-api | p95 service/driver | errors s/q/d |", "|---|---|---|---|---|---|---|---|"]
            for clients, cases in kept["runs"].items():
                row = cases["cooperation_kept"]
                s_, q_, d_ = row["service"], row["query_api"], row["driver"]
                trio = lambda x: f"{x['p50_ms']:.1f} / {x['p95_ms']:.1f} / {x['p99_ms']:.1f}"  # noqa: E731
                out.append(f"| {clients} | {trio(s_)} | {s_['throughput_rps']} | {trio(q_)} | {trio(d_)} | "
                           f"{row['service_over_query_api_p95']} | {row['service_over_driver_p95']} | "
                           f"{s_['errors']}/{q_['errors']}/{d_['errors']} |")
            out.append("")
            out += _cpu_by_clients(kept["runs"], "cooperation_kept", explained=cpu_explained)
        out += _workers(r, cpu_explained)
        matrix = r.get("matrix")
        if matrix and "skipped" not in matrix:
            out += ["The state matrix (`/cooperation/matrix?type=State`) is computed once per graph version in "
                    "the background (`graphsvc/background_jobs.py`; 503 `Retry-After` until ready), so it is measured "
                    "as a computation, once each way: the service from the first request to the first 200 "
                    "(polling every 0.5 s), and the same statements one after the other through the Query API "
                    "and the driver (each statement's limit `GRAPHSVC_MATRIX_QUERY_TIMEOUT`); then the kept "
                    "answer." + (f" Measured {matrix['date']}." if matrix.get("date") else ""), "",
                    "| statements | entities | service (s) | 503s while computing | query-api (s) | driver (s) | "
                    "service/query-api | service/driver | kept answer p50 (ms) |",
                    "|---|---|---|---|---|---|---|---|---|",
                    f"| {matrix['statements']} | {_fmt(matrix.get('entities'))} | {matrix['service_s']} | "
                    f"{matrix['answers_503_while_computing']} | {matrix['query_api_s']} | {matrix['driver_s']} | "
                    f"{_fmt(matrix.get('service_over_query_api'), 2)} | {_fmt(matrix.get('service_over_driver'), 2)} | "
                    f"{matrix['kept_answer_p50_ms']} |", ""]
        elif matrix:
            out += [f"State matrix: {matrix['skipped']}.", ""]
        ranking = r.get("ranking_biggest_actor")
        if ranking and "skipped" not in ranking:
            out += [f"The ranking of the most connected actor (`{ranking['path']}`, default parameters) is measured "
                    "the same way: past `GRAPHSVC_COOPERATION_WAIT` the service ranks in the background "
                    "(503 `ranking-in-progress` until ready), in a service process of its own with the default "
                    "settings; the runs above forbid background rankings (`GRAPHSVC_COOPERATION_BACKGROUND=0`), "
                    "so a ranking past the wait counts there as an error. A ranking ready within the wait is not kept "
                    "(the answer cache, off here, keeps it): its \"kept answer\" is computed again."
                    + (f" Asked once the service had read the hub-event rosters, "
                       f"{ranking['hub_event_rosters_ready_s']} s after its start (it reads them at start-up)."
                       if "hub_event_rosters_ready_s" in ranking else "")
                    + (f" Its reach arrays were read {ranking['reach_arrays_ready_s']} s after its start."
                       if ranking.get("reach_arrays_ready_s") is not None else "")
                    + (f" Its query plans were warmed {ranking['query_plans_warmed_s']} s after its start."
                       if "query_plans_warmed_s" in ranking else ""), "",
                    "| statements | partners | bytes | service (s) | 503s while computing | query-api (s) | "
                    "driver (s) | service/query-api | service/driver | kept answer p50 (ms) | service peak MiB |",
                    "|---|---|---|---|---|---|---|---|---|---|---|",
                    f"| {ranking['statements']} | {_fmt(ranking.get('total'))} | {_fmt(ranking.get('bytes'))} | "
                    f"{ranking['service_s']} | {ranking['answers_503_while_computing']} | {ranking['query_api_s']} | "
                    f"{ranking['driver_s']} | {_fmt(ranking.get('service_over_query_api'), 2)} | "
                    f"{_fmt(ranking.get('service_over_driver'), 2)} | {ranking['kept_answer_p50_ms']} | "
                    f"{ranking.get('service_memory_mib', {}).get('VmHWM', '–')} |", ""]
        elif ranking:
            out += [f"Ranking of the most connected actor: {ranking['skipped']}.", ""]
        worst = r.get("worst_cases", {})
        if worst:
            out += ["Bounded worst cases (sequential, 3 runs each; the service's per-query time limit is "
                    "`GRAPHSVC_QUERY_TIMEOUT`, 10 s by default):", "",
                    "| case | request | HTTP | service ms | driver ms (same statements) | answer | bytes | "
                    "truncated | service VmHWM MiB |", "|---|---|---|---|---|---|---|---|---|"]
            for case, w in worst.items():
                if "paths" in w:
                    answer = f"{w['paths']} paths, lengths {w.get('lengths')}"
                elif "nodes" in w:
                    answer = f"{w['nodes']} nodes, {w['edges']} edges"
                else:
                    answer = w.get("problem", "")
                query = "&".join(f"{k}={v}" for k, v in w["params"].items())
                out.append(
                    f"| {case} | `{w['path']}?{query}` | {w['http_status']} | {w['service_ms']} | {w['driver_ms']} | "
                    f"{answer} | {_fmt(w['bytes'])} | {w.get('truncated', '–')} | "
                    f"{w['service_memory_mib'].get('VmHWM')} |"
                )
            out.append("")

    out += _analysis(directory)
    out += _reconciliation(directory)
    out += _explorer(directory)
    out += _targets(results, seed)
    out += _side_by_side(_load(directory / "previous")[0], results)
    notes = directory / "notes.md"
    if notes.exists():
        out += [notes.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(out) + "\n"


def _cpu(way: dict[str, Any], *who: str) -> str:
    """The CPU per answer of these processes, and the cores they kept busy at the way's throughput."""
    cpu, rate = way.get("cpu_ms_per_request", {}), way.get("throughput_rps") or 0.0
    per_answer = " / ".join(_fmt(cpu.get(w)) for w in who)
    cores = " / ".join(_fmt(cpu.get(w, 0.0) * rate / 1000, 2) for w in who)
    return f"{per_answer} ms = {cores} cores"


def _cpu_per_answer(cases: dict[str, Any], names: tuple[str, ...] = CASES, *, explained: bool = False) -> list[str]:
    """The CPU each process spent per answer, each way, for the cases `names` (runs from before it was
    measured: nothing); `explained`: the first such table of the scale has said what the figures are."""
    rows = [(case, cases[case]) for case in names
            if case in cases and "cpu_ms_per_request" in cases[case].get("service", {})]
    if not rows:
        return []
    intro = ("CPU per answer (ms), and the cores it kept busy, as above:" if explained else
             "CPU per answer (ms) while the rows above were measured: of the service's processes, of Neo4j and of "
             "the benchmark's own process (the client: its HTTP client, or the driver replaying the statements). "
             "At the way's answers per second, that keeps so many cores busy: a Python process (a worker of the "
             "service, the client) keeps at most one busy, and all of them together at most the machine's cores.")
    out = [intro, "",
           "| case | service way: service / Neo4j / client | query-api way: Neo4j / client | "
           "driver way: Neo4j / client |", "|---|---|---|---|"]
    for case, row in rows:
        out.append(f"| {case} | {_cpu(row['service'], 'service', 'neo4j', 'client')} | "
                   f"{_cpu(row['query_api'], 'neo4j', 'client')} | {_cpu(row['driver'], 'neo4j', 'client')} |")
    out.append("")
    return out


def _cpu_by_clients(runs: dict[str, Any], case: str, *, explained: bool) -> list[str]:
    """`_cpu_per_answer` of one case measured at several numbers of clients (a kept or workers case), a row each."""
    by_clients = {f"{case}, {clients} client{'s' if clients != '1' else ''}": cases[case]
                  for clients, cases in runs.items() if case in cases}
    return _cpu_per_answer(by_clients, tuple(by_clients), explained=explained)


def _workers(r: dict[str, Any], cpu_explained: bool = False) -> list[str]:
    """Case `cooperation_workers` (benchmarks/bench.py `run_workers_case`) beside the one worker's runs."""
    workers = r.get("cooperation_workers")
    if not workers or not workers.get("runs"):
        return []
    out = [f"Several workers (case `cooperation_workers`): case `cooperation`'s inputs again, against a service of "
           f"{workers['workers']} uvicorn workers (`GRAPHSVC_WORKERS` ≈ the cores, as the README deploys it; the "
           "runs above measure one worker), once every worker had read its rosters and reach arrays and warmed its "
           f"plans ({workers.get('every_worker_ready_s')} s after its start); the Query API and the driver measured "
           "again beside it" + (", in rounds as above" if _rounds(r) > 1 else "")
           + ". Memory: the largest process's peak, and every process's resident memory together.", "",
           "| clients | service p50/p95/p99 | service req/s | query-api p50/p95/p99 | driver p50/p95/p99 | "
           "driver req/s | p95 service/query-api | p95 service/driver | one worker: p95 service/driver (above) | "
           "errors s/q/d | VmHWM largest / VmRSS all (MiB) |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for clients, cases in workers["runs"].items():
        row = cases.get("cooperation")
        if not row or "skipped" in row:
            continue
        s_, q_, d_ = row["service"], row["query_api"], row["driver"]
        one = r.get("runs", {}).get(clients, {}).get("cooperation") or {}
        memory = row.get("service_memory_mib", {})
        trio = lambda x: f"{x['p50_ms']:.1f} / {x['p95_ms']:.1f} / {x['p99_ms']:.1f}"  # noqa: E731
        out.append(f"| {clients} | {trio(s_)} | {s_['throughput_rps']} | {trio(q_)} | {trio(d_)} | "
                   f"{d_['throughput_rps']} | {row['service_over_query_api_p95']} | {row['service_over_driver_p95']} | "
                   f"{one.get('service_over_driver_p95', '–')} | {s_['errors']}/{q_['errors']}/{d_['errors']} | "
                   f"{memory.get('VmHWM', '–')} / {memory.get('VmRSS_total', '–')} |")
    out.append("")
    out += _cpu_by_clients(workers["runs"], "cooperation", explained=cpu_explained)
    return out


def _reconciliation(directory: Path) -> list[str]:
    """The section of `benchmarks/reconcile_bench.py`'s results (benchmarks/reconcile-<scale>.json)."""
    runs = [json.loads(path.read_text()) for path in directory.glob("reconcile-*.json")]
    if not runs:
        return []
    runs.sort(key=lambda r: r["graph"].get("relationships") or 0)
    out = ["## Reconciliation", "",
           "`benchmarks/reconcile_bench.py --scale <name>`: the service in uvicorn, one client posting batches of "
           "10 queries as OpenRefine does (form-encoded `queries`, one batch after the other, after 5 warm-up "
           "batches), the names cycling through the labelled variants of the matching tests (plus as many names "
           "of the graph's own States and Organisations on a synthetic graph); then a CSV of that many rows "
           "through `graphsvc reconcile FILE --column name` (a new process, start-up included; each distinct "
           "cell is matched once). A batch is two statements whatever its size (the candidates of every query, "
           "then their properties), three when a query has `properties` (their facts). Load average before/after: the "
           "machine is shared, so figures measured under load are upper bounds.", "",
           "| graph | entities | relationships | batches | batch of 10 p50 / p95 / max (ms) | CSV rows (distinct) | "
           "CSV (s) | CSV matched | load average | date |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        b, c = r["batch_of_10"], r["csv_through_cli"]
        out.append(f"| {r['scale']} | {_fmt(r['graph'].get('entities'))} | {_fmt(r['graph'].get('relationships'))} | "
                   f"{b['batches']} | {b['p50_ms']} / {b['p95_ms']} / {b['max_ms']} | {_fmt(c['rows'])} "
                   f"({_fmt(c.get('distinct_names'))}) | {c['seconds']} | {_fmt(c['matched'])} | "
                   f"{' / '.join(str(v) for v in r['load_average'])} | {r['when']} |")
    out.append("")
    return out


def _explorer(directory: Path) -> list[str]:
    """The explorer's layout time in Chromium, from `benchmarks/explorer_layout.py` (explorer-layout.json)."""
    path = directory / "explorer-layout.json"
    if not path.exists():
        return []
    e = json.loads(path.read_text())
    layout, labels = e["layout_ms"], e["labels_ms"]
    return [
        "## Explorer", "",
        f"`python benchmarks/explorer_layout.py` ({e['date']}, {e['chromium']}, {e['cores']} cores): "
        f"`{e['view']}` ({e['nodes']} actors, {e['relationships']} relationships, {e['labelled']} labelled) "
        f"opened in headless Chromium at 1366×850, then a first drawing's layout (fcose, stretched to the "
        f"canvas, fitted) and the label placement timed {e['runs']} times in the page after a warm-up. "
        f"Load average {e['load_before']:.2f} before, {e['load_after']:.2f} after"
        + (" (above the cores: other work shared the machine, so the figures are upper bounds)."
           if max(e["load_before"], e["load_after"]) > e["cores"] else ".")
        + " The page's own first layout also compiles the layout code, hence its larger figure.", "",
        "| step | median (ms) | min | max |", "|---|---|---|---|",
        f"| layout | {layout['median']} | {layout['min']} | {layout['max']} |",
        f"| labels | {labels['median']} | {labels['min']} | {labels['max']} |",
        f"| layout as the page first drew it | {e['first_drawing_layout_ms']} | | |", "",
        f"Target: layout + labels < {e['target_ms']:g} ms: "
        f"{_met(layout['median'] + labels['median'] < e['target_ms'])}.", "",
    ]


def _targets(results: list[dict[str, Any]], seed: dict[str, Any] | None) -> list[str]:
    out = ["## Targets", "",
           "| target | scale | measured | |", "|---|---|---|---|"]
    for r in results:
        for c, cases in r.get("runs", {}).items():
            for case, target in P95_TARGETS.items():
                row = cases.get(case)
                if row and "service" in row:
                    p95 = row["service"]["p95_ms"]
                    out.append(f"| {case} service p95 < {target:g} ms ({c} client{'s' if c != '1' else ''}) | "
                               f"{r['scale']} | {p95:.1f} ms | {_met(p95 < target)} |")
        sixteen = r.get("runs", {}).get("16", {})
        for case in CASES:
            row = sixteen.get(case)
            if not row or "service" not in row:
                continue
            over_driver, over_api = row["service_over_driver_p95"], row["service_over_query_api_p95"]
            errors = row["service"]["errors"]
            verdict = (f"**missed** ({errors} requests over the time limit: the ratio is of capped times)" if errors
                       else _met(over_driver is not None and over_driver <= 1.25 and over_api is not None
                                 and over_api <= 1.0))
            out.append(f"| {case}: service p95 ≤ 1.25× driver, ≤ 1.0× query-api (16 clients) | {r['scale']} | "
                       f"{over_driver}× driver, {over_api}× query-api | {verdict} |")
        workers = r.get("cooperation_workers") or {}
        # the target of first rankings at 16 clients is set at 1M relationships
        for label, runs in ((("one worker", r.get("runs", {})),
                             (f"{workers.get('workers')} workers", workers.get("runs", {})))
                            if r["scale"] == "1m" else ()):
            row = runs.get("16", {}).get("cooperation")
            if row and "service" in row:
                errors, over_driver = row["service"]["errors"], row["service_over_driver_p95"]
                out.append(f"| first rankings (`cooperation`), {label}: service p95 ≤ 1.5× driver, 0 errors "
                           f"(16 clients) | {r['scale']} | {over_driver}×, {errors} errors | "
                           f"{_met(not errors and over_driver is not None and over_driver <= 1.5)} |")
        mem = r.get("service_memory_end_mib", {}).get("VmHWM")
        if mem is not None:
            mb = mem * 1024 * 1024 / 1e6  # the target is in MB, VmHWM in MiB
            out.append(f"| service RSS < 300 MB under load | {r['scale']} | {mem} MiB ({mb:.1f} MB) peak | "
                       f"{_met(mb < 300)} |")
        load = r.get("load")
        if load:
            out.append(f"| synthetic load ≥ 50,000 relationships/s | {r['scale']} | "
                       f"{_fmt(load['relationships_per_s'])}/s ({load.get('method', 'unwind')}) | "
                       f"{_met(load['relationships_per_s'] >= 50_000)} |")
    if seed:
        for run in seed["runs"]:
            out.append(f"| curated seed loads < 3 s | seed, {run['run']} | {run['cli_wall_s']} s (CLI end to end) | "
                       f"{_met(run['cli_wall_s'] < 3)} |")
    out.append("")
    return out


def _p95(run: dict[str, Any] | None, way: str = "service") -> float | None:
    if not run or "skipped" in run:
        return None
    return run[way]["p95_ms"]


def _side_by_side(previous: list[dict[str, Any]], results: list[dict[str, Any]]) -> list[str]:
    """The previous run (benchmarks/previous/results-*.json) and this one, case by case: p95 and ratios."""
    before = {r["scale"]: r for r in previous}
    if not before:
        return []
    dates = ", ".join(f"{r['scale']}: {r['date']}" for r in previous)
    out = ["## This run beside the previous one", "",
           f"The previous run's results are kept in `benchmarks/previous/` ({dates}). Service p95 (ms) and "
           "the service/driver p95 ratio, before → now; \"errors\" counts the service's.", "",
           "| scale | clients | case | service p95 before → now | service/driver before → now | errors before → now |",
           "|---|---|---|---|---|---|"]
    for r in results:
        old = before.get(r["scale"])
        if not old:
            continue
        for clients, cases in r.get("runs", {}).items():
            for case in CASES:
                new_row = cases.get(case)
                old_row = old.get("runs", {}).get(clients, {}).get(case)
                if not new_row or not old_row or "skipped" in new_row or "skipped" in old_row:
                    continue
                out.append(
                    f"| {r['scale']} | {clients} | {case} | {_fmt(_p95(old_row))} → {_fmt(_p95(new_row))} | "
                    f"{_fmt(old_row.get('service_over_driver_p95'), 2)} → {_fmt(new_row.get('service_over_driver_p95'), 2)} | "
                    f"{old_row['service']['errors']} → {new_row['service']['errors']} |"
                )
        for key, label in (("ranking_biggest_actor", "biggest actor's ranking (s)"), ("matrix", "state matrix, first answer (s)")):
            old_c, new_c = old.get(key), r.get(key)
            if old_c and new_c and "skipped" not in old_c and "skipped" not in new_c:
                out.append(f"| {r['scale']} | 1 | {label} | {old_c['service_s']} → {new_c['service_s']} | "
                           f"{_fmt(old_c.get('service_over_driver'), 2)} → {_fmt(new_c.get('service_over_driver'), 2)} | – |")
    out.append("")
    return out


ANALYSIS_SCALES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
# The targets for the network analysis (at 1M relationships): whole computation, peak memory, kept answer.
ANALYSIS_WHOLE_SECONDS = 60.0
ANALYSIS_PEAK_MIB = 1536.0
ANALYSIS_KEPT_MS = 20.0


def _analysis(directory: Path) -> list[str]:
    """The "Analysis" section from benchmarks/analysis-<scale>.json (`benchmarks/analysis_bench.py`)."""
    runs = [json.loads(path.read_text()) for path in directory.glob("analysis-*.json")]
    if not runs:
        return []
    runs.sort(key=lambda r: ANALYSIS_SCALES.get(r["scale"], 0))
    out = ["## Analysis", "",
           "`benchmarks/analysis_bench.py`: the whole network analysis of `/analysis` (docs/analysis.md) on the "
           "synthetic graphs, in a process of its own: the actor graph read by `analysis_actor_ties.cypher` "
           "(one row of lists), built in numpy, every measure by NetworKit on one thread; then answers from the "
           "kept result (a centrality of each measure, the communities, one actor's metrics) with the request's "
           "graph version given, as the service answers. The machine's load average (1, 5, 15 min) during each "
           "run is beside it, marked (loaded) when the last minute's load exceeded the cores: such figures are upper bounds.", "",
           "| scale | actors | ties | read s | build s | measures s | whole s (CPU s of the process) | peak RSS MiB | "
           "betweenness | constraint | kept JSON MiB | decode s | kept answer ms (median / max) | load average |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        betweenness = r.get("betweenness", {})
        sampled = (f"sampled, {betweenness['samples']:,} samples, ±{betweenness['epsilon']} with p ≥ "
                   f"{1 - betweenness['delta']:g}" if betweenness.get("method") == "sampled"
                   else betweenness.get("method", "–"))
        load = r.get("load_average")
        out.append(
            f"| {r['scale']} | {_fmt(r['actors'])} | {_fmt(r['ties'])} | {_fmt(r['read_seconds'])} | "
            f"{_fmt(r.get('build_seconds'))} | {_fmt(r['measures_seconds'])} | {_fmt(r['whole_seconds'])} "
            f"({_fmt(r.get('cpu_seconds'))}) | "
            f"{_fmt(r['peak_rss_mib'])} | {sampled} | {r.get('constraint', {}).get('method', '–')} | "
            f"{_fmt(r.get('kept_json_mib'))} | {_fmt(r.get('kept_decode_seconds'), 2)} | "
            f"{_fmt(r['kept_answer_ms_median'], 2)} / {_fmt(r['kept_answer_ms_max'], 2)} | "
            f"{', '.join(str(x) for x in load) + (' (loaded)' if load[0] > r.get('cpus', 2) else '') if load else '–'} |"
        )
    out += ["", "| target | scale | measured | |", "|---|---|---|---|"]
    for r in runs:
        if r["scale"] == "1m":
            out.append(f"| whole analysis ≤ {ANALYSIS_WHOLE_SECONDS:g} s | 1m | {_fmt(r['whole_seconds'])} s | "
                       f"{_met(r['whole_seconds'] <= ANALYSIS_WHOLE_SECONDS)} |")
            out.append(f"| peak memory ≤ 1.5 GiB | 1m | {_fmt(r['peak_rss_mib'])} MiB | "
                       f"{_met(r['peak_rss_mib'] <= ANALYSIS_PEAK_MIB)} |")
        out.append(f"| answer from the kept result < {ANALYSIS_KEPT_MS:g} ms | {r['scale']} | "
                   f"{_fmt(r['kept_answer_ms_max'], 2)} ms (max) | "
                   f"{_met(r['kept_answer_ms_max'] < ANALYSIS_KEPT_MS)} |")
    out.append("")
    return out
