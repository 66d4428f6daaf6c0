import json
from pathlib import Path

from rag.evaluation.report import fmt, headline_table, markdown, write_report
from tests.rag.evaluation.helpers import sample_report


def test_fmt() -> None:
    assert fmt("answer_correctness", 0.6789) == "67.9%"
    assert fmt("latency_p95_ms", 1234.4) == "1,234 ms"
    assert fmt("questions", 3.0) == "3"
    assert fmt("mrr_doc", None) == "–"


def test_headline_table_shows_values_and_gates() -> None:
    report = sample_report()
    table = headline_table(report.metrics, report.gates)
    assert "| Answer correctness | 50.0% | ≥ 90.0% **FAIL** |" in table
    assert "| Refusal recall | 100.0% | ≥ 50.0% pass |" in table
    assert not report.passed


def test_markdown_lists_each_failure_with_its_answer() -> None:
    text = markdown(sample_report())
    assert "# citeqa evaluation: test split, extractive mode" in text
    assert "A gate FAILED." in text
    assert "| numeric | 2 |" in text
    assert "## Failures (1)" in text
    assert "### wrong (numeric, test): missing “35%”" in text
    assert "**A:** It was 5%. [1]" in text
    assert "### right " not in text


def test_write_report(tmp_path: Path) -> None:
    json_path, md_path = write_report(sample_report(), tmp_path / "reports", "run")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["commit"] == "abc123"
    assert [r["verdict"]["id"] for r in data["results"]] == ["right", "wrong", "refusal"]
    assert data["metrics"]["answer_correctness"] == 0.5
    assert md_path.read_text(encoding="utf-8").startswith("# citeqa evaluation")
