"""A slow OpenAI-compatible chat server on loopback that records what it was asked and whether
each caller stayed for the answer."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Log:
    """What the server saw: when each request arrived and when the server was done with it
    (``time.monotonic``), how many callers left before their answer (aborted), how many got it,
    and the most requests it held at once."""

    arrivals: list[float] = field(default_factory=list)
    ended: list[float] = field(default_factory=list)
    aborted: int = 0
    answered: int = 0
    busiest: int = 0
    holding: int = 0


def _completion(text: str) -> bytes:
    body = json.dumps({
        "id": "chatcmpl-slow", "object": "chat.completion", "created": 0, "model": "slow",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }).encode()  # fmt: skip
    head = f"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


@contextmanager
def slow_model(delay_s: float) -> Iterator[tuple[str, Log]]:
    """Serve chat completions that take ``delay_s`` each; yield the base URL and the log."""
    log = Log()
    loop = asyncio.new_event_loop()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        await reader.readexactly(length)
        log.arrivals.append(time.monotonic())
        log.holding += 1
        log.busiest = max(log.busiest, log.holding)
        try:
            # A caller that leaves closes the connection: reading then ends at once.
            await asyncio.wait_for(reader.read(1), timeout=delay_s)
            log.aborted += 1
        except TimeoutError:
            writer.write(_completion("Slow answer."))
            await writer.drain()
            log.answered += 1
        finally:
            log.holding -= 1
            log.ended.append(time.monotonic())
            writer.close()

    server = loop.run_until_complete(asyncio.start_server(handle, "127.0.0.1", 0))
    port = server.sockets[0].getsockname()[1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/v1", log
    finally:

        async def stop() -> None:
            server.close()
            await server.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
