"""The reach arrays' tallies against the walk's, for a few actors of a running graph (graphsvc/graph/cooperation/reach.py).

    NEO4J_URI=... NEO4J_PASSWORD=... python benchmarks/reach_parity.py actor...

For each actor and each part counted from the arrays (`COUNTED_FROM_ARRAYS`), the tallies (n, things, first things with
first_items 2 and None) counted from the arrays and walked by Neo4j, compared partner by partner; read only.
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any

from graphsvc.db import Database, connection_info, cypher_files
from graphsvc.graph.cooperation.definition import ACTOR_TYPES
from graphsvc.graph.cooperation.reach import read_reach
from graphsvc.graph.cooperation.reach_counts import COUNTED_FROM_ARRAYS
from graphsvc.graph.cooperation.tallies import tally_shared_things
from graphsvc.graph.filters import graph_filters
from graphsvc.settings import Settings


def of_kind(tallies: Any, names: Any, kind: str) -> dict[str, tuple[Any, ...]]:
    return {partner: (names[partner]["name"], names[partner]["type"], tallies[partner][kind].n,
                      tallies[partner][kind].things, tallies[partner][kind].first)
            for partner in tallies if kind in tallies[partner]}


async def main(actors: list[str]) -> int:
    settings = Settings()
    db = Database(connection_info(settings), cypher_files(settings), settings)
    unfiltered = graph_filters(sectors=None, since=None, until=None)
    failures = 0
    try:
        started = time.perf_counter()
        reach = await read_reach(db, timeout=600)
        print(f"reach read in {time.perf_counter() - started:.1f} s: {len(reach.ids)} entities, "
              f"arrays {reach.nbytes / 2**20:.1f} MiB", flush=True)
        for actor in actors:
            for kind in COUNTED_FROM_ARRAYS:
                for first_items in (2, None):
                    started = time.perf_counter()
                    walked = of_kind(*await tally_shared_things(
                        db, actor, unfiltered, partner_types=list(ACTOR_TYPES), kinds=[kind], timeout=600,
                        first_items=first_items), kind)
                    walk_took = time.perf_counter() - started
                    started = time.perf_counter()
                    counted = of_kind(*await tally_shared_things(
                        db, actor, unfiltered, partner_types=list(ACTOR_TYPES), kinds=[kind], timeout=600,
                        first_items=first_items, reach=reach), kind)
                    arrays_took = time.perf_counter() - started
                    same = counted == walked
                    failures += not same
                    print(f"{actor} {kind} first_items={first_items}: {len(walked)} partners walked in "
                          f"{walk_took:.2f} s, {len(counted)} counted in {arrays_took:.2f} s: "
                          f"{'same' if same else 'DIFFERENT'}", flush=True)
                    if not same:
                        differ = sorted(set(walked) ^ set(counted)) + sorted(
                            p for p in set(walked) & set(counted) if walked[p] != counted[p])
                        for partner in differ[:5]:
                            print("  ", partner, walked.get(partner), counted.get(partner))
    finally:
        await db.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
