"""Liveness, readiness and metrics."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from service.deps import ResourcesDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is alive (answers even while an answer is being computed)."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(resources: ResourcesDep) -> dict[str, Any]:
    """Models loaded and store reachable; 503 otherwise. With the LLM loaded, its state too
    (a restarting model process does not make the service unready: answers fall back)."""
    store = resources.engine().retriever.store
    ready: dict[str, Any] = {"status": "ready", "chunks": store.count()}
    if resources.llm is not None:
        ready["llm"] = resources.llm.status()
    return ready


@router.get("/metrics", response_class=Response)
async def metrics(resources: ResourcesDep) -> Response:
    """Prometheus metrics."""
    return Response(generate_latest(resources.metrics.registry), media_type=CONTENT_TYPE_LATEST)
