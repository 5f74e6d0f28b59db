"""The preview card: a small HTML page about one entity, sized for OpenRefine's preview iframe.

Name, type and kind, dates, a few other names, its best-evidenced
relationships and a citation of a source that states them. Every value from
the graph is HTML-escaped; the page loads nothing else (inline style only).
"""

from __future__ import annotations

from html import escape
from typing import Any, Final

from graphsvc.db import Database
from graphsvc.errors import not_found
from graphsvc.reconcile.spec import TYPE_NAMES

# The iframe the manifest asks OpenRefine for (pixels).
PREVIEW_WIDTH: Final[int] = 400
PREVIEW_HEIGHT: Final[int] = 240
MAX_RELATIONS: Final[int] = 5
MAX_ALIASES: Final[int] = 4

_STYLE = (
    "body{margin:0;font:13px/1.35 system-ui,sans-serif;color:#1d2430;background:#fff}"
    ".card{box-sizing:border-box;width:100%;height:100%;padding:8px 10px;overflow:hidden}"
    "h1{font-size:15px;margin:0 0 2px}"
    ".what{color:#4a5566;margin:0 0 4px}"
    ".aka{color:#4a5566;font-size:12px;margin:0 0 4px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}"
    "ul{margin:0 0 4px;padding-left:16px}li{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}"
    ".cite{font-size:11px;color:#4a5566;margin:0}"
)


def citation(source: dict[str, Any]) -> str:
    """The short form readers cite: 'Bazarbayev et al. (2025)', 'Ismayilov (2026)', else the title."""
    authors = [str(a) for a in source.get("authors") or []]
    published = str(source.get("published") or source.get("year") or "")
    year = published[:4] if published[:4].isdigit() else "n.d."
    if not authors:
        return f"{source.get('title') or source.get('id')} ({year})"
    surnames = [a.split()[-1] for a in authors]
    if len(surnames) == 1:
        who = surnames[0]
    elif len(surnames) == 2:
        who = f"{surnames[0]} and {surnames[1]}"
    else:
        who = f"{surnames[0]} et al."
    return f"{who} ({year})"


def _relation_line(relation: dict[str, Any]) -> str:
    verb = relation["type"].lower().replace("_", " ")
    arrow = "→" if relation["outgoing"] else "←"
    when = f" ({escape(str(relation['start']))})" if relation.get("start") else ""
    return (
        f"<li>{escape(verb)} {arrow} {escape(str(relation['other_name'] or relation['other_id']))}"
        f" <small>{escape(TYPE_NAMES.get(relation['other_type'], str(relation['other_type'])))}</small>{when}</li>"
    )


def render_card(props: dict[str, Any], type_: str, relations: list[dict[str, Any]],
                sources: list[dict[str, Any]]) -> str:
    name = str(props.get("name") or props["id"])
    what = TYPE_NAMES.get(type_, type_)
    if props.get("kind"):
        what += " · " + str(props["kind"]).replace("_", " ")
    if props.get("start") and props.get("end"):
        what += f" · {props['start']}–{props['end']}"
    elif props.get("start"):
        what += f" · since {props['start']}"
    elif props.get("end"):
        what += f" · until {props['end']}"
    aliases = [str(a) for a in props.get("aliases") or []][:MAX_ALIASES]
    parts = [
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>{escape(name)}</title><style>{_STYLE}</style></head><body>",
        f"<div class=\"card\" data-id=\"{escape(str(props['id']))}\"><h1>{escape(name)}</h1>",
        f"<p class=\"what\">{escape(what)}</p>",
    ]
    if aliases:
        parts.append(f"<p class=\"aka\">also: {escape(' · '.join(aliases))}</p>")
    if relations:
        parts.append("<ul>" + "".join(_relation_line(r) for r in relations) + "</ul>")
    cited = sources[0] if sources else None
    if cited is not None:
        title = str(cited.get("title") or "")
        parts.append(f"<p class=\"cite\">Source: {escape(citation(cited))}, <i>{escape(title)}</i></p>")
    parts.append("</div></body></html>")
    return "".join(parts)


async def preview_html(db: Database, entity_id: str) -> str:
    rows = await db.read("reconcile_preview", {"id": entity_id, "max_relations": MAX_RELATIONS})
    if not rows:
        raise not_found("Entity", f"Parameter 'id': no entity has the id '{entity_id[:100]}'.", parameter="id")
    row = rows[0]
    relations = row["relations"]
    # Cite a source that states the first relationship shown, else one the entity cites itself.
    by_id = {source["id"]: source for source in row["sources"]}
    wanted = [r["source"] for r in relations if r.get("source")] + list(row["props"].get("sources") or [])
    sources = [by_id[source_id] for source_id in wanted if source_id in by_id]
    return render_card(row["props"], row["type"], relations, sources)
