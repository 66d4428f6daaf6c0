"""The evaluation question set: its schema, and loading it from YAML or JSON Lines.

The format is documented for users in ``eval/README.md``. A YAML set is a mapping with an optional
``corpus`` (a folder, relative to the set file, that ``citeqa eval`` ingests first) and a list of
``questions``; a JSON Lines set holds one question object per line and names no corpus.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from rag.answering.types import Turn
from rag.errors import DocumentNotFoundError, InputError

Split = Literal["dev", "test"]


class EvalQuestion(BaseModel):
    """One hand-written question with what a correct answer must contain."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, description="Unique, stable identifier.")
    question: str = Field(min_length=1)
    answerable: bool = Field(description="Whether the corpus answers it; if not, refusal is right.")
    gold_docs: list[str] = Field(default_factory=list, description="Documents holding the answer.")
    gold_quotes: list[str] = Field(
        default_factory=list, description="Exact substrings of the cleaned gold documents."
    )
    facts: list[list[str]] = Field(
        default_factory=list,
        description="What a correct answer states: each fact a list of accepted variants.",
    )
    type: str = Field(min_length=1, description="Question type, for the per-type breakdown.")
    split: Split
    history: list[Turn] = Field(default_factory=list, description="Earlier turns, oldest first.")
    forbidden: list[str] = Field(
        default_factory=list, description="Text an answer must never contain (injected orders)."
    )

    @field_validator("facts")
    @classmethod
    def _variants_present(cls, facts: list[list[str]]) -> list[list[str]]:
        if any(not variants or not all(v.strip() for v in variants) for variants in facts):
            raise ValueError("every fact needs at least one non-empty variant")
        return facts

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.answerable and not (self.facts and self.gold_docs):
            raise ValueError("an answerable question needs facts and gold_docs")
        if not self.answerable and (self.facts or self.gold_quotes):
            raise ValueError("an unanswerable question has no facts or gold_quotes")
        return self


class EvalSet(BaseModel):
    """A loaded question set."""

    path: Path
    corpus: Path | None = Field(default=None, description="Folder ingested before the run.")
    questions: list[EvalQuestion]

    def select(self, split: Split | Literal["all"]) -> list[EvalQuestion]:
        """The questions of one split, or all of them."""
        return [q for q in self.questions if split in ("all", q.split)]


def _parse(path: Path, text: str) -> tuple[Path | None, list[object]]:
    if path.suffix == ".jsonl":
        rows: list[object] = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        return None, rows
    if path.suffix not in (".yaml", ".yml"):
        raise InputError(f"{path}: a question set is .yaml, .yml or .jsonl")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise InputError(f"{path}: expected a mapping with a list under 'questions'")
    corpus = data.get("corpus")
    return (path.parent / str(corpus) if corpus else None), data["questions"]


def load_eval_set(path: Path) -> EvalSet:
    """Read and validate a question set.

    Raises:
        DocumentNotFoundError: No such file.
        InputError: Not parseable, a question that breaks the schema, or a repeated id.
    """
    if not path.is_file():
        raise DocumentNotFoundError(f"{path}: no such question set")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    corpus, rows = _parse(path, text)
    questions: list[EvalQuestion] = []
    for index, row in enumerate(rows, 1):
        try:
            questions.append(EvalQuestion.model_validate(row))
        except ValidationError as exc:
            where = row.get("id", f"#{index}") if isinstance(row, dict) else f"#{index}"
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'question'}: {e['msg']}"
                for e in exc.errors()
            )
            raise InputError(f"{path}: question {where}: {problems}") from exc
    seen: set[str] = set()
    for question in questions:
        if question.id in seen:
            raise InputError(f"{path}: question id {question.id!r} is used twice")
        seen.add(question.id)
    if not questions:
        raise InputError(f"{path}: the set holds no questions")
    return EvalSet(path=path, corpus=corpus, questions=questions)
