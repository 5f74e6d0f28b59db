"""EDTF dates (graphsvc/dates.py): what parses, the days a date can mean, and time windows."""

from __future__ import annotations

import pytest

from graphsvc import dates
from graphsvc.graph.filters import graph_filters
from graphsvc.errors import Problem


@pytest.mark.parametrize(
    ("value", "lower", "upper"),
    [
        ("1993", "1993-01-01", "1993-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2022-12-19", "2022-12-19", "2022-12-19"),
        ("199X", "1990-01-01", "1999-12-31"),  # some year of the 1990s
        ("15XX", "1500-01-01", "1599-12-31"),  # a century
        ("2009/..", "2009-01-01", None),  # from 2009 on: open at the top
        ("../2009", None, "2009-12-31"),
        ("1990/1999", "1990-01-01", "1999-12-31"),
        ("XXXX-04-23", None, None),  # an April 23 of no known year bounds nothing
        ("-0209", None, dates.FIRST_DAY),  # before year 1: open below, before every window above
    ],
)
def test_bounds_are_the_first_and_last_possible_day(value: str, lower: str | None, upper: str | None) -> None:
    assert dates.check_edtf(value) == value, "stored as written"
    assert dates.bounds(value) == dates.Bounds(lower, upper)


def test_approximate_and_uncertain_dates_widen_their_span() -> None:
    exact, about, maybe = dates.bounds("2021-12"), dates.bounds("2021-12~"), dates.bounds("2021?")
    assert exact == dates.Bounds("2021-12-01", "2021-12-31")
    assert about.lower is not None and about.upper is not None
    assert about.lower < exact.lower and about.upper > exact.upper, "about December 2021 may be a little off"
    assert maybe.lower is not None and maybe.lower < "2021-01-01" and maybe.upper is not None and maybe.upper > "2021-12-31"


@pytest.mark.parametrize("value", ["1993-13", "1993-02-30", "03/1993", "1993.5", "soon", "１９９３", "19930", "2021-12~~"])
def test_invalid_strings_are_refused_naming_the_value(value: str) -> None:
    with pytest.raises(dates.DateError) as raised:
        dates.check_edtf(value)
    assert value in str(raised.value) and "EDTF" in str(raised.value)


def test_no_date_is_none() -> None:
    assert dates.check_edtf(None) is None
    assert dates.check_edtf("  ") is None
    assert dates.bounds(None) == dates.Bounds(None, None)


def overlaps(span: dates.FactTime, window_from: str | None, window_to: str | None) -> bool:
    """The service's window rule as every filtered Cypher query states it, on the stored bounds."""
    return (window_to is None or span.t_from is None or span.t_from <= window_to) and (
        window_from is None or span.t_to is None or span.t_to >= window_from
    )


def test_a_fact_of_the_1990s_counts_in_a_window_from_1995() -> None:
    nineties = dates.fact_time("199X", None, point_in_time=True)
    assert (nineties.t_from, nineties.t_to) == ("1990-01-01", "1999-12-31")
    assert overlaps(nineties, *dates.window("1995", None))
    assert overlaps(nineties, *dates.window("1995", "1995"))
    assert not overlaps(nineties, *dates.window("2000", None))
    assert not overlaps(nineties, *dates.window(None, "1989"))


def test_fact_time_keeps_each_bound_and_the_span_the_filters_read() -> None:
    membership = dates.fact_time("2009", None, point_in_time=False)
    assert membership.properties() == {
        "start_lower": "2009-01-01", "start_upper": "2009-12-31", "end_lower": None, "end_upper": None,
        "t_from": "2009-01-01", "t_to": None,
    }
    ranked = dates.fact_time("2024", "2024", point_in_time=False)
    assert (ranked.t_from, ranked.t_to) == ("2024-01-01", "2024-12-31")
    assert overlaps(ranked, *dates.window("2024", "2024")) and not overlaps(ranked, *dates.window("2023", "2023"))
    undated_year = dates.fact_time("XXXX-04-23", None, point_in_time=True)
    assert (undated_year.t_from, undated_year.t_to) == (None, None), "counts in every window, as undated facts do"


def test_in_order_compares_possible_spans() -> None:
    assert dates.in_order("199X", "1995")  # may be in order
    assert not dates.in_order("2000", "199X")
    assert dates.in_order("2009/..", None)


def test_windows_may_be_edtf_but_must_name_a_day() -> None:
    assert dates.window("199X", "2021-12") == ("1990-01-01", "2021-12-31")
    filters = graph_filters(since="199X", until="199X")
    assert (filters.window_from, filters.window_to) == ("1990-01-01", "1999-12-31")
    for since in ("XXXX-04-23", "../2009"):
        with pytest.raises(Problem) as raised:
            graph_filters(since=since)
        assert raised.value.status == 422 and raised.value.extensions["errors"][0]["parameter"] == "since"
    with pytest.raises(Problem):
        graph_filters(until="2009/..")
    with pytest.raises(Problem):
        graph_filters(since="1993-13")
