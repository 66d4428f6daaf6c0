import pytest

from rag.bench.load import parse_wrk
from rag.errors import InputError


def test_parse_wrk_reads_the_script_summary() -> None:
    output = (
        "Running 10s test @ http://127.0.0.1:1\n"
        "requests=48 seconds=20.5 rps=2.34 p50_ms=410 p95_ms=733 p99_ms=812 errors=0\n"
    )
    assert parse_wrk(output) == {
        "requests": 48.0, "seconds": 20.5, "rps": 2.34, "p50_ms": 410.0,
        "p95_ms": 733.0, "p99_ms": 812.0, "errors": 0.0,
    }  # fmt: skip
    with pytest.raises(InputError, match="wrk printed no result"):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")
