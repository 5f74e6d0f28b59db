"""Problem details (RFC 9457): every error the service answers, from one place."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("graphsvc")

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "/problems/"

_TITLES = {
    400: "Bad request",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Invalid parameter",
    429: "Too many requests",
    500: "Internal error",
    503: "Service unavailable",
    504: "Gateway timeout",
}


class Problem(Exception):
    """An error answered as `application/problem+json`."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        type_: str = "about:blank",
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type_ if type_ == "about:blank" or "/" in type_ else PROBLEM_TYPE_BASE + type_
        self.headers = headers or {}
        self.extensions = extensions

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": self.type,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        body.update(self.extensions)
        return body

    def response(self, instance: str | None = None) -> JSONResponse:
        return JSONResponse(
            self.body(instance), status_code=self.status, headers=self.headers, media_type=PROBLEM_MEDIA_TYPE
        )


def not_found(what: str, detail: str, **extensions: Any) -> Problem:
    return Problem(404, f"{what} not found", detail, type_="not-found", **extensions)


def invalid_parameter(name: str, reason: str) -> Problem:
    return Problem(
        422,
        "Invalid parameter",
        f"Parameter '{name}': {reason}",
        type_="invalid-parameter",
        errors=[{"parameter": name, "reason": reason}],
    )


# FastAPI answers a body it cannot decode at all (not UTF-8) with this 400,
# and a body that is not JSON with a `json_invalid` validation error. Both are
# one answer here: 422 naming the body.
_BODY_NOT_DECODED = "There was an error parsing the body"


def _malformed_body() -> Problem:
    return invalid_parameter("body", "not a JSON document in UTF-8")


def _validation_problem(exc: RequestValidationError) -> Problem:
    errors = []
    for error in exc.errors():
        if error.get("type") == "json_invalid":
            return _malformed_body()
        location = [str(part) for part in error.get("loc", ())]
        # ("query", "depth") -> "depth"; body fields keep their path.
        name = ".".join(location[1:]) if len(location) > 1 else ".".join(location)
        errors.append({"parameter": name or "request", "in": location[0] if location else "request",
                       "reason": str(error.get("msg", "invalid"))})
    detail = "; ".join(f"Parameter '{e['parameter']}': {e['reason']}" for e in errors) or "Invalid request."
    return Problem(422, "Invalid parameter", detail, type_="invalid-parameter", errors=errors)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        if exc.status >= 500 and exc.status not in (503, 504):
            log.error("problem %s on %s: %s", exc.status, request.url.path, exc.detail, exc_info=exc.__cause__)
        elif exc.status in (503, 504):
            # What the driver said (error class and Neo4j status code), for operators.
            cause = exc.__cause__
            code = getattr(cause, "code", None) or ""
            log.warning("problem %s on %s: %s (%s %s)", exc.status, request.url.path, exc.title,
                        type(cause).__name__ if cause else "-", code)
        return exc.response(request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _validation_problem(exc).response(request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == _BODY_NOT_DECODED:
            return _malformed_body().response(request.url.path)
        title = _TITLES.get(exc.status_code, "Error")
        detail = exc.detail if isinstance(exc.detail, str) else title
        return Problem(exc.status_code, title, detail, headers=dict(exc.headers or {})).response(request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return Problem(500, "Internal error", "An unexpected error occurred.", type_="internal").response(
            request.url.path
        )
