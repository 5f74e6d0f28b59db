"""Dates as the sources give them: EDTF (ISO 8601-2), and the days they can mean.

A `start` or `end` is stored as written — "1993", "2021-12~" (approximately
December 2021), "199X" (some year of the 1990s), "2009/.." (from 2009 on),
"XXXX-04-23" (an April 23 of an unknown year) — and with its *bounds*: the
first and the last day it can possibly mean, as full ISO dates
(`YYYY-MM-DD`), so every time filter compares strings of one shape.

Parsing and the span of approximate (`~`) and uncertain (`?`) dates come from
the `edtf` package (the Library of Congress grammar; its "fuzzy" bounds widen
a qualified date by one unit of each qualified part: "2021-12~" can mean
2020-11-01 .. 2023-01-31). This module is the one place that knows EDTF;
seed validation, the loader, curation writes and the API's time windows all
derive from it.

Where a bound cannot be named it is *open* (None), as for an undated fact:
- an unknown year ("XXXX-04-23", "XXXX") bounds nothing: the date says which
  day of the year, not when, so a fact dated so counts in every window;
- ".." (open interval end) and "" (unknown interval end) are open;
- years before 1 cannot be written as ISO strings that compare correctly, so
  a lower bound before year 1 is open and an upper bound before year 1 is
  "0000-01-01" (before every window, which start at year 1 or later);
  a bound after 9999 is open at the top.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import time
from dataclasses import dataclass
from functools import lru_cache

from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

# The EDTF grammar accepts more than ISO digits in no place, but Python's str methods
# would; [0-9] keeps other scripts' digits (１９９３) out of stored bounds.
_ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_UNKNOWN_YEAR = re.compile(r"(^|[/\[{,.])X{4}")
FIRST_DAY = "0000-01-01"
# A plain ISO date (2009, 2010-03, 2022-12-19): most dates are, and their bounds need no grammar.
_PLAIN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


class DateError(ValueError):
    """A string that is not an EDTF date, or a date that cannot bound a window."""


@dataclass(frozen=True)
class Bounds:
    """The first and last day a date can mean (ISO `YYYY-MM-DD`); None where open."""

    lower: str | None
    upper: str | None


def check_edtf(value: object) -> str | None:
    """The date as written, checked; None for no date. Raises DateError naming the problem."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if _plain_bounds(text) is not None:
        return text
    if not text.isascii():
        raise DateError(f"'{text[:40]}' is not an EDTF date: use ASCII digits (1993, 2021-12~, 199X, 2009/..)")
    try:
        parse_edtf(text)
    except (EDTFParseException, ValueError, TypeError, OverflowError) as exc:
        raise DateError(
            f"'{text[:40]}' is not an EDTF date (ISO 8601-2), e.g. 1993, 2010-03, 2022-12-19, "
            f"2021-12~ (approximate), 2021? (uncertain), 199X (a decade), 2009/.. (from 2009 on), "
            f"XXXX-04-23 (unknown year): {_reason(exc)}"
        ) from exc
    return text


def _reason(exc: Exception) -> str:
    return str(exc).split(". Please")[0][:120] or type(exc).__name__


def _plain_bounds(text: str) -> Bounds | None:
    """The bounds of a valid plain ISO date from year 1 on, without the EDTF grammar; None for anything else."""
    match = _PLAIN.match(text)
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    if year is None or year < 1:
        return None
    try:
        if day is not None and month is not None:
            return Bounds(dt.date(year, month, day).isoformat(), dt.date(year, month, day).isoformat())
        if month is not None:
            last = calendar.monthrange(year, month)[1]
            return Bounds(dt.date(year, month, 1).isoformat(), dt.date(year, month, last).isoformat())
    except (ValueError, calendar.IllegalMonthError):
        return None  # not a date: the grammar names the problem
    return Bounds(f"{year:04d}-01-01", f"{year:04d}-12-31")


