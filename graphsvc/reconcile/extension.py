"""Data extension: which properties each type offers, and their values for reconciled ids.

Values come from `reconcile_entity_facts` (members, memberships, seat,
founding date, aliases) and, for `cooperation_score`, from the cooperation
module's own definition of the score (graph/cooperation/definition.py), for the pair
(row, the partner chosen in the property's `partner` setting).
"""

from __future__ import annotations

import re
from typing import Any

from graphsvc.db import Database
from graphsvc.graph.cooperation.definition import ACTOR_TYPES, facts_score
from graphsvc.graph.cooperation.gathering import gather_facts
from graphsvc.graph.entities import resolve_entity
from graphsvc.graph.filters import graph_filters
from graphsvc.reconcile.languages import in_language
from graphsvc.reconcile.matching import entity_facts, founding_date
from graphsvc.reconcile.requests import ExtendProperty, ExtendRequest, invalid_request
from graphsvc.reconcile.spec import ALIAS_LANGUAGES, PROPERTIES, PROPERTY_BY_ID, TYPE_NAMES, type_id

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# The type of the entities an entity-valued property answers (OpenRefine reconciles the new column to it).
_VALUE_TYPES: dict[str, str] = {"memberships": "Organisation", "seat": "Place"}


def propose_properties(type_raw: str | None, limit: int | None) -> dict[str, Any]:
    """GET /reconcile/propose_properties: the properties data extension offers for a type (all when none)."""
    answer: dict[str, Any] = {}
    if type_raw is not None and type_raw.strip():
        found = type_id(type_raw)
        if found is None:
            raise invalid_request("type", f"unknown type '{type_raw[:60]}'; the types are {', '.join(TYPE_NAMES)}")
        answer["type"] = found
        offered = [p for p in PROPERTIES if p.extend and found in p.types]
    else:
        offered = [p for p in PROPERTIES if p.extend]
    if limit is not None:
        offered = offered[: max(0, limit)]
        answer["limit"] = limit
    answer["properties"] = [{"id": p.id, "name": p.name, "description": p.description} for p in offered]
    return answer


def _value_limit(setting: Any) -> int:
    """The `limit` setting (0 or absent: every value). OpenRefine sends settings as strings."""
    if setting is None or setting == "":
        return 0
    try:
        value = int(float(setting))
    except (TypeError, ValueError):
        raise invalid_request("extend", "setting 'limit' must be a number (0 for every value)") from None
    return max(0, value)


def _entity_values(related: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ordered = sorted(related, key=lambda e: (str(e.get("name") or "").casefold(), e["id"]))
    return [{"id": e["id"], "name": e.get("name") or e["id"]} for e in ordered]


def _date_value(date: str) -> dict[str, Any]:
    # A full date becomes a date cell; a partial one (2007, 1993-07) stays text rather than gain a day it has not.
    return {"date": f"{date}T00:00:00Z"} if _FULL_DATE.match(date) else {"str": date}


async def _cooperation_scores(db: Database, ids: list[str], partner_ref: Any) -> tuple[str, dict[str, float]]:
    """The partner's name, and each of `ids` (actors) -> its cooperation score with it (0: nothing shared)."""
    if not isinstance(partner_ref, str) or not partner_ref.strip():
        raise invalid_request(
            "extend", "property 'cooperation_score' needs the setting 'partner': an actor's id or unambiguous name"
        )
    partner = await resolve_entity(db, partner_ref, "partner")
    if partner["type"] not in ACTOR_TYPES or not ids:
        return partner["name"], {}
    facts, names = await gather_facts(
        db, ids, graph_filters(), partner_types=[partner["type"]], partner_ids=[partner["id"]], with_evidence=False
    )
    scores = {
        actor_id: facts_score(f for f in facts if f.actor == actor_id and f.partner == partner["id"] != actor_id)
        for actor_id in ids
    }
    return partner["name"], scores


def _meta(prop: ExtendProperty, partner_name: str | None) -> dict[str, Any]:
    definition = PROPERTY_BY_ID[prop.id]
    name = definition.name
    if prop.id == "aliases" and prop.settings.get("lang") not in (None, "", "all"):
        name = f"aliases ({ALIAS_LANGUAGES[str(prop.settings['lang'])]})"
    if prop.id == "cooperation_score" and partner_name:
        name = f"cooperation score with {partner_name}"
    meta: dict[str, Any] = {"id": prop.id, "name": name}
    if prop.id in _VALUE_TYPES:
        meta["type"] = {"id": _VALUE_TYPES[prop.id], "name": TYPE_NAMES[_VALUE_TYPES[prop.id]]}
    return meta


async def extend(db: Database, request: ExtendRequest) -> dict[str, Any]:
    """POST /reconcile with `extend`: {"meta": [...], "rows": {id: {property: [values]}}}."""
    for prop in request.properties:
        lang = prop.settings.get("lang")
        if prop.id == "aliases" and lang not in (None, "") and lang not in ALIAS_LANGUAGES:
            raise invalid_request("extend", f"setting 'lang' is one of {', '.join(ALIAS_LANGUAGES)}")
    limits = {prop.id: _value_limit(prop.settings.get("limit")) for prop in request.properties}
    facts = await entity_facts(db, list(dict.fromkeys(request.ids)))
    scores: dict[str, float] = {}
    partner_name = None
    for prop in request.properties:
        if prop.id == "cooperation_score":
            actors = [i for i, row in facts.items() if row["type"] in ACTOR_TYPES]
            partner_name, scores = await _cooperation_scores(db, actors, prop.settings.get("partner"))
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for entity_id in request.ids:
        row = facts.get(entity_id)
        values: dict[str, list[dict[str, Any]]] = {}
        for prop in request.properties:
            found: list[dict[str, Any]] = []
            # a property answers only for the types that have it (a state has no seat)
            if row is not None and row["type"] in PROPERTY_BY_ID[prop.id].types:
                if prop.id in ("members", "memberships", "seat"):
                    found = _entity_values(row[prop.id])
                elif prop.id == "founded":
                    date = founding_date(row)
                    found = [_date_value(date)] if date else []
                elif prop.id == "aliases":
                    choice = str(prop.settings.get("lang") or "all")
                    found = [{"str": a} for a in row["props"].get("aliases") or [] if in_language(a, choice)]
                elif prop.id == "cooperation_score" and entity_id in scores:
                    found = [{"float": scores[entity_id]}]
            if limits[prop.id]:
                found = found[: limits[prop.id]]
            values[prop.id] = found
        rows[entity_id] = values
    return {"meta": [_meta(prop, partner_name) for prop in request.properties], "rows": rows}
