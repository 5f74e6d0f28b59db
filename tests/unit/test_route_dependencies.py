"""Routes resolve their dependencies on the event loop, not in FastAPI's thread pool."""

from __future__ import annotations

import inspect

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