@lru_cache(maxsize=65536)
def bounds(value: str | None) -> Bounds:
    """The possible span of an EDTF date: its first and last possible day; open ends are None.

    Cached: a graph repeats a few thousand dates over many facts, and the grammar is slow.
    """
    if value is not None:
        plain = _plain_bounds(str(value).strip())
        if plain is not None:
            return plain
    text = check_edtf(value)
    if text is None:
        return Bounds(None, None)
    parsed = parse_edtf(text)
    if _UNKNOWN_YEAR.search(text):
        return Bounds(None, None)
    return Bounds(_lower_day(parsed.lower_fuzzy()), _upper_day(parsed.upper_fuzzy()))


def _year_month_day(moment: object) -> tuple[int, int, int] | None:
    if not isinstance(moment, time.struct_time):
        return None  # the package's +/-infinity for open interval ends
    return moment.tm_year, moment.tm_mon, moment.tm_mday


def _lower_day(moment: object) -> str | None:
    parts = _year_month_day(moment)
    if parts is None or parts[0] < 1:
        return None
    if parts[0] > 9999:
        return "9999-12-31"
    return "%04d-%02d-%02d" % parts


def _upper_day(moment: object) -> str | None:
    parts = _year_month_day(moment)
    if parts is None or parts[0] > 9999:
        return None
    if parts[0] < 1:
        return FIRST_DAY
    return "%04d-%02d-%02d" % parts


def lower_bound(value: str) -> str | None:
    """The first day a date can mean: "2009" -> "2009-01-01", "199X" -> "1990-01-01"."""
    return bounds(value).lower


def upper_bound(value: str) -> str | None:
    """The last day a date can mean: "2024-02" -> "2024-02-29", "2009/.." -> None (open)."""
    return bounds(value).upper


def in_order(start: str | None, end: str | None) -> bool:
    """False when `start` certainly comes after `end` (its first possible day after end's last)."""
    if not start or not end:
        return True
    first, last = bounds(start).lower, bounds(end).upper
    return first is None or last is None or first <= last


@dataclass(frozen=True)
class FactTime:
    """What the loader stores beside `start`/`end`: each one's bounds, and the span the filters read."""

    start_lower: str | None
    start_upper: str | None
    end_lower: str | None
    end_upper: str | None
    t_from: str | None
    t_to: str | None

    def properties(self) -> dict[str, str | None]:
        return {
            "start_lower": self.start_lower,
            "start_upper": self.start_upper,
            "end_lower": self.end_lower,
            "end_upper": self.end_upper,
            "t_from": self.t_from,
            "t_to": self.t_to,
        }


def fact_time(start: str | None, end: str | None, point_in_time: bool) -> FactTime:
    """The possible span of a fact: from the first day `start` can mean to the last day `end` can mean.

    A point-in-time fact (a signature, a founding, an event) with no `end`
    lasts the period its `start` names; a period fact (a membership, a post)
    with no `end` is open-ended.
    """
    start_bounds, end_bounds = bounds(start), bounds(end)
    if end:
        t_to = end_bounds.upper
    elif point_in_time and start:
        t_to = start_bounds.upper
    else:
        t_to = None
    return FactTime(
        start_lower=start_bounds.lower,
        start_upper=start_bounds.upper,
        end_lower=end_bounds.lower,
        end_upper=end_bounds.upper,
        t_from=start_bounds.lower,
        t_to=t_to,
    )


def window(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """A time window [since, until] as full ISO days: the first day `since` can mean, the last `until` can.

    A window bound must name a time: "XXXX-04-23" or ".." cannot start or end one.
    """
    for bound in (since, until):
        # The filters compare days: a time of day would be silently dropped, and no fact lies before year 1.
        if bound and "T" in bound:
            raise DateError(f"'{bound[:40]}' has a time of day; a time window is made of days (2025, 2025-01-01)")
        if bound and bound.startswith("-"):
            raise DateError(f"'{bound[:40]}' is before the year 1; the graph's dates start at year 1")
    window_from = window_to = None
    if since:
        window_from = bounds(since).lower
        if window_from is None:
            raise DateError(f"'{since}' names no first day, so it cannot start a time window")
    if until:
        window_to = bounds(until).upper
        if window_to is None:
            raise DateError(f"'{until}' names no last day, so it cannot end a time window")
    return window_from, window_to


def is_iso_day(value: str) -> bool:
    return bool(_ISO_DAY.match(value))
