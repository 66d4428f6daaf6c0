"""OpenAI-compatible chat: ``/v1/chat/completions`` (plain and streamed) and ``/v1/models``.

The message content is the verified answer with its ``[n]`` markers (see
:mod:`service.chat.reply` for how citations travel); background task prompts of chat front ends
get the short JSON reply they ask for (:mod:`service.chat.tasks`); streams start at once
(:mod:`service.chat.stream`).
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from service.chat import models
from service.chat.conversation import conversation
from service.chat.reply import Envelope, Reply, answer_reply
from service.chat.stream import events
from service.chat.tasks import detect, task_reply
from service.deps import ReadAccess, ResourcesDep
from service.links import base_url, link_answer
from service.schemas import ChatCompletionRequest

router = APIRouter(prefix="/v1", tags=["openai"], dependencies=[ReadAccess])


@router.get("/models")
async def list_models(resources: ResourcesDep) -> dict[str, Any]:
    """The models that can answer now, as OpenAI models (``citeqa-llm`` only with a chat model
    loaded); each has a ``-sources`` variant that writes the sources into the content."""
    names = models.available(resources.llm is not None)
    return {
        "object": "list",
        "data": [
            {"id": name, "object": "model", "created": 0, "owned_by": "citeqa"} for name in names
        ],
    }


@router.post("/chat/completions", response_model=None)
async def chat_completions(
    body: ChatCompletionRequest, resources: ResourcesDep, request: Request
) -> dict[str, Any] | StreamingResponse:
    """Answer the last user message, with the earlier turns as history."""
    choice = models.resolve(body.model, resources.llm is not None)
    markdown = choice.markdown_sources or body.sources == "markdown"
    task = detect(body.messages[-1].text()) if body.messages[-1].role == "user" else None
    question, history = conversation(body.messages) if task is None else ("", [])
    base = base_url(request)

    def compute() -> Reply:
        if task is not None:
            return task_reply(task, resources.engine)
        answer = resources.engine.answer(question, history, choice.mode)
        resources.metrics.observe_answer(answer)
        return answer_reply(link_answer(base, answer), markdown)

    envelope = Envelope(f"chatcmpl-{uuid.uuid4().hex}", int(time.time()), body.model)
    if body.stream:
        return StreamingResponse(
            events(envelope, lambda: run_in_threadpool(compute)),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    return envelope.completion(await run_in_threadpool(compute))
