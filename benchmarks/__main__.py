"""`python -m benchmarks synth|bench|report`: the benchmark's own command line."""

from __future__ import annotations

import argparse
import sys

from graphsvc.settings import get_settings


def cmd_synth(args: argparse.Namespace) -> int:
    from benchmarks.synth import parse_scale, synth_command

    return synth_command(
        get_settings(), parse_scale(args.relationships), args.seed, args.instance, progress=not args.quiet,
        method=args.method, keep_neo4j=args.keep_neo4j,
    )


def cmd_bench(args: argparse.Namespace) -> int:
    from benchmarks.bench import run_from_args

    return run_from_args(get_settings(), args)


def cmd_report(args: argparse.Namespace) -> int:
    from benchmarks.bench import REPORT, RESULTS_DIR
    from benchmarks.report import render

    REPORT.write_text(render(RESULTS_DIR), encoding="utf-8")
    print(f"wrote {REPORT} from {RESULTS_DIR}/*.json")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from benchmarks.bench import add_arguments

    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    synth = sub.add_parser("synth", help="generate and load a synthetic graph into the bench Neo4j instance")
    synth.add_argument("--relationships", required=True, help="10k, 100k, 1m or a number")
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument("--instance", default=None, help="local Neo4j instance (default: bench)")
    synth.add_argument("--method", choices=["unwind", "import"], default=None,
                       help="batched UNWIND transactions, or neo4j-admin database import full from CSV "
                            "(default: GRAPHSVC_BENCH_LOAD_METHOD, else unwind)")
    synth.add_argument("--keep-neo4j", action="store_true",
                       help="leave the bench Neo4j instance running at the end (it is stopped if this command "
                            "started it)")
    synth.add_argument("--quiet", action="store_true")
    synth.set_defaults(func=cmd_synth)

    bench = sub.add_parser("bench", help="benchmark the service against Neo4j's Query API and the raw driver")
    add_arguments(bench)
    bench.set_defaults(func=cmd_bench)

    report = sub.add_parser("report", help="render BENCHMARKS.md from benchmarks/results-*.json")
    report.set_defaults(func=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
