"""Read routes write their answers straight from the domain layer's dicts
(graphsvc/responses.py), skipping FastAPI's response-model round trip. These
tests keep that honest: every answer is exactly what the route's declared
model would have produced from it (same fields, same values, nothing extra,
nothing missing), on answers that exercise every shape: figures on entities,
roles on edges, observer grades, empty results, filters.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from graphsvc.models import Graph
from graphsvc.routers.cooperation import CooperationAnswer, CooperationMatrix
from graphsvc.routers.entities import EntityWithCounts, SearchResults
from graphsvc.routers.paths import Paths
from tests.integration.cooperation_support import asked

CASES: list[tuple[str, dict[str, str], type[BaseModel]]] = [
    ("/entities", {"q": "Türk"}, SearchResults),
    ("/entities", {"q": "Kazakstan", "type": "State"}, SearchResults),
    ("/entities", {"q": "zzzzqqq"}, SearchResults),
    ("/entities/state:kazakhstan", {}, EntityWithCounts),
    ("/entities/org:khoja-akhmet-yassawi-university", {}, EntityWithCounts),
    ("/entities/Uzbekistan", {}, EntityWithCounts),
    ("/entities/state:kazakhstan/neighbourhood", {"depth": "1"}, Graph),
    ("/entities/state:kazakhstan/neighbourhood", {"depth": "2", "limit": "60"}, Graph),
    ("/entities/org:turksoy/neighbourhood", {"depth": "2", "sectors": "culture", "since": "2015"}, Graph),
    ("/paths", {"from": "state:uzbekistan", "to": "org:turksoy", "k": "3"}, Paths),
    ("/paths", {"from": "state:kazakhstan", "to": "state:azerbaijan", "k": "5", "max_hops": "3"}, Paths),
    ("/cooperation/state:kazakhstan", {"limit": "50"}, CooperationAnswer),
    ("/cooperation/state:turkiye", {"sectors": "education", "since": "2010"}, CooperationAnswer),
    ("/cooperation/state:kazakhstan", {"partner": "state:uzbekistan"}, CooperationAnswer),
    ("/cooperation/matrix", {"type": "State"}, CooperationMatrix),
    ("/cooperation/matrix", {"type": "Organisation", "sectors": "culture"}, CooperationMatrix),
]


def model_dump(model: type[BaseModel], body: Any) -> Any:
    return model.model_validate(body).model_dump(mode="json", by_alias=True)


@pytest.mark.parametrize(("path", "params", "model"), CASES, ids=[f"{c[0]}?{c[1]}" for c in CASES])
def test_answer_is_what_its_model_gives(client: TestClient, path: str, params: dict[str, str],
                                        model: type[BaseModel]) -> None:
    response = asked(client, path, params)  # after 503 ranking-in-progress, asked again as a client does
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body == model_dump(model, body)


def test_the_cases_are_not_empty(client: TestClient) -> None:
    """The comparison above proves little on empty answers: most cases have content."""
    sizes = []
    for path, params, _ in CASES:
        body = asked(client, path, params).json()
        sizes.append(len(body.get("items") or body.get("nodes") or body.get("paths") or body.get("partners")
                         or body.get("entities") or body.get("relationship_counts") or []))
    assert sum(1 for size in sizes if size > 0) >= len(CASES) - 1
    assert max(sizes) >= 20
