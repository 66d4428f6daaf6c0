"""The question set's schema, and the shipped set's coverage and gold quotes."""

from collections import Counter
from pathlib import Path

import pytest

from rag.errors import DocumentNotFoundError, InputError
from rag.evaluation.dataset import load_eval_set
from rag.types import CleanDocument
from tests.conftest import ROOT, SEED_IDS

SHIPPED = ROOT / "eval" / "questions.yaml"


@pytest.fixture(scope="module")
def shipped():
    return load_eval_set(SHIPPED)


def test_the_shipped_set_covers_what_the_issue_asks(shipped) -> None:
    questions = shipped.questions
    types = Counter(q.type for q in questions)
    assert len(questions) >= 80
    assert {doc for q in questions for doc in q.gold_docs} == set(SEED_IDS)
    assert sum(not q.answerable for q in questions) >= 12
    assert types["multilingual"] >= 3
    assert types["injection"] >= 3
    assert all(q.forbidden for q in questions if q.type == "injection")
    assert all(q.history for q in questions if q.type == "follow_up")
    assert all(len(q.gold_docs) >= 2 for q in questions if q.type == "multi_doc")
    for split in ("dev", "test"):
        chosen = shipped.select(split)
        assert sum(q.answerable for q in chosen) >= 30
        assert sum(not q.answerable for q in chosen) >= 5
    assert len(shipped.select("all")) == len(questions)
    assert shipped.corpus == SHIPPED.parent / "../seeds"


def test_every_gold_quote_is_an_exact_substring_of_a_cleaned_gold_document(
    shipped, seed_docs: dict[str, CleanDocument]
) -> None:
    for question in shipped.questions:
        for quote in question.gold_quotes:
            assert any(quote in seed_docs[doc].text for doc in question.gold_docs), (
                question.id,
                quote,
            )


def _write(tmp_path: Path, body: str, name: str = "set.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """
questions:
  - id: a
    question: What dose?
    answerable: true
    gold_docs: [d]
    facts: [["600 mg"]]
    type: numeric
    split: dev
"""


def test_a_minimal_yaml_set_and_a_jsonl_set(tmp_path: Path) -> None:
    loaded = load_eval_set(_write(tmp_path, GOOD))
    assert [q.id for q in loaded.questions] == ["a"]
    assert loaded.corpus is None
    line = (
        '{"id": "b", "question": "Q?", "answerable": false, "type": "unanswerable", '
        '"split": "test"}\n'
    )
    assert load_eval_set(_write(tmp_path, line, "set.jsonl")).questions[0].id == "b"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (GOOD + GOOD.split("questions:\n")[1], "used twice"),
        (GOOD.replace('facts: [["600 mg"]]', "facts: []"), "needs facts"),
        (GOOD.replace('facts: [["600 mg"]]', "facts: [[]]"), "at least one non-empty variant"),
        (GOOD.replace("split: dev", "split: train"), "split"),
        (GOOD.replace("type: numeric", "type: numeric\n    colour: red"), "colour"),
        (GOOD.replace("answerable: true", "answerable: false"), "unanswerable"),
        ("- just a list", "mapping with a list"),
        ("questions: [", "not valid YAML"),
        ("questions: []", "no questions"),
    ],
)
def test_bad_sets_are_refused_with_the_reason(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_eval_set(_write(tmp_path, body))


def test_missing_and_unknown_files(tmp_path: Path) -> None:
    with pytest.raises(DocumentNotFoundError):
        load_eval_set(tmp_path / "absent.yaml")
    with pytest.raises(InputError, match="yaml, .yml or .jsonl"):
        load_eval_set(_write(tmp_path, "x", "set.csv"))
    with pytest.raises(InputError, match="not JSON"):
        load_eval_set(_write(tmp_path, "{oops", "set.jsonl"))
