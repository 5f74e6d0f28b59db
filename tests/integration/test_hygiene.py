"""Operating hygiene: no production start with Neo4j's default password, a CORS
allow-list closed by default (and closed to writes unless asked), a cap on URL
length, and secrets (the Neo4j password, API keys) in no log line and no
answer."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from graphsvc.app import create_app
from graphsvc.curation.access import hash_key
from graphsvc.settings import Settings
from tests.integration.curation_support import make_keys, write_settings

ORIGIN = "https://atlas.example.org"


# -- production refuses the default password -----------------------------------------


def test_production_refuses_neo4js_default_password() -> None:
    settings = Settings(env="production", neo4j_uri="bolt://127.0.0.1:1", neo4j_password=SecretStr("neo4j"))
    with pytest.raises(RuntimeError, match="default password"):
        create_app(settings)
    # Empty password with an explicit server: refused too. In development both start.
    with pytest.raises(RuntimeError, match="NEO4J_PASSWORD is empty"):
        create_app(Settings(env="production", neo4j_uri="bolt://127.0.0.1:1", neo4j_password=None))
    assert create_app(settings.model_copy(update={"env": "development"})) is not None


def test_production_serve_exits_at_start_up_with_a_clear_message() -> None:
    env = {
        **os.environ,
        "GRAPHSVC_ENV": "production",
        "NEO4J_URI": "bolt://127.0.0.1:1",
        "NEO4J_PASSWORD": "neo4j",
        "GRAPHSVC_PORT": "1",  # never reached: the app is built before the socket is bound
    }
    result = subprocess.run(
        [sys.executable, "-m", "graphsvc.cli", "serve"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "GRAPHSVC_ENV=production" in result.stderr
    assert "default password" in result.stderr


def test_production_starts_with_a_real_password(settings: Settings, loaded_graph: str) -> None:
    production = settings.model_copy(update={"env": "production"})
    with TestClient(create_app(production), raise_server_exceptions=False) as client:
        assert client.get("/health").status_code == 200


# -- CORS ------------------------------------------------------------------------------


def test_no_cors_by_default(client: TestClient) -> None:
    response = client.get("/health", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/entities", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_allow_list_reads_only(settings: Settings, loaded_graph: str) -> None:
    keys = make_keys()
    configured = write_settings(settings, keys, cors_origins=f"{ORIGIN}, http://localhost:5173")
    with TestClient(create_app(configured), raise_server_exceptions=False) as client:
        response = client.get("/entities", params={"q": "Kazakhstan"}, headers={"Origin": ORIGIN})
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == ORIGIN
        # Errors carry the header too, so that a page can read the problem.
        missing = client.get("/entities/state:atlantis", headers={"Origin": ORIGIN})
        assert missing.status_code == 404
        assert missing.headers["access-control-allow-origin"] == ORIGIN
        # Another origin is not allowed.
        other = client.get("/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        # A read preflight passes; a write preflight does not.
        read = client.options("/entities", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"})
        assert read.status_code == 200
        write = client.options(
            "/entities/org:x",
            headers={"Origin": ORIGIN, "Access-Control-Request-Method": "PUT",
                     "Access-Control-Request-Headers": "x-api-key, content-type"},
        )
        assert write.status_code == 400
        assert "PUT" not in write.headers.get("access-control-allow-methods", "")


def test_cors_writes_when_asked(settings: Settings, loaded_graph: str) -> None:
    configured = settings.model_copy(update={"cors_origins": ORIGIN, "cors_allow_writes": True})
    with TestClient(create_app(configured), raise_server_exceptions=False) as client:
        write = client.options(
            "/entities/org:x",
            headers={"Origin": ORIGIN, "Access-Control-Request-Method": "PUT",
                     "Access-Control-Request-Headers": "x-api-key, content-type"},
        )
        assert write.status_code == 200
        assert "PUT" in write.headers["access-control-allow-methods"]
        assert "x-api-key" in write.headers["access-control-allow-headers"].lower()


def test_production_refuses_a_wildcard_origin() -> None:
    with pytest.raises(RuntimeError, match="CORS"):
        create_app(Settings(env="production", neo4j_uri="bolt://127.0.0.1:1",
                            neo4j_password=SecretStr("a-real-password"), cors_origins="*"))


# -- URL cap ---------------------------------------------------------------------------


def test_url_cap_is_a_setting(settings: Settings, loaded_graph: str) -> None:
    small = settings.model_copy(update={"max_url_bytes": 256})
    with TestClient(create_app(small), raise_server_exceptions=False) as client:
        assert client.get("/entities", params={"q": "Kazakhstan"}).status_code == 200
        response = client.get("/entities", params={"q": "K" * 300})
        assert response.status_code == 414
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["type"].endswith("uri-too-long")


# -- secrets ---------------------------------------------------------------------------


def test_secrets_appear_in_no_log_and_no_answer(
    settings: Settings, loaded_graph: str, caplog: pytest.LogCaptureFixture
) -> None:
    keys = make_keys()
    wrong_password = "Wr0ng-Pa55word-" + "q" * 12
    secrets = [
        keys.alice, keys.bob, hash_key(keys.alice), hash_key(keys.bob),
        wrong_password, settings.neo4j_password.get_secret_value(),  # type: ignore[union-attr]
    ]
    answers: list[str] = []
    caplog.set_level(logging.DEBUG)  # the driver's own debug log included
    with TestClient(create_app(write_settings(settings, keys)), raise_server_exceptions=False) as client:
        for response in [
            client.get("/audit"),  # 401: no key
            client.get("/audit", headers={"X-API-Key": keys.alice + "x"}),  # 401: wrong key
            client.put("/entities/org:x", json={"id": "org:x"}, headers=keys.header()),  # 422
            client.get("/entities/state:atlantis"),  # 404
            client.get("/entities", params={"q": "x" * 400}),  # 422
            client.get("/audit", headers=keys.header("bob")),  # 200
            client.get("/health"),
        ]:
            assert response.status_code in (200, 401, 404, 422), response.text
            answers.append(response.text + str(response.headers))
    wrong = settings.model_copy(update={"neo4j_password": SecretStr(wrong_password)})
    with TestClient(create_app(wrong), raise_server_exceptions=False) as client:
        for response in [client.get("/health"), client.get("/entities", params={"q": "Kazakhstan"})]:
            assert response.status_code == 503, response.text
            answers.append(response.text + str(response.headers))
    # A settings object shown in a log or a traceback hides them too.
    answers.append(repr(wrong) + str(wrong))
    logged = caplog.text  # every record, formatted, tracebacks included
    assert logged, "nothing was logged: the test would prove nothing"
    for secret in secrets:
        assert secret not in logged
        for answer in answers:
            assert secret not in answer
