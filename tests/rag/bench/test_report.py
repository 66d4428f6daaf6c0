from pathlib import Path

from rag.bench.report import BenchResult, Table, pct, write_bench_report


def test_table_and_result_markdown(tmp_path: Path) -> None:
    table = Table(title="T", columns=["a", "b"], rows=[["1", "2"]], note="n")
    assert table.markdown() == "### T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nn\n"
    result = BenchResult(
        name="scifact",
        quick=True,
        created="2026-11-22T08:00:00+00:00",
        commit="abc",
        machine="m",
        command="citeqa bench scifact --quick",
        seconds=3.0,
        settings={},
        metrics={"x": 1.0},
        tables=[table],
    )
    assert result.markdown().startswith("## scifact (quick)\n\n`citeqa bench scifact --quick`")
    paths = write_bench_report(result, tmp_path)
    assert [p.name for p in paths] == [
        "bench-scifact-quick-20261122T080000.json",
        "bench-scifact-quick-20261122T080000.md",
    ]
    assert pct(None) == "–" and pct(0.6789) == "0.679"
