"""The generated Neo4j password is passed to `neo4j-admin dbms set-initial-password`
as a positional argument: one starting with '-' would be read as an option and the
command would fail (it did, once in 32 fresh instances, with URL-safe base64)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.local_neo4j import LocalNeo4j


def test_generated_passwords_cannot_be_read_as_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    local = LocalNeo4j(root=tmp_path, instance="password-check", bolt_port=1, http_port=2)
    local.home.mkdir(parents=True)
    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(LocalNeo4j, "admin", lambda _self, *args: calls.append(args) or "")
    passwords = set()
    for _ in range(500):
        local._set_initial_password()
        passwords.add(local.password())
    assert len(calls) == 500 and all(call[:2] == ("dbms", "set-initial-password") for call in calls)
    assert not any(call[2].startswith("-") for call in calls)
    assert len(passwords) == 500 and all(len(p) >= 24 for p in passwords)
    assert {call[2] for call in calls} == passwords
