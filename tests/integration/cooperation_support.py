"""Asking the cooperation routes as a client does, for the tests that need their answer."""

from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient


def asked(client: TestClient, url: str, params: dict[str, str] | None = None) -> Any:
    """GET as a client does it: asked again after 503 ranking- or matrix-in-progress (or -queue-full).

    On a loaded machine a cold server plans the part queries for longer than a
    request waits; the computation goes on in the background (tested in test_cooperation.py).
    """
    deadline = time.monotonic() + 300
    while True:
        response = client.get(url, params=params)
        if response.status_code != 503 or not response.json()["type"].endswith(("-in-progress", "-queue-full")):
            return response
        assert time.monotonic() < deadline, response.text
        time.sleep(min(1.0, float(response.headers["Retry-After"])))
