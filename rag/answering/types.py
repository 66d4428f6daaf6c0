"""The answer contract, shared by the command line and the HTTP API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

AnswerMode = Literal["extractive", "llm"]
FallbackReason = Literal["llm_failed", "unsupported"]
REFUSAL = "The indexed literature does not answer this question."


class Turn(BaseModel):
    """One earlier turn of a conversation."""

    role: Literal["user", "assistant"]
    content: str


class Citation(BaseModel):
    """The passage behind a marker ``[n]``: an exact quote of a cleaned document."""

    marker: int = Field(description="The n of [n] in the answer text.")
    doc_id: str
    title: str
    chunk_id: str
    quote: str = Field(description="Exact substring of the cleaned document supporting the claim.")
    start: int = Field(description="Offset of the quote in the cleaned document.")
    end: int = Field(description="End offset (exclusive) of the quote in the cleaned document.")
    score: float = Field(description="Retrieval score of the passage.")


class Timings(BaseModel):
    """Milliseconds spent in each stage."""

    retrieve: float = 0.0
    generate: float = 0.0
    verify: float = 0.0
    total: float = 0.0


class Answer(BaseModel):
    """A grounded answer: every sentence carries markers that map one to one onto citations."""

    question: str
    standalone_question: str = Field(description="The question rewritten without its history.")
    answer: str
    refused: bool
    citations: list[Citation]
    mode: AnswerMode
    model: str
    fallback: bool = Field(
        description="The LLM answer failed (error, timeout or verification); extractive returned."
    )
    fallback_reason: FallbackReason | None = Field(
        None,
        description="Why: llm_failed (the model erred, timed out or its process died) or "
        "unsupported (no sentence it wrote survived verification).",
    )
    dropped_sentences: int = Field(0, description="Sentences the verifier removed.")
    timings_ms: Timings = Field(default_factory=Timings)
