"""OpenAI-compatible chat: ``/v1/chat/completions`` (plain and streamed) and ``/v1/models``.

The message content is the verified answer with its ``[n]`` markers. Citations travel both as a
top-level ``citations`` list (the objects of ``/v1/ask``) and as OpenAI ``url_citation``
annotations on the message; ``refused`` and ``fallback`` ride along at the top level, which OpenAI
clients ignore. A stream is computed and verified first, then sent as chunks: nothing unverified
is ever streamed.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from rag.answering.types import Answer, AnswerMode, Turn
from rag.errors import InputError
from service.deps import ReadAccess, ResourcesDep
from service.schemas import ChatCompletionRequest

router = APIRouter(prefix="/v1", tags=["openai"], dependencies=[ReadAccess])

MODELS: dict[str, AnswerMode] = {
    "citeqa": "extractive",
    "citeqa-extractive": "extractive",
    "citeqa-llm": "llm",
}
_MARKER = re.compile(r"\[(\d+)\]")
_PIECE = re.compile(r"\S+\s*")


def _conversation(body: ChatCompletionRequest) -> tuple[str, list[Turn]]:
    turns = [m for m in body.messages if m.role in ("user", "assistant")]
    if not turns or turns[-1].role != "user":
        raise InputError("messages must end with a user message")
    history = [Turn(role=m.role, content=m.text()) for m in turns[:-1]]
    return turns[-1].text(), history


def _annotations(answer: Answer) -> list[dict[str, Any]]:
    by_marker = {c.marker: c for c in answer.citations}
    out = []
    for match in _MARKER.finditer(answer.answer):
        citation = by_marker.get(int(match.group(1)))
        if citation is None:
            continue
        out.append(
            {
                "type": "url_citation",
                "url_citation": {
                    "start_index": match.start(),
                    "end_index": match.end(),
                    "title": citation.title,
                    "url": f"/v1/documents/{citation.doc_id}#{citation.start}-{citation.end}",
                },
            }
        )
    return out


def _extras(answer: Answer) -> dict[str, Any]:
    return {
        "citations": [c.model_dump() for c in answer.citations],
        "refused": answer.refused,
        "fallback": answer.fallback,
        "fallback_reason": answer.fallback_reason,
        "standalone_question": answer.standalone_question,
    }


def _completion(answer: Answer, model: str, completion_id: str, created: int) -> dict[str, Any]:
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": answer.answer,
                    "refusal": None,
                    "annotations": _annotations(answer),
                },
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        **_extras(answer),
    }


def _chunks(answer: Answer, model: str, completion_id: str, created: int) -> Iterator[str]:
    def event(delta: dict[str, Any], finish: str | None, **extra: Any) -> str:
        payload = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
            **extra,
        }
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""}, None)
    for piece in _PIECE.findall(answer.answer):
        yield event({"content": piece}, None)
    yield event({}, "stop", **_extras(answer))
    yield "data: [DONE]\n\n"


@router.get("/models")
async def models() -> dict[str, Any]:
    """The answer modes, as OpenAI models."""
    return {
        "object": "list",
        "data": [
            {"id": name, "object": "model", "created": 0, "owned_by": "citeqa"} for name in MODELS
        ],
    }


@router.post("/chat/completions", response_model=None)
async def chat_completions(
    body: ChatCompletionRequest, resources: ResourcesDep
) -> dict[str, Any] | StreamingResponse:
    """Answer the last user message, with the earlier turns as history."""
    if body.model not in MODELS:
        raise HTTPException(404, f"model {body.model!r} not found; see /v1/models")
    question, history = _conversation(body)
    answer = await run_in_threadpool(resources.engine.answer, question, history, MODELS[body.model])
    resources.metrics.observe_answer(answer)
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())
    if body.stream:
        return StreamingResponse(
            _chunks(answer, body.model, completion_id, created),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache"},
        )
    return _completion(answer, body.model, completion_id, created)
