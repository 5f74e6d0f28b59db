"""The command line: `graphsvc neo4j|seed|serve|run|apikey|backup|restore ...`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from graphsvc.settings import Settings, get_settings


def _local(settings: Settings, instance: str | None):
    from graphsvc.local_neo4j import LocalNeo4j

    return LocalNeo4j.from_settings(settings, instance)


def cmd_neo4j(args: argparse.Namespace) -> int:
    from graphsvc.local_neo4j import LocalNeo4jError

    settings = get_settings()
    local = _local(settings, args.instance)
    try:
        if args.action == "fetch":
            local.fetch()
            print(f"Neo4j jars in {local.lib_dir}")
        elif args.action == "start":
            started = local.start()
            state = "started" if started else "already running"
            print(f"Neo4j ({local.instance}) {state}: Bolt {local.bolt_uri}, Browser {local.browser_url}")
        elif args.action == "stop":
            stopped = local.stop()
            print(f"Neo4j ({local.instance}) {'stopped' if stopped else 'was not running'}")
        elif args.action == "status":
            status = local.status()
            print(json.dumps(status, indent=2))
            return 0 if status["answering"] else 3
        elif args.action == "password":
            print(local.password())
        elif args.action == "wipe":
            local.wipe()
            print(f"Neo4j ({local.instance}) stopped and its data removed")
    except LocalNeo4jError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from graphsvc.curation import seedfiles

    settings = get_settings()
    if args.action == "validate":
        from graphsvc.curation.loader import print_report_notes

        # CI keeps validation strict: the texts must be there, and old forms fail.
        strict = args.strict or os.environ.get("CI", "").lower() == "true"
        report = seedfiles.validate(settings.seed_dir, settings.sources_dir, require_sources=strict)
        if strict:
            report.problems.extend(report.warnings)
            report.warnings = []
        for problem in report.problems:
            print(problem, file=sys.stderr)
        if report.problems:
            print(f"{len(report.problems)} problem(s) in {settings.seed_dir}", file=sys.stderr)
            return 1
        print_report_notes(report, settings)
        print(
            f"seed is valid: {len(report.seed.entities)} entities, {len(report.seed.relationships)} "
            f"relationships, {len(report.seed.sources)} sources"
        )
        return 0
    if args.action == "locate":
        from graphsvc.curation.locate import locate_command

        return locate_command(settings, write=not args.dry_run)
    from graphsvc.curation import loader

    if args.action == "load":
        return loader.load_command(settings, progress=not args.quiet)
    if args.action == "export":
        return loader.export_command(settings, Path(args.out))
    return 2


def cmd_apikey(args: argparse.Namespace) -> int:
    """Print a new curation key once, and the line that configures it (its digest)."""
    from graphsvc.curation.access import new_key

    try:
        key, entry = new_key(args.name)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"API key for {args.name} (shown once; hand it over privately):")
    print(f"  {key}")
    print("Add this entry to GRAPHSVC_API_KEYS (comma-separated), then restart the service:")
    print(f"  {entry}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from graphsvc.curation import backup

    if args.command == "backup":
        return backup.backup_command(get_settings(), Path(args.file))
    return backup.restore_command(get_settings(), Path(args.file), assume_yes=args.yes)


def cmd_export(args: argparse.Namespace) -> int:
    from graphsvc.graph.export import export_graph_command

    filters = {name: getattr(args, name) for name in ("types", "rel_types", "sectors", "since", "until")}
    return export_graph_command(get_settings(), args.format, args.out, filters)


def cmd_browser_guide(args: argparse.Namespace) -> int:
    from graphsvc import browser_guide

    if args.serve:
        browser_guide.serve_guide(port=args.port)
        return 0
    print(f"wrote {browser_guide.write_guide()}")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from graphsvc import docs_gen

    return int(docs_gen.main() or 0)


def cmd_reconcile(args: argparse.Namespace) -> int:
    from graphsvc.reconcile.csv_file import reconcile_command

    return reconcile_command(get_settings(), Path(args.file), args.column, args.type, args.out)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "graphsvc.app:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=settings.workers,
        log_level="info",
        proxy_headers=True,
    )
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Command 1 of the README: local Neo4j if none is configured, schema, seed, API."""
    settings = get_settings()
    if not settings.neo4j_uri:
        code = cmd_neo4j(argparse.Namespace(action="start", instance=None))
        if code:
            return code
    from graphsvc.curation import loader

    code = loader.load_command(settings, progress=True)
    if code:
        return code
    host, port = args.host or settings.host, args.port or settings.port
    print()
    print(f"  API:            http://{host}:{port}/")
    print(f"  API docs:       http://{host}:{port}/docs")
    print(f"  Health:         http://{host}:{port}/health")
    print(f"  Explorer:       http://{host}:{port}/explorer")
    if not settings.neo4j_uri:
        local = _local(settings, None)
        print(f"  Neo4j Browser:  {local.browser_url}  (bolt {local.bolt_uri}, user neo4j, "
              f"password: `graphsvc neo4j password`)")
    print()
    return cmd_serve(args)


