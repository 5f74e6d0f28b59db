"""The schema validator is set up right: it classifies the specification's own examples as their folders say.

Every answer of the reconciliation service is validated with this set-up
(tests/integration/reconcile_schemas.py), so it is checked first.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.reconcile_schemas import VERSIONS, errors, examples

EXAMPLES = [(version, name, verdict, path) for version in VERSIONS for name, verdict, path in examples(version)]


def test_the_specification_ships_valid_and_invalid_examples() -> None:
    verdicts = {verdict for _, _, verdict, _ in EXAMPLES}
    assert verdicts == {"valid", "invalid"}
    assert len(EXAMPLES) >= 100
    names = {name for _, name, _, _ in EXAMPLES}
    assert {"manifest", "reconciliation-query-batch", "reconciliation-result-batch", "data-extension-response",
            "suggest-entities-response"} <= names


@pytest.mark.parametrize(
    ("version", "name", "verdict", "path"), EXAMPLES, ids=[f"{v}/{n}/{d}/{p.name}" for v, n, d, p in EXAMPLES]
)
def test_example_is_classified_as_its_folder_says(version: str, name: str, verdict: str, path: Path) -> None:
    found = errors(version, name, json.loads(path.read_text(encoding="utf-8")))
    if verdict == "valid":
        assert found == [], found
    else:
        assert found, f"{path} should be invalid against {name}"
