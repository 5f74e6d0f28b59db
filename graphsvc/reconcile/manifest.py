"""The service manifest: what GET /reconcile answers when called bare."""

from __future__ import annotations

from typing import Any

from graphsvc import __version__
from graphsvc.reconcile.preview import PREVIEW_HEIGHT, PREVIEW_WIDTH
from graphsvc.reconcile.spec import ALIAS_LANGUAGES, MAX_BATCH, TYPE_DESCRIPTIONS, TYPE_NAMES

SERVICE_NAME = "graphsvc: actors of Turkic cooperation"

# Settings OpenRefine shows for each property of a data extension.
PROPERTY_SETTINGS: list[dict[str, Any]] = [
    {"name": "limit", "label": "Limit", "type": "number", "default": 0,
     "help_text": "Maximum number of values per row (0 for every value)"},
    {"name": "lang", "label": "Aliases in", "type": "select", "default": "all",
     "help_text": "For 'aliases': keep the names of one language or script",
     "choices": [{"value": value, "name": name} for value, name in ALIAS_LANGUAGES.items()]},
    {"name": "partner", "label": "Partner", "type": "text", "default": "",
     "help_text": "For 'cooperation score': the partner's id or name (e.g. state:turkiye)"},
]


def explorer_view_url(base: str, id_template: str) -> str:
    """The explorer opened on one actor, drawn and selected: explorer.js restores its view from
    `actor` and `sel`. `id_template` is the version's placeholder ("{{id}}" in 0.2, "{id}" in 1.0-draft)."""
    return f"{base}/explorer?actor={id_template}&sel={id_template}"


def service_manifest(base_url: str, service_path: str = "/reconcile") -> dict[str, Any]:
    """The 0.2 manifest; `base_url` is where clients reach the API (scheme, host, root path)."""
    base = base_url.rstrip("/")
    service = base + service_path
    return {
        "versions": ["0.2"],
        "name": SERVICE_NAME,
        # an entity's id appended to it is the URL of its JSON (GET /entities/{id})
        "identifierSpace": f"{base}/entities/",
        "schemaSpace": f"{base}/reconcile/suggest/type",
        "documentation": f"{base}/docs#/reconciliation",
        "serviceVersion": __version__,
        "view": {"url": explorer_view_url(base, "{{id}}")},
        "preview": {"url": f"{service}/preview?id={{{{id}}}}", "width": PREVIEW_WIDTH, "height": PREVIEW_HEIGHT},
        "suggest": {
            "entity": {"service_url": service, "service_path": "/suggest/entity"},
            "type": {"service_url": service, "service_path": "/suggest/type"},
            "property": {"service_url": service, "service_path": "/suggest/property"},
        },
        "extend": {
            "propose_properties": {"service_url": service, "service_path": "/propose_properties"},
            "property_settings": PROPERTY_SETTINGS,
        },
        "defaultTypes": [
            {"id": type_, "name": name, "description": TYPE_DESCRIPTIONS[type_]} for type_, name in TYPE_NAMES.items()
        ],
        # not in the 0.2 schema (which allows extra fields); yente announces its limit the same way
        "batchSize": MAX_BATCH,
    }
