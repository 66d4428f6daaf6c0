"""What a chat completion says, and its OpenAI shapes: a whole ``chat.completion``, or the
``chat.completion.chunk`` events of a stream.

Each citation travels as an OpenAI ``url_citation`` annotation over its ``[n]`` marker (in a
stream, in the delta that carries the marker) and in a top-level ``citations`` list with
``refused``, ``fallback``, ``fallback_reason`` and ``standalone_question``, which OpenAI clients
ignore. With Markdown sources, the content also ends with a numbered list of the sources.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rag import pages
from service.schemas import LinkedAnswer, LinkedCitation

_MARKER = re.compile(r"\[(\d+)\]")
_PIECE = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Reply:
    """A message's content, its annotations, and the fields that ride along at the top level."""

    content: str
    annotations: list[dict[str, Any]] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)


def _source_name(citation: LinkedCitation) -> str:
    """The cited document's title, with the pages of the quote where the file has pages."""
    page = pages.label(citation.pages)
    return f"{citation.title}, {page}" if page else citation.title


def url_citations(content: str, citations: list[LinkedCitation]) -> list[dict[str, Any]]:
    """A ``url_citation`` annotation for every marker in ``content`` that has a citation."""
    by_marker = {c.marker: c for c in citations}
    out = []
    for match in _MARKER.finditer(content):
        citation = by_marker.get(int(match.group(1)))
        if citation is None:
            continue
        out.append(
            {
                "type": "url_citation",
                "url_citation": {
                    "start_index": match.start(),
                    "end_index": match.end(),
                    "title": _source_name(citation),
                    "url": citation.url,
                },
            }
        )
    return out


def markdown_sources(citations: list[LinkedCitation]) -> str:
    """The sources as a numbered Markdown list: title linked to the quote, then the quote."""
    lines = ["**Sources**", ""]
    for citation in sorted(citations, key=lambda c: c.marker):
        quote = " ".join(citation.quote.split()).replace('"', "'")
        title = _source_name(citation).replace("[", "(").replace("]", ")")
        lines.append(f'{citation.marker}. [{title}]({citation.url}): "{quote}"')
    return "\n".join(lines)


def answer_reply(answer: LinkedAnswer, with_markdown_sources: bool) -> Reply:
    """The reply that carries an answer."""
    content = answer.answer
    if with_markdown_sources and answer.citations:
        content = f"{content}\n\n{markdown_sources(answer.citations)}"
    return Reply(
        content=content,
        annotations=url_citations(answer.answer, answer.citations),
        extras={
            "citations": [c.model_dump() for c in answer.citations],
            "refused": answer.refused,
            "fallback": answer.fallback,
            "fallback_reason": answer.fallback_reason,
            "standalone_question": answer.standalone_question,
        },
    )


@dataclass(frozen=True)
class Envelope:
    """What every object of one completion shares."""

    completion_id: str
    created: int
    model: str

    def completion(self, reply: Reply) -> dict[str, Any]:
        """The whole ``chat.completion``."""
        return {
            "id": self.completion_id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model,
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": reply.content,
                        "refusal": None,
                        "annotations": reply.annotations,
                    },
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            **reply.extras,
        }

    def event(self, delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        """One ``chat.completion.chunk`` as a server-sent event."""
        payload = {
            "id": self.completion_id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
            **extra,
        }
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

    def first(self) -> str:
        """The event that opens a stream, sent before the answer is known."""
        return self.event({"role": "assistant", "content": ""})

    def chunks(self, reply: Reply) -> Iterator[str]:
        """The content word by word, each annotation in the delta holding its marker's start;
        the last event carries the top-level fields."""
        pending = sorted(reply.annotations, key=lambda a: a["url_citation"]["start_index"])
        offset = 0
        for piece in _PIECE.findall(reply.content):
            end = offset + len(piece)
            here = [a for a in pending if a["url_citation"]["start_index"] < end]
            pending = pending[len(here) :]
            delta: dict[str, Any] = {"content": piece}
            if here:
                delta["annotations"] = here
            yield self.event(delta)
            offset = end
        yield self.event({}, "stop", **reply.extras)
        yield "data: [DONE]\n\n"
