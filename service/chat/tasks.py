"""Background tasks chat front ends send to the model they chat with, answered without the
answer engine's refusal: Open WebUI asks for a chat title, tags, follow-up questions, search
queries and autocompletion with ``### Task:`` prompts that quote the chat in
``<chat_history>`` (``USER: ...`` / ``ASSISTANT: ...`` lines) and ask for a JSON object.

The replies are that JSON object: a title made from the question, tags from the terms of the
question that the retrieved literature is about, follow-ups about the documents the answer
cites, the standalone question as the search query, and no autocompletion.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Literal

from rag.answering.engine import AnswerEngine
from rag.answering.types import Citation, Turn
from rag.text.words import STOPWORDS
from service.chat.reply import Reply

TaskKind = Literal["title", "tags", "follow_ups", "queries", "text"]
_KINDS: tuple[TaskKind, ...] = ("title", "tags", "follow_ups", "queries", "text")
_HISTORY = re.compile(r"<chat_history>(.*?)</chat_history>", re.DOTALL)
_SPEAKER = re.compile(r"^(USER|ASSISTANT|SYSTEM):[ \t]?", re.MULTILINE)
_WORD = re.compile(r"[\w][\w/+-]*")
_MARKER = re.compile(r"\s*\[\d+\]")
TITLE_WORDS = 6
MAX_TAGS = 3
MAX_FOLLOW_UPS = 4


@dataclass(frozen=True)
class Task:
    """A background task: what it asks for and the chat it quotes."""

    kind: TaskKind
    turns: list[Turn]

    @property
    def question(self) -> str:
        """The chat's last user question."""
        return next((t.content for t in reversed(self.turns) if t.role == "user"), "")


def _output_key(prompt: str) -> TaskKind | None:
    output = prompt.split("### Output", 1)[-1] if "### Output" in prompt else prompt
    for kind in _KINDS:
        if re.search(rf'\{{\s*"{kind}"\s*:', output):
            return kind
    return None


def _turns(history: str) -> list[Turn]:
    parts = _SPEAKER.split(history)
    turns = []
    for speaker, content in zip(parts[1::2], parts[2::2], strict=True):
        if speaker != "SYSTEM" and content.strip():
            role: Literal["user", "assistant"] = "user" if speaker == "USER" else "assistant"
            turns.append(Turn(role=role, content=content.strip()))
    return turns


def detect(text: str) -> Task | None:
    """The task a message asks for, or None for an ordinary question."""
    if "### Task:" not in text:
        return None
    history = _HISTORY.search(text)
    kind = _output_key(text)
    if history is None or kind is None:
        return None
    return Task(kind=kind, turns=_turns(history.group(1)))


def title_from(question: str) -> str:
    """A short title: the question's first content words, in its own spelling."""
    words = [w for w in _WORD.findall(question) if w.lower() not in STOPWORDS]
    if not words:
        return "Literature question"
    title = " ".join(words[:TITLE_WORDS])
    return title[0].upper() + title[1:]


def _tags(engine: AnswerEngine, question: str) -> list[str]:
    salient = engine.salient(question)
    retrieved = " ".join(hit.chunk.text for hit in engine.search(question, k=5)).lower()
    spelled = {w.lower(): w for w in _WORD.findall(question)}
    tags = [spelled.get(term, term) for term in salient if term in retrieved]
    return list(dict.fromkeys(tags))[:MAX_TAGS] or ["General"]


def _section(engine: AnswerEngine, doc_id: str, offset: int) -> str:
    document = engine.corpus.document(doc_id)
    if document is None:
        return ""
    for section in document.sections:
        if section.start <= offset < section.end and section.kind not in ("front", "references"):
            return section.title
    return ""


def _follow_ups(engine: AnswerEngine, task: Task) -> list[str]:
    last = max(i for i, turn in enumerate(task.turns) if turn.role == "user")
    earlier = [Turn(role=t.role, content=_MARKER.sub("", t.content)) for t in task.turns[:last]]
    answer = engine.answer(task.question, earlier)
    cited: dict[str, Citation | None] = {}
    for cited_passage in answer.citations:
        cited.setdefault(cited_passage.doc_id, cited_passage)
    if not cited:
        cited = {h.chunk.doc_id: None for h in engine.search(answer.standalone_question, k=3)}
    questions = []
    for doc_id, citation in cited.items():
        document = engine.corpus.document(doc_id)
        title = document.meta.display_title if document is not None else doc_id
        questions.append(f"What else does “{title}” report?")
        section = _section(engine, doc_id, citation.start) if citation is not None else ""
        if section:
            questions.append(f"What does “{title}” say under “{section}”?")
    return questions[:MAX_FOLLOW_UPS]


def task_reply(task: Task, engine: AnswerEngine) -> Reply:
    """The JSON object the task asks for, as the reply's content."""
    question = task.question
    value: object
    if task.kind == "title":
        value = title_from(question)
    elif task.kind == "tags":
        value = _tags(engine, question) if question else ["General"]
    elif task.kind == "follow_ups":
        value = _follow_ups(engine, task) if question else []
    elif task.kind == "queries":
        value = [question] if question else []
    else:
        value = ""
    return Reply(content=json.dumps({task.kind: value}, ensure_ascii=False))
