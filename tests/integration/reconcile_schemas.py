"""The W3C reconciliation specification's own JSON schemas, set up to validate offline.

As ../shared/reconciliation/README.md says: python-jsonschema, Draft 7, and a
`referencing` registry of the files of one version's `schemas/` folder, so no
`$ref` (type.json, the Swagger meta-schema of `authentication`) needs the
network. tests/integration/test_reconcile_schemas.py first checks that this
set-up classifies the specification's own examples as their folders say.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SPEC_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "reconciliation"
VERSIONS = ("0.2", "1.0-draft")

# Example folders with no schema file of their own, and the part of a schema that defines them.
SUB_SCHEMAS: dict[str, tuple[str, str]] = {
    "data-extension-metadata": ("manifest", "/properties/extend"),
    "preview-metadata": ("manifest", "/properties/preview"),
    "suggest-metadata": ("manifest", "/properties/suggest"),
    "reconciliation-candidate": ("reconciliation-result-batch", "/patternProperties/%5E.%2A%24/properties/result/items"),
}
# 1.0-draft batches hold lists of results rather than objects keyed by query.
SUB_SCHEMAS_1_0: dict[str, tuple[str, str]] = {
    **SUB_SCHEMAS,
    "reconciliation-candidate": ("reconciliation-result-batch", "/properties/results/items/properties/candidates/items"),
}


def sub_schemas(version: str) -> dict[str, tuple[str, str]]:
    return SUB_SCHEMAS if version == "0.2" else SUB_SCHEMAS_1_0


def schema_path(version: str, name: str) -> Path:
    return SPEC_ROOT / version / "schemas" / f"{name}.json"


@functools.cache
def registry(version: str) -> Registry:
    """Every schema of the version, under its `$id` (and its file name), as Draft 7."""
    resources = []
    for path in sorted((SPEC_ROOT / version / "schemas").glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource(contents=contents, specification=DRAFT7)
        if "$id" in contents:
            resources.append((contents["$id"].rstrip("#"), resource))
            resources.append((contents["$id"], resource))
        resources.append((path.name, resource))
    return Registry().with_resources(resources)


@functools.cache
def validator(version: str, name: str) -> Draft7Validator:
    """A Draft 7 validator of the schema `name` (or of a part of one, see SUB_SCHEMAS)."""
    base, pointer = sub_schemas(version).get(name, (name, ""))
    schema = json.loads(schema_path(version, base).read_text(encoding="utf-8"))
    if pointer:
        # a reference into the schema, so that its own relative references still resolve
        schema = {"$ref": schema["$id"] + "#" + pointer}
    return Draft7Validator(schema, registry=registry(version))


def errors(version: str, name: str, document: Any) -> list[str]:
    """What makes `document` invalid against the schema (empty when valid)."""
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message[:300]}"
        for error in validator(version, name).iter_errors(document)
    ]


def assert_valid(version: str, name: str, document: Any) -> None:
    found = errors(version, name, document)
    assert not found, f"not a valid {name} ({version}):\n" + "\n".join(found[:10])


def examples(version: str) -> list[tuple[str, str, Path]]:
    """(schema name, 'valid' | 'invalid', path) of every JSON example that has a schema to check it."""
    found = []
    for folder in sorted((SPEC_ROOT / version / "examples").iterdir()):
        name = folder.name
        if not schema_path(version, name).exists() and name not in sub_schemas(version):
            continue
        for verdict in ("valid", "invalid"):
            for path in sorted((folder / verdict).glob("*.json")):
                found.append((name, verdict, path))
    return found
