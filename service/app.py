"""The app factory: ``uvicorn --factory service.app:create_app``."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rag.settings import Settings
from service import errors
from service.routes import answers, chat, documents, health, references, web
from service.schemas import ERROR_RESPONSES
from service.state import Resources

logger = logging.getLogger("citeqa.service")


def _too_large(limit: int) -> JSONResponse:
    return errors.error_response(
        413, "payload_too_large", f"the request body is larger than {limit} bytes"
    )


class BodyLimit:
    """Refuse request bodies over a limit with 413, counting bytes as they arrive, so a missing
    or false Content-Length (a chunked body) does not get around it. A JSON body (small) is read
    whole here first; an upload has its own, larger limit and is counted as the app reads it."""

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int) -> None:
        """Wrap ``app``."""
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read or count the body while passing it on."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = scope["path"].startswith("/v1/documents") and scope["method"] == "POST"
        limit = self.upload_limit + 65536 if upload else self.limit
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").decode() or "0"
        too_large = _too_large(limit)
        if declared.isdigit() and int(declared) > limit:
            await too_large(scope, receive, send)
            return
        if upload:
            await self._counted(scope, receive, send, limit)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client left
            body += message.get("body", b"")
            if len(body) > limit:
                await too_large(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        await self.app(scope, self._replayed(bytes(body), receive), send)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Pass the body on while counting it; past the limit, answer 413 and tell the app the
        client left (what the app then does or sends goes nowhere)."""
        seen = 0
        refused = False

        async def counted() -> Message:
            nonlocal seen, refused
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit and not refused:
                refused = True
                await _too_large(limit)(scope, receive, send)
            return {"type": "http.disconnect"} if refused else message

        async def unless_refused(message: Message) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, counted, unless_refused)
        except Exception:
            if not refused:
                raise

    @staticmethod
    def _replayed(body: bytes, receive: Receive) -> Receive:
        """The body already read, then what the client sends next (its disconnect)."""
        pending = [{"type": "http.request", "body": body, "more_body": False}]

        async def replayed() -> Message:
            return pending.pop() if pending else await receive()

        return replayed


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; models load and the store opens in its lifespan."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.resources = Resources(settings)
        try:
            yield
        finally:
            app.state.resources.close()

    app = FastAPI(
        title="citeqa",
        version="0.1.0",
        summary="Evidence-grounded answers over biomedical literature; every sentence cited.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # served by service.routes.web, behind the read key
        responses=ERROR_RESPONSES,
    )
    app.state.settings = settings
    errors.install(app, settings.service.retry_after_s)

    @app.middleware("http")
    async def measure(request, call_next):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        status = 500  # an error no handler turned into a response is answered with a 500
        try:
            response = await call_next(request)
            status = response.status_code
            return response
        finally:
            route = request.scope.get("route")
            path = getattr(route, "path", "unmatched")
            resources = getattr(request.app.state, "resources", None)
            if resources is not None:
                resources.metrics.requests.labels(path, request.method, status).inc()
                resources.metrics.latency.labels(path).observe(time.perf_counter() - started)

    if settings.service.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.service.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(
        BodyLimit,
        limit=settings.service.max_body_bytes,
        upload_limit=settings.service.max_upload_bytes,
    )
    for module in (health, answers, chat, documents, references):
        app.include_router(module.router)
    web.install(app)
    return app
