import pytest

from rag.bench.load import parse_hey
from rag.errors import InputError

SUMMARY = """
Summary:
  Total:\t20.5 secs
  Requests/sec:\t2.3412

Latency distribution:
  10% in 0.3010 secs
  50% in 0.4100 secs
  95% in 0.7330 secs
  99% in 0.8120 secs

Status code distribution:
  [200]\t46 responses
  [503]\t1 responses

Error distribution:
  [1]\tPost "http://127.0.0.1:1/v1/ask": context deadline exceeded
"""


def test_parse_hey_reads_the_summary() -> None:
    assert parse_hey(SUMMARY) == {
        "rps": 2.3412, "p50_ms": 410.0, "p95_ms": 733.0, "p99_ms": 812.0,
        "responses": 47.0, "errors": 2.0,
    }  # fmt: skip
    few = parse_hey(SUMMARY.replace("  99% in 0.8120 secs\n", ""))
    assert "p99_ms" not in few and few["p95_ms"] == 733.0
    with pytest.raises(InputError, match="hey printed no summary"):
        parse_hey("dial tcp 127.0.0.1:1: connect: connection refused")
