import pytest

from rag.bench.traffic import Call, summarize


def test_summarize_counts_each_operation_and_its_errors() -> None:
    calls = [Call("ask", 200, float(ms)) for ms in range(1, 101)]
    calls += [Call("search", 200, 5.0), Call("search", 503, 7.0), Call("search", 0, 9.0)]
    figures = summarize(calls, seconds=10.0)
    assert figures["ask"]["requests"] == 100 and figures["ask"]["rps"] == 10.0
    assert figures["ask"]["p50_ms"] == pytest.approx(50.5)
    assert figures["ask"]["p99_ms"] == pytest.approx(99.01)
    assert figures["ask"]["errors"] == 0
    assert figures["search"]["errors"] == 2
    assert not Call("upload", 201, 1.0).failed and Call("delete", 404, 1.0).failed
