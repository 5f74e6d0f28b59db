"""The project's local Neo4j: start, status, idempotent start, stop, password."""

from __future__ import annotations

import socket

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from graphsvc.local_neo4j import LocalNeo4j


def _listening_addresses(port: int) -> list[str]:
    """Addresses a TCP socket listens on for `port`, from /proc/net/tcp{,6}."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as handle:
            next(handle)
            for line in handle:
                local, state = line.split()[1], line.split()[3]
                address, port_hex = local.rsplit(":", 1)
                if state == "0A" and int(port_hex, 16) == port:  # 0A = LISTEN
                    found.append(address)
    return found


def test_started_server_answers_bolt_with_a_generated_password(test_neo4j: LocalNeo4j) -> None:
    password = test_neo4j.password()
    assert password and password != "neo4j" and len(password) >= 24
    with GraphDatabase.driver(test_neo4j.bolt_uri, auth=("neo4j", password)) as driver:
        records, _, _ = driver.execute_query("CALL dbms.components() YIELD name, versions RETURN name, versions")
    assert records[0]["name"] == "Neo4j Kernel"
    assert records[0]["versions"][0].startswith("5.26")


def test_second_start_is_a_no_op(test_neo4j: LocalNeo4j) -> None:
    pid = test_neo4j.pid()
    assert test_neo4j.start() is False
    assert test_neo4j.pid() == pid


def test_status_reports_running_and_answering(test_neo4j: LocalNeo4j) -> None:
    status = test_neo4j.status()
    assert status["running"] is True
    assert status["answering"] is True
    assert status["bolt"] == test_neo4j.bolt_uri


def test_ports_listen_on_loopback_only(test_neo4j: LocalNeo4j) -> None:
    for port in (test_neo4j.bolt_port, test_neo4j.http_port):
        addresses = _listening_addresses(port)
        assert addresses, f"nothing listens on {port}"
        # 0100007F is 127.0.0.1; IPv4-mapped ::ffff:127.0.0.1 in tcp6.
        assert all(a in ("0100007F", "0000000000000000FFFF00000100007F") for a in addresses), addresses


def test_wrong_password_is_refused_with_a_clear_message(test_neo4j: LocalNeo4j) -> None:
    with GraphDatabase.driver(test_neo4j.bolt_uri, auth=("neo4j", "not-the-password")) as driver:
        with pytest.raises(AuthError) as refused:
            driver.verify_connectivity()
    assert "authentication failure" in str(refused.value).lower() or "unauthorized" in str(refused.value).lower()


def test_browser_is_served(test_neo4j: LocalNeo4j) -> None:
    import httpx

    response = httpx.get(test_neo4j.browser_url, timeout=10)
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]


def test_stop_then_start_again(tmp_path, test_neo4j: LocalNeo4j) -> None:
    """A separate, throw-away instance: start, stop, and the port is free again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        bolt = probe.getsockname()[1]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        http = probe.getsockname()[1]
    other = LocalNeo4j(root=test_neo4j.root, instance="test-lifecycle", bolt_port=bolt, http_port=http,
                       heap="512m", pagecache="64m")
    other.wipe()
    try:
        assert other.start() is True
        assert other.is_running()
        assert other.bolt_answers()
        assert other.stop() is True
        assert not other.is_running()
        assert other.stop() is False
        assert other.status()["running"] is False
    finally:
        other.wipe()


def test_class_archive_is_written_on_stop_mapped_on_the_next_start_and_a_bad_one_is_ignored(
    test_neo4j: LocalNeo4j,
) -> None:
    """Class data sharing: the first stop writes the archive, the next start maps it; garbage is only a warning."""
    ports = []
    for _ in range(2):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            ports.append(probe.getsockname()[1])
    other = LocalNeo4j(root=test_neo4j.root, instance="test-class-archive", bolt_port=ports[0], http_port=ports[1],
                       heap="512m", pagecache="64m")
    other.wipe()

    def command_line() -> list[str]:
        return open(f"/proc/{other.pid()}/cmdline", "rb").read().decode().split("\0")

    try:
        archive = other.class_archive_file
        assert other.start() is True
        assert f"-XX:ArchiveClassesAtExit={archive}" in command_line()
        assert other.stop() is True
        assert archive.stat().st_size > 1_000_000
        assert other.start() is True
        assert f"-XX:SharedArchiveFile={archive}" in command_line()
        assert other.bolt_answers()
        other.stop()
        archive.chmod(0o644)
        archive.write_bytes(b"not an archive")
        assert other.start() is True
        assert other.bolt_answers()
    finally:
        other.stop()
        other.wipe()
