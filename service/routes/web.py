"""The chat page and the API docs, from the service's own origin with no CDN.

``/`` is the page; ``/documents/{doc_id}?start=&end=`` is the same page opened on the source
viewer (the address every citation carries); ``/assets/`` are its files (``service/web/``).
``/docs`` is Swagger UI with its script and style served from the ``fastapi-offline`` package;
these stay open whatever the keys (they hold no data). The schema it shows, ``/openapi.json``,
needs the read key when one is set.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from service.deps import ReadAccess

WEB = Path(__file__).resolve().parents[1] / "web"
SWAGGER = Path(str(files("fastapi_offline") / "static"))

router = APIRouter(include_in_schema=False)


@router.get("/")
async def page() -> FileResponse:
    """The chat page."""
    return FileResponse(WEB / "index.html", headers={"Cache-Control": "no-cache"})


@router.get("/documents/{doc_id}")
async def viewer() -> FileResponse:
    """The chat page opened on the source viewer (it reads the document id from the path)."""
    return FileResponse(WEB / "index.html", headers={"Cache-Control": "no-cache"})


@router.get("/docs")
async def docs() -> HTMLResponse:
    """Swagger UI, offline."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="citeqa API",
        swagger_js_url="/assets/swagger/swagger-ui-bundle.js",
        swagger_css_url="/assets/swagger/swagger-ui.css",
        swagger_favicon_url="/assets/favicon.svg",
    )


@router.get("/openapi.json", dependencies=[ReadAccess])
async def openapi(request: Request) -> dict[str, Any]:
    """The OpenAPI schema."""
    schema: dict[str, Any] = request.app.openapi()
    return schema


def install(app: FastAPI) -> None:
    """Serve the page, its files, the docs and the schema on ``app`` (made with
    ``docs_url=None`` and ``openapi_url=None``)."""
    app.mount("/assets/swagger", StaticFiles(directory=SWAGGER), name="swagger")
    app.mount("/assets", StaticFiles(directory=WEB / "assets"), name="assets")
    app.include_router(router)
