from pathlib import Path

from rag.evaluation.chart import write_chart
from tests.rag.evaluation.helpers import sample_report


def test_write_chart_draws_a_png(tmp_path: Path) -> None:
    path = write_chart(sample_report(), tmp_path / "charts" / "run.png")
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 5_000
