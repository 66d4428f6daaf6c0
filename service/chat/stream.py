"""A chat completion as server-sent events that start at once.

The opening event (the assistant's role) goes out before the answer is computed, and a comment
line every few seconds keeps proxies from closing a quiet connection; once the answer is
computed and verified, it follows word by word. Nothing unverified is ever streamed. A failure
after the stream has started arrives as an ``{"error": {"type", "message"}}`` event, which the
OpenAI SDK raises as an error, never as a traceback.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from rag.errors import RagError
from service.chat.reply import Envelope, Reply
from service.errors import client_message, rag_error_status

logger = logging.getLogger("citeqa.service")
KEEPALIVE_S = 5.0


def _error_event(kind: str, message: str) -> str:
    return f"data: {json.dumps({'error': {'type': kind, 'message': message}})}\n\n"


async def events(
    envelope: Envelope,
    compute: Callable[[], Awaitable[Reply]],
    keepalive_s: float = KEEPALIVE_S,
) -> AsyncIterator[str]:
    """The events of one streamed completion."""
    yield envelope.first()
    task = asyncio.ensure_future(compute())
    try:
        while not task.done():
            done, _ = await asyncio.wait({task}, timeout=keepalive_s)
            if not done:
                yield ": keep-alive\n\n"
        reply = task.result()
    except RagError as exc:
        status, kind = rag_error_status(exc)
        yield _error_event(kind, client_message(exc, status))
        yield "data: [DONE]\n\n"
        return
    except Exception:
        logger.exception("a streamed answer failed")
        yield _error_event("internal_error", "the service failed")
        yield "data: [DONE]\n\n"
        return
    finally:
        task.cancel()
    for event in envelope.chunks(reply):
        yield event
