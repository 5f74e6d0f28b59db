"""docker-compose.yml cannot run here (no Docker engine); keep it valid and in step."""

from __future__ import annotations

from pathlib import Path

import yaml

from graphsvc.local_neo4j import LocalNeo4j
from graphsvc.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_neo4j_service_is_526_community_with_browser_bolt_volume_and_healthcheck() -> None:
    neo4j = _compose()["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "127.0.0.1:7474:7474" in neo4j["ports"]
    assert "127.0.0.1:7687:7687" in neo4j["ports"]
    assert any(v.startswith("neo4j-data:/data") for v in neo4j["volumes"])
    assert neo4j["healthcheck"]["test"]


def test_api_waits_for_healthy_neo4j_and_the_one_shot_seed_loader() -> None:
    services = _compose()["services"]
    assert services["api"]["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert services["api"]["depends_on"]["seed"]["condition"] == "service_completed_successfully"
    assert services["seed"]["command"][:3] == ["graphsvc", "seed", "load"]
    assert services["seed"]["restart"] == "no"


def test_services_use_the_same_environment_names_as_the_settings(monkeypatch) -> None:
    environment = _compose()["services"]["api"]["environment"]
    for name, value in environment.items():
        monkeypatch.setenv(name, str(value).replace("${NEO4J_PASSWORD:?set NEO4J_PASSWORD}", "pw"))
    settings = Settings()
    assert settings.neo4j_uri == "bolt://neo4j:7687"
    assert settings.neo4j_user == "neo4j"
    assert settings.neo4j_database == "neo4j"
    assert settings.host == "0.0.0.0"
    assert settings.port == 8000


def test_neo4j_runs_without_bolt_keep_alive_as_the_local_one() -> None:
    """The driver times every read when keep-alive is on (local_neo4j.py): both servers have it off."""
    setting, value = "server.bolt.connection_keep_alive_for_requests", "OFF"
    assert f"{setting}={value}" in LocalNeo4j.from_settings(Settings())._config_text().splitlines()
    # the image's naming: "." becomes "_", "_" becomes "__"
    variable = "NEO4J_" + setting.replace("_", "__").replace(".", "_")
    assert _compose()["services"]["neo4j"]["environment"][variable] == value
