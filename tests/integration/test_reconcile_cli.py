"""`graphsvc reconcile FILE.csv --column name [--type State]` against the real Neo4j."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graphsvc.cli import build_parser
from graphsvc.reconcile.csv_file import reconcile_command
from graphsvc.settings import Settings

ROWS = [
    ["Türk Devletleri Teşkilatı", "2009"],
    ["TİKA", ""],
    ["Nur-Sultan", "capital"],
    ["Paris", "not in the graph"],
    ["", "empty cell"],
    ["Қазақстан", "Cyrillic"],
]


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_command_line_parses_the_arguments() -> None:
    args = build_parser().parse_args(["reconcile", "list.csv", "--column", "name", "--type", "State"])
    assert (args.file, args.column, args.type, args.out) == ("list.csv", "name", "State", None)


def test_a_csv_comes_back_with_id_name_score_and_match(settings: Settings, loaded_graph: str, tmp_path: Path) -> None:
    source = tmp_path / "actors.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as handle:  # as spreadsheets save it, with a BOM
        csv.writer(handle).writerows([["actor", "note"], *ROWS])
    assert reconcile_command(settings, source, "actor", None, None) == 0
    rows = read(tmp_path / "actors-reconciled.csv")
    assert [r["actor"] for r in rows] == [r[0] for r in ROWS]  # the file's own columns kept, in order
    assert [r["note"] for r in rows] == [r[1] for r in ROWS]
    assert [r["id"] for r in rows] == ["org:ots", "org:tika", "place:astana", "", "", "state:kazakhstan"]
    assert [r["match"] for r in rows] == ["true", "true", "true", "false", "false", "true"]
    assert rows[0]["name"] == "Organisation of Turkic States" and rows[0]["score"] == "100"


def test_type_and_clashing_column_names(settings: Settings, loaded_graph: str, tmp_path: Path) -> None:
    source = tmp_path / "names.csv"
    source.write_text("name,id\nKazakhstan,1\nAstana,2\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert reconcile_command(settings, source, "name", "state", str(out)) == 0
    rows = read(out)
    assert list(rows[0]) == ["name", "id", "reconciled_id", "reconciled_name", "score", "match"]
    assert rows[0]["reconciled_id"] == "state:kazakhstan" and rows[0]["id"] == "1"
    assert rows[1]["reconciled_id"] == ""  # Astana is a Place, not a State


@pytest.mark.parametrize(("column", "type_"), [("missing", None), ("name", "Planet")])
def test_bad_arguments_exit_2(settings: Settings, tmp_path: Path, column: str, type_: str | None,
                              capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "names.csv"
    source.write_text("name\nKazakhstan\n", encoding="utf-8")
    assert reconcile_command(settings, source, column, type_, None) == 2
    assert "graphsvc reconcile:" in capsys.readouterr().err
    assert not (tmp_path / "names-reconciled.csv").exists()
