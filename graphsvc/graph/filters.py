"""The filters shared by neighbourhood, paths, cooperation and export.

Lists arrive comma-separated (`types=State,Organisation`) and are checked
against the model's vocabulary; dates are EDTF (ISO 8601-2, graphsvc/dates.py):
`since=2015`, `since=199X`. A fact counts in a window [since, until] when
its possible span overlaps it; undated facts always count and are marked
`dated: false`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Query

from graphsvc import dates
from graphsvc.errors import invalid_parameter
from graphsvc.vocabulary import ENTITY_TYPES, RELATIONSHIP_TYPES, SECTORS


def parse_list(name: str, raw: str | None, allowed: tuple[str, ...] | list[str]) -> list[str] | None:
    """`"A,B"` -> ["A", "B"], each checked against `allowed` (case-insensitive)."""
    if raw is None or not raw.strip():
        return None
    by_lower = {value.lower(): value for value in allowed}
    values = []
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        if part.lower() not in by_lower:
            shown = ", ".join(allowed)
            raise invalid_parameter(name, f"'{part[:80]}' is not one of: {shown}")
        values.append(by_lower[part.lower()])
    return list(dict.fromkeys(values)) or None


def parse_date(name: str, raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    try:
        value = dates.check_edtf(raw.strip())
        if value is not None:
            dates.window(value if name == "since" else None, value if name == "until" else None)
        return value
    except ValueError as exc:
        raise invalid_parameter(name, str(exc)[:300]) from exc


@dataclass(frozen=True)
class GraphFilters:
    types: list[str] | None
    rel_types: list[str] | None
    sectors: list[str] | None
    since: str | None
    until: str | None

    @property
    def window_from(self) -> str | None:
        """The first day of the window (since=2015 -> 2015-01-01, since=199X -> 1990-01-01)."""
        return dates.window(self.since, None)[0]

    @property
    def window_to(self) -> str | None:
        """The last day of the window (until=2015 -> 2015-12-31)."""
        return dates.window(None, self.until)[1]

    def parameters(self) -> dict[str, Any]:
        """The Cypher parameters every filtered query takes."""
        return {
            "types": self.types,
            "rel_types": self.rel_types,
            "sectors": self.sectors,
            "window_from": self.window_from,
            "window_to": self.window_to,
        }


TypesParam = Annotated[
    str | None,
    Query(
        description="Comma-separated node types to keep: " + ", ".join(ENTITY_TYPES),
        examples=["State,Organisation"],
        max_length=500,
    ),
]
RelTypesParam = Annotated[
    str | None,
    Query(
        description="Comma-separated relationship types to follow, e.g. PARTY_TO,MEMBER_OF. "
        "The vocabulary is in docs/data-model.md.",
        examples=["PARTY_TO,MEMBER_OF"],
        max_length=1000,
    ),
]
SectorsParam = Annotated[
    str | None,
    Query(
        description="Comma-separated sectors; a relationship counts if it has any of them: " + ", ".join(SECTORS),
        examples=["culture,education"],
        max_length=500,
    ),
]
SinceParam = Annotated[
    str | None,
    Query(
        description="Start of the time window: an EDTF date (ISO 8601-2): 2015, 2015-06, 2015-06-01, "
        "199X (from the first day of the 1990s), 2021-12~ (about December 2021). A fact counts if its possible "
        "span overlaps the window; undated facts always count and are marked dated=false.",
        examples=["2015"],
        max_length=40,
    ),
]
UntilParam = Annotated[
    str | None,
    Query(
        description="End of the time window (inclusive): an EDTF date, its last possible day (199X: 1999-12-31).",
        examples=["2024"],
        max_length=40,
    ),
]


async def graph_filters_dep(
    types: TypesParam = None,
    rel_types: RelTypesParam = None,
    sectors: SectorsParam = None,
    since: SinceParam = None,
    until: UntilParam = None,
) -> GraphFilters:
    """FastAPI dependency: the parsed, checked filters (async: see graphsvc/deps.py)."""
    return graph_filters(types=types, rel_types=rel_types, sectors=sectors, since=since, until=until)


def graph_filters(
    types: TypesParam = None,
    rel_types: RelTypesParam = None,
    sectors: SectorsParam = None,
    since: SinceParam = None,
    until: UntilParam = None,
) -> GraphFilters:
    """The parsed, checked filters; 422 problems for bad ones."""
    filters = GraphFilters(
        types=parse_list("types", types, ENTITY_TYPES),
        rel_types=parse_list("rel_types", rel_types, list(RELATIONSHIP_TYPES)),
        sectors=parse_list("sectors", sectors, SECTORS),
        since=parse_date("since", since),
        until=parse_date("until", until),
    )
    if filters.window_from and filters.window_to and filters.window_from > filters.window_to:
        raise invalid_parameter("since", f"since ({filters.since}) is after until ({filters.until})")
    return filters
