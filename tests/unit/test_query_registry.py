"""The named-query registry: optional `// filter: $name` lines are left out for null or false parameters."""

from __future__ import annotations

from pathlib import Path

from graphsvc.db import QueryRegistry, optional_filter_parameter
from graphsvc.settings import get_settings

STATEMENT = """// example: a comment line stays
MATCH (a:Entity)-[r]-(b)
WHERE true
    AND ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))  // filter: $sectors
    AND NOT ($skip_direct AND b.id = $to)   //filter:$skip_direct
    AND ($exclude IS NULL OR NOT b.id IN $exclude) // filter: $exclude
RETURN b.id AS id
"""


def registry(tmp_path: Path) -> QueryRegistry:
    (tmp_path / "example.cypher").write_text(STATEMENT, encoding="utf-8")
    (tmp_path / "plain.cypher").write_text("RETURN $x // filter is a word here\n", encoding="utf-8")
    return QueryRegistry(tmp_path)


def test_lines_of_null_or_false_parameters_are_left_out(tmp_path: Path) -> None:
    text = registry(tmp_path).for_parameters("example", {"sectors": None, "skip_direct": False, "exclude": None})
    assert text == """// example: a comment line stays
MATCH (a:Entity)-[r]-(b)
WHERE true
RETURN b.id AS id
"""


def test_lines_of_given_parameters_stay_even_empty_lists(tmp_path: Path) -> None:
    # `type(r) IN []` is false for every row: an empty list is a filter, not its absence
    text = registry(tmp_path).for_parameters("example", {"sectors": [], "skip_direct": True, "exclude": ["x"]})
    assert text == STATEMENT


def test_zero_is_a_value_not_false(tmp_path: Path) -> None:
    text = registry(tmp_path).for_parameters("example", {"sectors": 0, "skip_direct": 0, "exclude": ""})
    assert text == STATEMENT


def test_a_missing_parameter_counts_as_null(tmp_path: Path) -> None:
    text = registry(tmp_path).for_parameters("example", {"sectors": ["culture"]})
    assert "$sectors" in text and "$skip_direct" not in text and "$exclude" not in text


def test_queries_without_filter_lines_are_sent_as_written(tmp_path: Path) -> None:
    queries = registry(tmp_path)
    assert queries.for_parameters("plain", {"x": None}) == queries["plain"]
    assert queries.optional_filters("plain") == []
    assert queries.optional_filters("example") == ["exclude", "sectors", "skip_direct"]


def test_every_optional_filter_line_of_the_project_tests_its_own_parameter() -> None:
    """A marked line must use the parameter that removes it, and be one `AND` term of a WHERE."""
    queries = QueryRegistry(get_settings().cypher_dir / "queries")
    marked = [name for name in queries.names() if queries.optional_filters(name)]
    assert "shortest_paths" in marked
    for name in marked:
        for line in queries[name].splitlines():
            parameter = optional_filter_parameter(line)
            if parameter is None:
                continue
            code = line[: line.rindex("//")]
            assert f"${parameter}" in code, (name, line)
            assert code.strip().startswith(("AND ", "AND NOT ")), (name, line)
            assert code.count("(") == code.count(")"), (name, line)
