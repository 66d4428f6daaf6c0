"""Hostile texts of 1 MB clean and chunk in seconds: no step is worse than O(n log n).

Each shape defeated an earlier version: numbered lines and one short line between distinct ones
were quadratic (18 KB of ``1.`` lines took 13.6 s), and so were unclosed Markdown emphasis, a
bulleted line of unclosed citation brackets, and sentence splitting of a long document. The bound
is generous (a loaded CI machine); the quadratic versions take hours at this size.
"""

import time
from collections.abc import Callable

import pytest

from rag.ingest.chunking import chunk_document
from rag.ingest.clean import clean_document
from rag.ingest.loaders import _markdown_to_text
from rag.types import DocumentMeta

pytestmark = pytest.mark.slow

SIZE = 1_000_000
BOUND_S = 20.0


def _repeat(unit: str) -> str:
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


SHAPES: dict[str, Callable[[], str]] = {
    "numbered lines": lambda: _repeat("1.\n"),
    "alternating repeated lines": lambda: _repeat("a\nb\n"),
    "a line between distinct ones": lambda: "".join(f"L\nu{i}\n" for i in range(SIZE // 8)),
    "token-per-line references": lambda: _repeat("1.\nThol\nF\n,\n2.\nHeuser\nM\n.\n"),
    "one giant line": lambda: _repeat("word. "),
    "a bulleted line of unclosed citations": lambda: "- " + _repeat("2020;1("),
    "many tiny paragraphs": lambda: _repeat("a.\n\n"),
    "abbreviations and decimals": lambda: _repeat("Dr. A. B. found 3.5 x. Then 2. "),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_megabyte_of_hostile_text_cleans_in_seconds(shape: str) -> None:
    raw = SHAPES[shape]()
    started = time.perf_counter()
    document = clean_document(raw, DocumentMeta(doc_id="hostile"))
    chunks = chunk_document(document, 160, 40)
    elapsed = time.perf_counter() - started
    assert chunks and document.text
    assert elapsed < BOUND_S, f"{shape}: {elapsed:.1f} s"


@pytest.mark.parametrize("unit", ["__a ", "[a](b ", "*a "])
def test_a_megabyte_of_unclosed_markdown_parses_in_seconds(unit: str) -> None:
    started = time.perf_counter()
    text, _ = _markdown_to_text(_repeat(unit))
    assert text
    assert time.perf_counter() - started < BOUND_S
