"""The benchmark refuses a reused running instance whose heap or page cache is not its own
(benchmarks/synth.py, `check_instance_memory`): figures against a smaller instance would not compare."""

from __future__ import annotations

import pytest
from neo4j import Driver

from benchmarks.synth import check_instance_memory, memory_bytes
from graphsvc.settings import Settings


def test_an_instance_with_the_sizes_asked_for_is_used_and_another_refused(settings: Settings, driver: Driver) -> None:
    # the tests' Neo4j runs with the local sizes (tests/conftest.py), not 3g
    check_instance_memory(driver, settings.local_heap, settings.local_pagecache)
    with pytest.raises(RuntimeError, match=r"has heap \S+ \(the benchmark's: 3g\): "):
        check_instance_memory(driver, "3g", settings.local_pagecache)
    with pytest.raises(RuntimeError, match=r"has pagecache \S+ \(the benchmark's: 3g\): "):
        check_instance_memory(driver, settings.local_heap, "3g")


def test_memory_sizes_as_settings_and_neo4j_write_them() -> None:
    assert memory_bytes("2g") == memory_bytes("2.00GiB") == 2 * 1024**3
    assert memory_bytes("512m") == memory_bytes("512.00MiB") == 512 * 1024**2
    with pytest.raises(ValueError):
        memory_bytes("lots")
