"""The command line: `graphsvc neo4j|seed|serve|run ...`."""

from __future__ import annotations

import argparse
import json
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
        report = seedfiles.validate(settings.seed_dir, settings.sources_dir)
        for problem in report.problems:
            print(problem, file=sys.stderr)
        if report.problems:
            print(f"{len(report.problems)} problem(s) in {settings.seed_dir}", file=sys.stderr)
            return 1
        print(
            f"seed is valid: {len(report.seed.entities)} entities, {len(report.seed.relationships)} "
            f"relationships, {len(report.seed.sources)} sources"
        )
        return 0
    from graphsvc.curation import loader

    if args.action == "load":
        return loader.load_command(settings, progress=not args.quiet)
    if args.action == "export":
        return loader.export_command(settings, Path(args.out))
    return 2


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="graphsvc", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    neo4j = sub.add_parser("neo4j", help="fetch, start, stop and inspect the local Neo4j server")
    neo4j.add_argument("action", choices=["fetch", "start", "stop", "status", "password", "wipe"])
    neo4j.add_argument("--instance", default=None, help="instance name (default: dev)")
    neo4j.set_defaults(func=cmd_neo4j)

    seed = sub.add_parser("seed", help="validate, load or export the curated facts")
    seed.add_argument("action", choices=["validate", "load", "export"])
    seed.add_argument("--out", default="seed-export", help="export: folder to write")
    seed.add_argument("--quiet", action="store_true", help="load: no progress bar")
    seed.set_defaults(func=cmd_seed)

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
