"""The audit trail of curated writes, read back: GET /audit.

Each write records an :AuditEntry in its own transaction (curation/writes.py,
`write_audit_record.cypher`); this module only reads them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Literal

from pydantic import BaseModel, Field

from graphsvc import dates
from graphsvc.curation.writes import Kind
from graphsvc.db import Database


class AuditEntry(BaseModel):
    id: str
    seq: int = Field(description="position in the audit trail (1 = first write)")
    at: str = Field(description="UTC time of the write, ISO 8601")
    actor: str = Field(description="name of the API key that wrote")
    action: Literal["create", "update", "delete"]
    target_kind: Kind
    target_id: str
    before: Any = Field(description="the target as stored before the write (null for a create)")
    after: Any = Field(description="the target as stored after the write (null for a delete)")


class AuditLog(BaseModel):
    items: list[AuditEntry]
    total: int = Field(description="entries matching the filters (items holds at most `limit`)")


def normalise_since(value: str) -> str:
    """A partial date or an ISO timestamp -> the UTC form audit entries carry."""
    value = value.strip()
    if re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", value):
        moment = dt.datetime.fromisoformat(dates.lower_bound(value) or value).replace(tzinfo=dt.timezone.utc)
    else:
        moment = dt.datetime.fromisoformat(value)  # raises ValueError when it is not ISO 8601
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


async def audit_log(db: Database, since: str | None, target: str | None, limit: int) -> AuditLog:
    rows = await db.read("audit_entries", {"since": since, "target": target, "limit": limit})
    row = rows[0]
    items = [
        AuditEntry(**{**entry, "before": _parse(entry.get("before")), "after": _parse(entry.get("after"))})
        for entry in row["items"]
    ]
    return AuditLog(items=items, total=row["total"])


def _parse(value: str | None) -> Any:
    return None if value is None else json.loads(value)
