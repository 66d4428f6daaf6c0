"""Streams start before the answer is known, keep the connection alive, and end in an error
event (never a traceback) when the answer fails."""

import asyncio
import json

from rag.errors import StoreUnavailableError
from service.chat.reply import Envelope, Reply
from service.chat.stream import events


def collect(compute, keepalive_s: float = 0.05) -> list[tuple[float, str]]:
    async def run() -> list[tuple[float, str]]:
        loop = asyncio.get_running_loop()
        started = loop.time()
        return [
            (loop.time() - started, event)
            async for event in events(Envelope("id", 1, "citeqa"), compute, keepalive_s)
        ]

    return asyncio.run(run())


def test_the_first_event_comes_before_the_answer_and_keep_alives_meanwhile() -> None:
    async def slow() -> Reply:
        await asyncio.sleep(0.3)
        return Reply(content="Done. [1]")

    received = collect(slow)
    first_at, first = received[0]
    assert first_at < 0.1 and json.loads(first[6:])["choices"][0]["delta"]["role"] == "assistant"
    assert sum(event == ": keep-alive\n\n" for _, event in received) >= 3
    assert received[-1][1] == "data: [DONE]\n\n" and received[-1][0] >= 0.3


def test_a_failure_after_the_start_is_an_error_event() -> None:
    async def down() -> Reply:
        raise StoreUnavailableError("the Chroma server at 127.0.0.1:1 is not reachable")

    async def broken() -> Reply:
        raise RuntimeError("/secret/path exploded")

    store = [event for _, event in collect(down)]
    error = json.loads(store[1][6:])["error"]
    assert error["type"] == "store_unavailable" and "127.0.0.1" not in error["message"]
    assert store[-1] == "data: [DONE]\n\n"
    failed = "".join(event for _, event in collect(broken))
    assert "internal_error" in failed and "secret" not in failed
