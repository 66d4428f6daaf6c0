"""Readers for the public benchmark data (layout: the data folder's README).

Each reader checks that its files exist and raises ``DocumentNotFoundError`` naming the missing
one, so a user pointing ``--data`` at the wrong folder learns which file is expected.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rag.errors import DocumentNotFoundError, InputError


def _need(path: Path) -> Path:
    if not path.is_file():
        raise DocumentNotFoundError(f"{path}: benchmark file not found (see --data)")
    return path


def _jsonl(path: Path) -> Iterator[dict[str, object]]:
    with _need(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from exc


@dataclass(frozen=True)
class BeirSet:
    """A BEIR-format collection: documents, queries and relevance judgements per split."""

    corpus: dict[str, tuple[str, str]]
    queries: dict[str, str]
    qrels: dict[str, dict[str, dict[str, int]]]


def load_beir(folder: Path, splits: tuple[str, ...] = ("train", "test")) -> BeirSet:
    """Read ``corpus.jsonl`` (``_id``, ``title``, ``text``), ``queries.jsonl`` and
    ``qrels/SPLIT.tsv`` (``query-id``, ``corpus-id``, ``score``, with a header)."""
    corpus = {
        str(row["_id"]): (str(row.get("title") or ""), str(row.get("text") or ""))
        for row in _jsonl(folder / "corpus.jsonl")
    }
    queries = {str(row["_id"]): str(row["text"]) for row in _jsonl(folder / "queries.jsonl")}
    qrels: dict[str, dict[str, dict[str, int]]] = {}
    for split in splits:
        judged: dict[str, dict[str, int]] = {}
        with _need(folder / "qrels" / f"{split}.tsv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                judged.setdefault(row["query-id"], {})[row["corpus-id"]] = int(row["score"])
        qrels[split] = judged
    return BeirSet(corpus, queries, qrels)


@dataclass(frozen=True)
class SpanQuestion:
    """A question whose gold answer is a span of one document."""

    id: str
    question: str
    doc_id: str
    answer: str
    start: int

    @property
    def end(self) -> int:
        """End offset (exclusive) of the gold span."""
        return self.start + len(self.answer)


def load_covid_qa(folder: Path) -> tuple[dict[str, str], list[SpanQuestion]]:
    """The articles by id and every question (first gold answer); odd ids are the report split,
    even ids the tuning split."""
    articles = {str(row["_id"]): str(row["text"]) for row in _jsonl(folder / "articles.jsonl")}
    questions = []
    for row in _jsonl(folder / "questions.jsonl"):
        answers = row["answers"]
        if not isinstance(answers, list) or not answers:
            continue
        first = answers[0]
        questions.append(
            SpanQuestion(
                id=str(row["id"]),
                question=str(row["question"]),
                doc_id=str(row["document_id"]),
                answer=str(first["text"]),
                start=int(first["answer_start"]),
            )
        )
    return articles, questions


def is_report_split(question_id: str) -> bool:
    """COVID-QA's report split: odd question ids."""
    return int(question_id) % 2 == 1


@dataclass(frozen=True)
class PubMedQAItem:
    """One PubMedQA PQA-L item: its question and abstract (without the conclusion)."""

    pmid: str
    question: str
    context: str
    test: bool


def load_pubmedqa(folder: Path) -> list[PubMedQAItem]:
    """The 1,000 expert-labelled items; ``test`` marks the official 500-item test split."""
    items = json.loads(_need(folder / "ori_pqal.json").read_text(encoding="utf-8"))
    test = set(json.loads(_need(folder / "test_ground_truth.json").read_text(encoding="utf-8")))
    return [
        PubMedQAItem(
            pmid=str(pmid),
            question=str(item["QUESTION"]),
            context="\n\n".join(str(part) for part in item["CONTEXTS"]),
            test=str(pmid) in test,
        )
        for pmid, item in items.items()
    ]
