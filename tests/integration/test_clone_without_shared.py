"""A clone with no ../shared beside it loads the seed: the texts verify
excerpts, they are not needed to load facts. The repository's HEAD is cloned
into a temporary folder and `graphsvc seed load` runs there, against the
test Neo4j, as a new user's `./dev run` would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from neo4j import Driver

from graphsvc.curation import loader
from graphsvc.settings import Settings

REPOSITORY = Path(__file__).resolve().parents[2]


def _clone_env(settings: Settings) -> dict[str, str]:
    assert settings.neo4j_uri and settings.neo4j_password
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GRAPHSVC_", "NEO4J_", "CI"))}
    env.update(NEO4J_URI=settings.neo4j_uri, NEO4J_USER=settings.neo4j_user,
               NEO4J_PASSWORD=settings.neo4j_password.get_secret_value(), NEO4J_DATABASE=settings.neo4j_database)
    return env


def test_a_clone_without_shared_loads_the_seed_and_says_so_once(
    tmp_path: Path, settings: Settings, driver: Driver, seed_report, loaded_graph: str
) -> None:
    clone = tmp_path / "elsewhere" / "graphsvc"
    subprocess.run(["git", "clone", "--quiet", str(REPOSITORY), str(clone)], check=True, timeout=120)
    assert not (clone.parent / "shared").exists()
    env = _clone_env(settings)
    where = subprocess.run([sys.executable, "-c", "import graphsvc.settings as s; print(s.PROJECT_ROOT)"],
                           cwd=clone, env=env, capture_output=True, text=True, timeout=60)
    assert Path(where.stdout.strip()) == clone, "the clone's own code runs"
    try:
        load = subprocess.run([sys.executable, "-m", "graphsvc.cli", "seed", "load", "--quiet"],
                              cwd=clone, env=env, capture_output=True, text=True, timeout=300)
        assert load.returncode == 0, load.stdout + load.stderr
        assert load.stderr.count("not re-verified because their texts are absent") == 1, load.stderr
        assert "loaded" in load.stdout
        records, _, _ = driver.execute_query(
            "MATCH (n:Entity {origin: 'seed'}) RETURN count(n) AS entities", database_=settings.neo4j_database
        )
        clone_seed = loader.validate(clone / "seed", clone.parent / "shared" / "sources").seed
        assert records[0]["entities"] == len(clone_seed.entities) > 100

        strict = subprocess.run([sys.executable, "-m", "graphsvc.cli", "seed", "validate", "--strict"],
                                cwd=clone, env=env, capture_output=True, text=True, timeout=300)
        assert strict.returncode == 1 and "does not exist" in strict.stderr, "strict validation needs the texts"
    finally:
        # the other tests read the session's seed
        assert loader.load_seed(driver, seed_report.seed, settings, settings.neo4j_database, progress=False) == loaded_graph
