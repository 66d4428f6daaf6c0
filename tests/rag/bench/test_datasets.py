import json
from pathlib import Path

import pytest

from rag.bench.datasets import is_report_split, load_beir, load_covid_qa, load_pubmedqa
from rag.errors import DocumentNotFoundError


def _beir(folder: Path) -> None:
    (folder / "qrels").mkdir(parents=True)
    (folder / "corpus.jsonl").write_text(
        '{"_id": "1", "title": "T", "text": "Body."}\n\n{"_id": "2", "text": "Other."}\n'
    )
    (folder / "queries.jsonl").write_text('{"_id": "q1", "text": "Claim?"}\n')
    for split in ("train", "test"):
        (folder / "qrels" / f"{split}.tsv").write_text("query-id\tcorpus-id\tscore\nq1\t1\t1\n")


def test_load_beir(tmp_path: Path) -> None:
    _beir(tmp_path)
    data = load_beir(tmp_path)
    assert data.corpus == {"1": ("T", "Body."), "2": ("", "Other.")}
    assert data.queries == {"q1": "Claim?"}
    assert data.qrels["test"] == {"q1": {"1": 1}}


def test_missing_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(DocumentNotFoundError, match=r"corpus\.jsonl"):
        load_beir(tmp_path)
    with pytest.raises(DocumentNotFoundError, match=r"articles\.jsonl"):
        load_covid_qa(tmp_path)
    with pytest.raises(DocumentNotFoundError, match=r"ori_pqal\.json"):
        load_pubmedqa(tmp_path)


def test_load_covid_qa_and_its_split(tmp_path: Path) -> None:
    (tmp_path / "articles.jsonl").write_text('{"_id": "7", "text": "The virus spreads."}\n')
    question = {
        "id": 3,
        "question": "How?",
        "answers": [{"text": "spreads", "answer_start": 10}],
        "document_id": "7",
    }
    (tmp_path / "questions.jsonl").write_text(json.dumps(question) + "\n")
    articles, questions = load_covid_qa(tmp_path)
    [only] = questions
    assert articles[only.doc_id][only.start : only.end] == only.answer
    assert is_report_split("3") and not is_report_split("4")


def test_load_pubmedqa(tmp_path: Path) -> None:
    items = {
        "11": {"QUESTION": "Q?", "CONTEXTS": ["A.", "B."]},
        "12": {"QUESTION": "R?", "CONTEXTS": []},
    }
    (tmp_path / "ori_pqal.json").write_text(json.dumps(items))
    (tmp_path / "test_ground_truth.json").write_text(json.dumps({"12": "yes"}))
    loaded = {item.pmid: item for item in load_pubmedqa(tmp_path)}
    assert loaded["11"].context == "A.\n\nB." and not loaded["11"].test
    assert loaded["12"].test
