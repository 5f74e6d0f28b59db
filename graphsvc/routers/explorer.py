"""GET /explorer: the interactive page, its own assets and the npm-installed library.

The page (`graphsvc/static/explorer.html`, `.js`, `.css`) talks to the HTTP
API only. Cytoscape.js comes from `graphsvc/static/node_modules` (installed
by `npm ci` from the committed package-lock.json; `./dev` does it), never
from a CDN, so the explorer works offline. Only the files listed here are
served.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, JSONResponse

from graphsvc.deps import SettingsDep
from graphsvc.errors import PROBLEM_MEDIA_TYPE, Problem, not_found
from graphsvc.palette import explorer_palette
from graphsvc.vocabulary import ENTITY_TYPES, RELATIONSHIP_TYPES, SECTORS

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

# URL name under /explorer/assets/ -> (file under graphsvc/static/, media type).
ASSETS: dict[str, tuple[str, str]] = {
    "explorer.js": ("explorer.js", "text/javascript; charset=utf-8"),
    "explorer.css": ("explorer.css", "text/css; charset=utf-8"),
    "views.js": ("views.js", "text/javascript; charset=utf-8"),
    "matrix.js": ("matrix.js", "text/javascript; charset=utf-8"),
    "timeline.js": ("timeline.js", "text/javascript; charset=utf-8"),
    "lib/cytoscape.min.js": ("node_modules/cytoscape/dist/cytoscape.min.js", "text/javascript; charset=utf-8"),
    # fcose (with its two base libraries, loaded in this order) lays out a
    # graph to fill the canvas and can keep drawn nodes fixed while new ones settle.
    "lib/layout-base.js": ("node_modules/layout-base/layout-base.js", "text/javascript; charset=utf-8"),
    "lib/cose-base.js": ("node_modules/cose-base/cose-base.js", "text/javascript; charset=utf-8"),
    "lib/cytoscape-fcose.js": ("node_modules/cytoscape-fcose/cytoscape-fcose.js", "text/javascript; charset=utf-8"),
    # A seeded Math.random while fcose runs: the same view draws the same picture (explorer.js `seeded`).
    "lib/seedrandom.min.js": ("node_modules/seedrandom/seedrandom.min.js", "text/javascript; charset=utf-8"),
}

router = APIRouter(tags=["explorer"])

_NO_CACHE = {"Cache-Control": "no-cache"}


@router.get(
    "/explorer",
    response_class=FileResponse,
    summary="The interactive explorer (a web page)",
    description=(
        "A page for exploring the graph without Cypher: search an actor, see its neighbourhood, "
        "expand it, find the paths between two actors, filter by sector and by years, and click "
        "any relationship to read its evidence (source, verbatim excerpt, locator, dates). Open "
        "http://127.0.0.1:8000/explorer in a browser."
    ),
    responses={200: {"content": {"text/html": {}}, "description": "The explorer page"}},
)
async def explorer_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "explorer.html", media_type="text/html; charset=utf-8", headers=_NO_CACHE)


@router.get(
    "/explorer/matrix",
    response_class=FileResponse,
    summary="The cooperation matrix (a web page)",
    description=(
        "A heat map of `/cooperation/matrix` for states or organisations, ordered so that actors that "
        "cooperate among themselves sit together; a cell opens the pair's score parts and evidence. "
        "Downloads as SVG, PNG and CSV."
    ),
    responses={200: {"content": {"text/html": {}}, "description": "The matrix page"}},
)
async def matrix_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "matrix.html", media_type="text/html; charset=utf-8", headers=_NO_CACHE)


@router.get(
    "/explorer/timeline",
    response_class=FileResponse,
    summary="An actor's timeline (a web page)",
    description=(
        "An actor's dated facts per year, by kind of cooperation, from `/cooperation/{id}/timeline`, "
        "optionally with one partner; the same numbers as a table; downloads as SVG, PNG and CSV."
    ),
    responses={200: {"content": {"text/html": {}}, "description": "The timeline page"}},
)
async def timeline_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "timeline.html", media_type="text/html; charset=utf-8", headers=_NO_CACHE)


@router.get(
    "/explorer/assets/vocabulary.json",
    summary="The model's vocabularies, for the explorer's legend and filters",
    description="Entity types, sectors and relationship types (with their meaning), as the explorer shows them.",
    include_in_schema=False,
)
async def explorer_vocabulary() -> JSONResponse:
    return JSONResponse(
        {"types": list(ENTITY_TYPES), "sectors": list(SECTORS), "relationship_types": dict(RELATIONSHIP_TYPES)}
    )


@router.get(
    "/explorer/assets/palette.json",
    summary="The node colours and shapes per type (the palette style.grass is generated from)",
    include_in_schema=False,
)
async def explorer_palette_json() -> JSONResponse:
    return JSONResponse(explorer_palette())


@router.get(
    "/explorer/assets/limits.json",
    summary="The service's caps the pages keep to",
    description="`max_limit` (GRAPHSVC_MAX_LIMIT: the most a part of a cooperation answer lists or cites, and the "
    "most ids `GET /entities?ids=` takes) and `max_url_bytes` (GRAPHSVC_MAX_URL_BYTES: the longest query string).",
    include_in_schema=False,
)
async def explorer_limits(settings: SettingsDep) -> JSONResponse:
    return JSONResponse({"max_limit": settings.max_limit, "max_url_bytes": settings.max_url_bytes},
                        headers=_NO_CACHE)


@router.get(
    "/explorer/assets/{name:path}",
    summary="A file of the explorer page",
    include_in_schema=False,
    responses={404: {"content": {PROBLEM_MEDIA_TYPE: {}}}, 503: {"content": {PROBLEM_MEDIA_TYPE: {}}}},
)
async def explorer_asset(name: str) -> FileResponse:
    if name not in ASSETS:
        raise not_found("Asset", f"The explorer has no file '{name[:100]}'.")
    relative, media_type = ASSETS[name]
    path = STATIC_DIR / relative
    if not path.is_file():
        raise Problem(
            503,
            "Explorer libraries not installed",
            "Run `npm ci` in graphsvc/static (./dev run does it) to install the explorer's libraries.",
            type_="explorer-libraries-missing",
        )
    return FileResponse(path, media_type=media_type, headers=_NO_CACHE)
