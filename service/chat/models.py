"""The models ``/v1/chat/completions`` answers as: one per answer mode, each also with the
suffix ``-sources``, which writes the sources into the message content as a Markdown list."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException

from rag.answering.types import AnswerMode

SOURCES_SUFFIX = "-sources"
MODES: dict[str, AnswerMode] = {
    "citeqa": "extractive",
    "citeqa-extractive": "extractive",
    "citeqa-llm": "llm",
}


@dataclass(frozen=True)
class ModelChoice:
    """What a model name asks for."""

    mode: AnswerMode
    markdown_sources: bool


def available(llm_loaded: bool) -> list[str]:
    """Model names that can answer now: the llm ones only with a chat model loaded."""
    names = [name for name, mode in MODES.items() if mode != "llm" or llm_loaded]
    return [variant for name in names for variant in (name, name + SOURCES_SUFFIX)]


def resolve(model: str, llm_loaded: bool) -> ModelChoice:
    """The answer mode and source format of ``model``.

    Raises:
        HTTPException: 404 for an unknown model, or an llm model without a chat model loaded.
    """
    base = model.removesuffix(SOURCES_SUFFIX)
    if base not in MODES:
        raise HTTPException(404, f"model {model!r} not found; see /v1/models")
    if MODES[base] == "llm" and not llm_loaded:
        raise HTTPException(
            404,
            f"model {model!r} is not available: the service runs without a chat model "
            "(CITEQA_SERVICE__LOAD_LLM)",
        )
    return ModelChoice(mode=MODES[base], markdown_sources=model.endswith(SOURCES_SUFFIX))
