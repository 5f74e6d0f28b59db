"""The generated parts of the docs match what generates them: the vocabulary
tables in docs/data-model.md, and docs/coverage.md from the current seed
(regenerate both with `python -m graphsvc.docs_gen`)."""

from __future__ import annotations

import re

from graphsvc.docs_gen import COVERAGE, DATA_MODEL, coverage_from_settings, data_model_tables
from graphsvc.settings import PROJECT_ROOT
from graphsvc.vocabulary import RELATIONSHIP_TYPES, SECTORS


def test_data_model_contains_the_generated_tables_verbatim() -> None:
    text = DATA_MODEL.read_text(encoding="utf-8")
    for name, table in data_model_tables().items():
        section = f"<!-- generated:{name} -->\n{table}\n<!-- end:{name} -->"
        assert section in text, f"docs/data-model.md: table '{name}' is stale; run `python -m graphsvc.docs_gen`"


def test_relationship_table_has_one_row_per_type_with_its_meaning() -> None:
    table = data_model_tables()["relationship-types"]
    rows = table.splitlines()[2:]
    assert len(rows) == len(RELATIONSHIP_TYPES)
    for row, (rel_type, meaning) in zip(rows, RELATIONSHIP_TYPES.items(), strict=True):
        assert row.startswith(f"| `{rel_type}` | {meaning} |")
    assert "| `COOPERATES_WITH` |" in table and "symmetric" in table.split("`COOPERATES_WITH`")[1].splitlines()[0]
    assert len(data_model_tables()["sectors"].splitlines()) == len(SECTORS) + 2


def test_coverage_doc_matches_the_current_seed() -> None:
    assert COVERAGE.read_text(encoding="utf-8") == coverage_from_settings(), (
        "docs/coverage.md is stale; run `python -m graphsvc.docs_gen`"
    )


def test_entity_counts_query_names_every_relationship_type() -> None:
    """entity_by_id counts each type from the store's degrees, one COUNT per type:
    a type added to the vocabulary must be added there too, or it would never be counted."""
    text = (PROJECT_ROOT / "cypher" / "queries" / "entity_by_id.cypher").read_text(encoding="utf-8")
    counted = re.findall(r"\{type: '([A-Z_]+)', count: COUNT \{ \(n\)-\[:([A-Z_]+)\]-\(\) \}\}", text)
    assert [name for name, _ in counted] == [pattern for _, pattern in counted]
    assert [name for name, _ in counted] == list(RELATIONSHIP_TYPES)