def cmd_ingest(args: argparse.Namespace) -> int:
    from graphsvc.ingest.command import run

    return run(args, get_settings())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="graphsvc", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    neo4j = sub.add_parser("neo4j", help="fetch, start, stop and inspect the local Neo4j server")
    neo4j.add_argument("action", choices=["fetch", "start", "stop", "status", "password", "wipe"])
    neo4j.add_argument("--instance", default=None, help="instance name (default: dev)")
    neo4j.set_defaults(func=cmd_neo4j)

    seed = sub.add_parser("seed", help="validate, load or export the curated facts")
    seed.add_argument("action", choices=["validate", "load", "export", "locate"],
                      help="locate: write each excerpt's paragraph and character offsets into seed/ from the texts")
    seed.add_argument("--out", default="seed-export", help="export: folder to write")
    seed.add_argument("--quiet", action="store_true", help="load: no progress bar")
    seed.add_argument("--dry-run", action="store_true", help="locate: report, write nothing")
    seed.add_argument(
        "--strict", action="store_true",
        help="validate: the source texts must be present (every excerpt verified) and figures in an old form "
             "fail; implied by CI=true",
    )
    seed.set_defaults(func=cmd_seed)

    apikey = sub.add_parser("apikey", help="make an API key for curation writes")
    apikey.add_argument("action", choices=["new"])
    apikey.add_argument("name", help="who holds the key (recorded as `actor` in the audit trail)")
    apikey.set_defaults(func=cmd_apikey)

    backup = sub.add_parser("backup", help="write the whole graph to FILE (gzip JSON lines)")
    backup.add_argument("file")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="replace the whole graph with the backup in FILE")
    restore.add_argument("file")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(func=cmd_backup)

    export = sub.add_parser(
        "export", help="write the whole graph, or a filtered part, as json/cytoscape/d3/graphml/gexf/csv"
    )
    export.add_argument("--format", default="graphml", choices=["json", "cytoscape", "d3", "graphml", "gexf", "csv"])
    export.add_argument("--out", required=True, help="file to write, or - for stdout")
    for name in ("types", "rel_types", "sectors", "since", "until"):
        export.add_argument(f"--{name.replace('_', '-')}", dest=name, default=None)
    export.set_defaults(func=cmd_export)

    guide = sub.add_parser("browser-guide", help="write (or serve) the Neo4j Browser guide from cypher/browser/guide/")
    guide.add_argument("--serve", action="store_true", help="serve it on localhost for :play")
    guide.add_argument("--port", type=int, default=8001)
    guide.set_defaults(func=cmd_browser_guide)

    docs = sub.add_parser("docs", help="regenerate docs/coverage.md and the data-model tables from the seed")
    docs.set_defaults(func=cmd_docs)

    from graphsvc.ingest.command import add_arguments as ingest_arguments

    ingest = sub.add_parser("ingest", help="ingest a text (candidates for review), or `ingest evaluate` the rules")
    ingest_arguments(ingest)
    ingest.set_defaults(func=cmd_ingest)

    reconcile = sub.add_parser(
        "reconcile", help="match a CSV column against the graph; writes it back with id, name, score, match"
    )
    reconcile.add_argument("file", help="the CSV file (UTF-8, first row the header)")
    reconcile.add_argument("--column", required=True, help="the column holding the names to match")
    reconcile.add_argument("--type", default=None, help="only entities of this type (State, Organisation, ...)")
    reconcile.add_argument("--out", default=None, help="where to write (default FILE-reconciled.csv; - for stdout)")
    reconcile.set_defaults(func=cmd_reconcile)

    for name, func, text in (
        ("serve", cmd_serve, "serve the HTTP API"),
        ("run", cmd_run, "start local Neo4j (unless NEO4J_URI is set), load the seed, serve the API"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("--host", default=None)
        command.add_argument("--port", type=int, default=None)
        command.set_defaults(func=func)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
