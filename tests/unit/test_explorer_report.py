"""BENCHMARKS.md's "Explorer" section is rendered from benchmarks/explorer_layout.py's JSON result."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.report import render

COMMITTED = Path(__file__).resolve().parents[2] / "benchmarks" / "explorer-layout.json"


def _section(directory: Path) -> str:
    out = render(directory)
    start = out.index("## Explorer")
    return out[start : out.index("\n## ", start + 1)]


def test_the_explorer_section_shows_the_results_figures_and_the_target(tmp_path: Path) -> None:
    result = json.loads(COMMITTED.read_text())
    result.update(layout_ms={"median": 210.5, "min": 180.0, "max": 260.0},
                  labels_ms={"median": 40.0, "min": 30.0, "max": 55.0}, load_before=0.4, load_after=0.6)
    (tmp_path / "explorer-layout.json").write_text(json.dumps(result))
    section = _section(tmp_path)
    assert "| layout | 210.5 | 180.0 | 260.0 |" in section
    assert "| labels | 40.0 | 30.0 | 55.0 |" in section
    assert f"({result['nodes']} actors, {result['relationships']} relationships" in section
    assert "< 500 ms: met" in section and "upper bounds" not in section
    result.update(layout_ms={"median": 480.0, "min": 400.0, "max": 700.0}, load_before=9.5)
    (tmp_path / "explorer-layout.json").write_text(json.dumps(result))
    section = _section(tmp_path)
    assert "< 500 ms: **missed**" in section and "upper bounds" in section


def test_no_result_no_section(tmp_path: Path) -> None:
    assert "## Explorer" not in render(tmp_path)
