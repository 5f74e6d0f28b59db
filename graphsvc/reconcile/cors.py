"""CORS open to every origin for the reconciliation routes, whatever GRAPHSVC_CORS_ORIGINS says.

The specification requires it: browser-based clients call reconciliation
services from their own origin. These routes only read, and credentials are
never allowed, so `*` exposes nothing a plain request could not read. Added
outermost by app.py, so it also overrides the general allow-list
(http_limits.add_cors) on these paths, errors included.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

RECONCILE_PREFIX = "/reconcile"
ALLOWED_METHODS = "GET, POST, OPTIONS"


def is_reconcile_path(path: str) -> bool:
    return path == RECONCILE_PREFIX or path.startswith(RECONCILE_PREFIX + "/")


class OpenCorsForReconciliation:
    """ASGI middleware: `Access-Control-Allow-Origin: *` on /reconcile answers; preflights answered here."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_reconcile_path(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if scope["method"] == "OPTIONS" and b"access-control-request-method" in headers:
            requested = headers.get(b"access-control-request-headers", b"")
            await send({"type": "http.response.start", "status": 204, "headers": [
                (b"access-control-allow-origin", b"*"),
                (b"access-control-allow-methods", ALLOWED_METHODS.encode()),
                (b"access-control-allow-headers", requested or b"Content-Type"),
                (b"access-control-max-age", b"600"),
                (b"vary", b"Access-Control-Request-Headers"),
            ]})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(name, value) for name, value in message.get("headers", [])
                        if not name.lower().startswith(b"access-control-")]
                kept.append((b"access-control-allow-origin", b"*"))
                message = {**message, "headers": kept}
            await send(message)

        await self.app(scope, receive, send_with_cors)
