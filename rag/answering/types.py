"""The answer contract, shared by the command line and the HTTP API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

AnswerMode = Literal["extractive", "llm"]
FallbackReason = Literal["llm_failed", "llm_busy", "unsupported"]
RefusalReason = Literal["no_evidence", "missing_entity", "missing_value", "low_confidence"]
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
    pages: list[int] = Field(
        default_factory=list,
        description="The pages of the file the quote stands on (from 1); empty for files without "
        "pages.",
    )
    score: float = Field(description="Retrieval score of the passage.")


class Timings(BaseModel):
    """Milliseconds spent in each stage."""

    retrieve: float = 0.0
    generate: float = 0.0
    verify: float = 0.0
    total: float = 0.0


class CandidateExplanation(BaseModel):
    """How the extractive scorer judged one candidate sentence."""

    marker: int = Field(description="The passage [n] the sentence is in.")
    doc_id: str
    quote: str = Field(description="The sentence.")
    start: int = Field(description="Offset of the sentence in the cleaned document.")
    end: int
    probability: float = Field(description="The scorer's probability that it answers.")
    complete: bool = Field(
        description="It mentions every salient term and states every asked kind of value."
    )
    missing_terms: list[str] = Field(description="Salient question terms it leaves unmentioned.")
    missing_kinds: list[str] = Field(description="Asked kinds of value it does not state.")
    features: dict[str, float] = Field(description="Feature values, by name.")
    contributions: dict[str, float] = Field(
        description="Each feature's term of the log-odds (weight × standardised value)."
    )
    part: str | None = Field(
        None,
        description="For a question about several subjects, the part (as searched) it was "
        "scored for; absent for the whole question.",
    )
    part_subject_named: bool | None = Field(
        None,
        description="For a part's candidate: whether the part's own subject is named by the "
        "sentence, its document's title or subject, not only by the sentences before it (such "
        "a candidate answers the part first).",
    )


class Answer(BaseModel):
    """A grounded answer: every sentence carries markers that map one to one onto citations."""

    question: str
    standalone_question: str = Field(
        description="The question as answered: rewritten without its history, and with a word "
        "the literature spells otherwise written its way."
    )
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
        description="Why: llm_failed (the model erred, timed out or its process died), llm_busy "
        "(every model slot and queue place was taken) or unsupported (no sentence it wrote "
        "survived verification).",
    )
    dropped_sentences: int = Field(0, description="Sentences the verifier removed.")
    refusal_reason: RefusalReason | None = Field(
        None,
        description="For a refusal, what was missing: no_evidence (nothing retrieved, or "
        "nothing about the question's words), "
        "missing_entity (no passage is about what was asked), missing_value (none states the "
        "asked kind of value) or low_confidence (the best sentence scores under the threshold).",
    )
    refusal_detail: str = Field("", description="The refusal reason in words.")
    confidence: float | None = Field(
        None,
        description="Extractive: the calibrated probability that the answer is right, from its "
        "first sentence's score (for a refusal, the one an answer from the best sentence naming "
        "everything asked would have had, 0 when no sentence could answer); see eval/README.md.",
    )
    explain: list[CandidateExplanation] | None = Field(
        None, description="The best-scoring candidates with their features, when asked for."
    )
    timings_ms: Timings = Field(default_factory=Timings)
