"""Routes resolve their dependencies on the event loop, not in FastAPI's thread pool."""

from __future__ import annotations

import inspect
from pathlib import Path

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from graphsvc.app import create_app
from graphsvc.settings import Settings


def api_routes(routes: list[object]) -> list[APIRoute]:
    """The API routes, also those of included routers (FastAPI >= 0.165 keeps them apart)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found.extend(api_routes(route.original_router.routes))
    return found


def dependency_calls(dependant: Dependant) -> list[object]:
    calls: list[object] = []
    for sub in dependant.dependencies:
        calls.append(sub.call)
        calls.extend(dependency_calls(sub))
    return calls


def test_every_route_and_its_dependencies_are_coroutines() -> None:
    # A plain `def` dependency runs in a worker thread, a hand-off per request (graphsvc/deps.py).
    app = create_app(Settings(neo4j_uri="bolt://127.0.0.1:1"))
    routes = api_routes(app.routes)
    assert len(routes) >= 12
    for route in routes:
        assert inspect.iscoroutinefunction(route.endpoint), route.path
        for call in dependency_calls(route.dependant):
            assert inspect.iscoroutinefunction(call), (route.path, call)


def test_routes_take_settings_and_database_one_way() -> None:
    """`SettingsDep`/`DbDep` (graphsvc/deps.py): no router reads app.state.settings itself or declares a
    dependency of its own for them. routers/cooperation.py is left to the cooperation rework."""
    import graphsvc.routers as routers_package
    from graphsvc.deps import get_db, get_settings_dep

    folder = Path(routers_package.__file__).parent
    for module in sorted(folder.glob("*.py")):
        if module.name == "cooperation.py":
            continue
        text = module.read_text(encoding="utf-8")
        assert "app.state.settings" not in text, module.name
        assert "Depends(get_db)" not in text and "Depends(get_settings_dep)" not in text, module.name
    app = create_app(Settings(neo4j_uri="bolt://127.0.0.1:1"))
    taking_db = [route for route in api_routes(app.routes) if get_db in dependency_calls(route.dependant)]
    assert len(taking_db) >= 10
    for route in api_routes(app.routes):
        names = {getattr(call, "__name__", "") for call in dependency_calls(route.dependant)}
        assert not names & {"_settings", "get_settings"}, route.path
    assert get_settings_dep in dependency_calls(next(r for r in api_routes(app.routes) if r.path == "/paths").dependant)
