"""The question and history of an OpenAI message list.

Clients wrap questions in instructions of their own: Open WebUI adds its retrieval template with
the attached files' text (``### Task: ...`` sections and a ``<context>`` block) to the last user
message, which can make it far longer than a question may be. The question is the user's own
text in it: what ``<user_query>`` encloses, or else the text outside the template's sections and
tagged blocks, its last paragraph that asks something.
"""

from __future__ import annotations

import re

from rag.answering.engine import MAX_QUESTION_CHARS
from rag.answering.types import Turn
from rag.errors import InputError
from service.schemas import ChatMessage

_USER_QUERY = re.compile(r"<user_query>\s*(.*?)\s*</user_query>", re.DOTALL)
_TAGGED = re.compile(r"<(context|source|file|document)\b[^>]*>.*?</\1>", re.DOTALL | re.IGNORECASE)
_TEMPLATE_MARKS = ("### ", "<context", "<source", "<user_query")


def _paragraphs(text: str) -> list[str]:
    """Paragraphs outside tagged blocks and outside ``### Heading`` sections (a section lasts
    until the next blank line)."""
    kept: list[list[str]] = [[]]
    in_section = False
    for line in _TAGGED.sub("\n\n", text).splitlines():
        if not line.strip():
            in_section = False
            kept.append([])
        elif line.lstrip().startswith("### "):
            in_section = True
        elif not in_section:
            kept[-1].append(line.strip())
    return [" ".join(lines) for lines in kept if lines]


def _tail(text: str, limit: int) -> str:
    """At most ``limit`` characters from the end of ``text``, starting at a word."""
    if len(text) <= limit:
        return text
    cut = text[-limit:]
    return cut[cut.find(" ") + 1 :] if " " in cut else cut


def question_of(text: str) -> str:
    """The user's question within a message that may carry a client's template."""
    text = text.strip()
    if not any(mark in text for mark in _TEMPLATE_MARKS) and len(text) <= MAX_QUESTION_CHARS:
        return text
    enclosed = _USER_QUERY.search(text)
    if enclosed and enclosed.group(1).strip():
        return _tail(enclosed.group(1).strip(), MAX_QUESTION_CHARS)
    paragraphs = _paragraphs(text) or [text]
    asking = [p for p in paragraphs if "?" in p]
    return _tail((asking or paragraphs)[-1], MAX_QUESTION_CHARS)


def conversation(messages: list[ChatMessage]) -> tuple[str, list[Turn]]:
    """The last user message's question, and the earlier user and assistant turns.

    Raises:
        InputError: The messages do not end with a user message, or it asks nothing.
    """
    turns = [m for m in messages if m.role in ("user", "assistant")]
    if not turns or turns[-1].role != "user":
        raise InputError("messages must end with a user message")
    question = question_of(turns[-1].text())
    if not question:
        raise InputError("the last user message is empty")
    history = [
        Turn(role=m.role, content=question_of(m.text()) if m.role == "user" else m.text())
        for m in turns[:-1]
    ]
    return question, history
