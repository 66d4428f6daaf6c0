"""Liveness, readiness and metrics.

``/healthz`` stays open whatever the keys (an orchestrator's liveness probe; it says nothing but
"ok"); ``/readyz`` (corpus revision, chunk count, process ids, the model) and ``/metrics`` need
the read key when one is set.
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from service.deps import ReadAccess, ResourcesDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is alive (answers even while an answer is being computed)."""
    return {"status": "ok"}


@router.get("/readyz", dependencies=[ReadAccess])
def readyz(resources: ResourcesDep) -> dict[str, Any]:
    """Models loaded and store reachable; 503 otherwise. Says which corpus revision this worker
    serves and its process id; with the LLM loaded, the model process's state too (a restarting
    model process does not make the service unready: answers fall back)."""
    snapshot = resources.corpus.snapshot()
    ready: dict[str, Any] = {
        "status": "ready",
        "chunks": snapshot.store.count(),
        "revision": snapshot.revision,
        "worker": os.getpid(),
    }
    if resources.llm is not None:
        ready["llm"] = resources.llm.status()
    return ready


@router.get("/metrics", response_class=Response, dependencies=[ReadAccess])
async def metrics(resources: ResourcesDep) -> Response:
    """Prometheus metrics."""
    return Response(generate_latest(resources.metrics.registry), media_type=CONTENT_TYPE_LATEST)
