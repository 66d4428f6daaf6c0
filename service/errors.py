"""Every error the service returns, produced in one place: ``{"error": {"type", "message"}}``.

Library errors map to status codes by class; validation errors name the wrong field; anything
unexpected is logged with its traceback and answered with a bare 500, so no traceback or internal
path reaches a client.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from rag.errors import (
    ConfigurationError,
    DocumentLoadError,
    DocumentNotFoundError,
    DocumentTooLargeError,
    EmbeddingError,
    InputError,
    LLMBusyError,
    LLMError,
    RagError,
    StoreError,
    StoreUnavailableError,
    WriteConflictError,
)

logger = logging.getLogger("citeqa.service")

#: Most specific class first.
STATUS: list[tuple[type[RagError], int, str]] = [
    (DocumentNotFoundError, 404, "not_found"),
    (DocumentTooLargeError, 413, "payload_too_large"),
    (DocumentLoadError, 422, "unprocessable_document"),
    (InputError, 400, "invalid_request"),
    (StoreUnavailableError, 503, "store_unavailable"),
    (StoreError, 502, "store_error"),
    (WriteConflictError, 409, "conflict"),
    (LLMBusyError, 503, "llm_busy"),
    (LLMError, 503, "llm_unavailable"),
    (EmbeddingError, 500, "embedding_error"),
    (ConfigurationError, 500, "configuration_error"),
]
_HTTP_TYPES = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    503: "unavailable",
}


#: What a client is told of a dependency that is unavailable: never its address or paths.
UNAVAILABLE = {
    "store_unavailable": "the document store (Chroma) cannot be reached; try again shortly",
    "llm_unavailable": "the language model is unavailable; try again shortly",
    "llm_busy": "the language model is busy; try again shortly",
}


def error_response(
    status: int, kind: str, message: str, retry_after_s: int | None = None
) -> JSONResponse:
    """The one error body; a 503 tells the client when to try again (``retry_after_s``)."""
    headers: dict[str, str] = {}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if status == 503 and retry_after_s is not None:
        headers["Retry-After"] = str(retry_after_s)
    return JSONResponse(
        {"error": {"type": kind, "message": message}}, status_code=status, headers=headers
    )


def rag_error_status(exc: RagError) -> tuple[int, str]:
    """Status code and error type of a library error."""
    for cls, status, kind in STATUS:
        if isinstance(exc, cls):
            return status, kind
    return 500, "internal_error"


def client_message(exc: RagError, status: int) -> str:
    """What a client is told of a library error: its message when the client erred, a fixed
    sentence when a dependency is unavailable (the logged message names hosts and paths)."""
    if status < 500:
        return str(exc)
    if status == 503:
        return UNAVAILABLE.get(rag_error_status(exc)[1], "a dependency is unavailable")
    return "the service failed"


def _validation_message(exc: RequestValidationError) -> tuple[int, str]:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return 400, "the request body is not valid JSON"
    parts = []
    for error in errors[:5]:
        location = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        parts.append(f"{location}: {error.get('msg', 'invalid')}")
    return 422, "; ".join(parts)


def install(app: FastAPI, retry_after_s: int) -> None:
    """Register the handlers on ``app``; a 503 says ``Retry-After: retry_after_s``."""

    @app.exception_handler(RagError)
    async def _rag(_: Request, exc: RagError) -> JSONResponse:
        status, kind = rag_error_status(exc)
        if status >= 500:
            logger.warning("%s: %s", type(exc).__name__, exc)
        return error_response(status, kind, client_message(exc, status), retry_after_s)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        status, message = _validation_message(exc)
        return error_response(status, "invalid_request", message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        kind = _HTTP_TYPES.get(exc.status_code, "error")
        return error_response(exc.status_code, kind, str(exc.detail), retry_after_s)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, "internal_error", "the service failed")
