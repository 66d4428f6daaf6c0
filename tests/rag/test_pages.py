import pytest

from rag import pages
from rag.types import PageSpan

SPANS = [PageSpan(number=1, start=0, end=40), PageSpan(number=3, start=42, end=90)]


def test_clip_keeps_the_overlapping_pages_cut_to_the_span() -> None:
    assert pages.clip(SPANS, 30, 50) == [
        PageSpan(number=1, start=30, end=40),
        PageSpan(number=3, start=42, end=50),
    ]
    assert pages.clip(SPANS, 40, 42) == []  # the separator between pages stands on none
    assert pages.clip([], 0, 10) == []


def test_numbers_name_every_page_a_span_touches() -> None:
    assert pages.numbers(SPANS, 0, 10) == [1]
    assert pages.numbers(SPANS, 39, 43) == [1, 3]
    assert pages.numbers(SPANS, 89, 200) == [3]


@pytest.mark.parametrize(
    ("numbers", "label"), [([], ""), ([4], "p. 4"), ([4, 5], "pp. 4–5"), ([5, 4, 7], "pp. 4–7")]
)
def test_label(numbers: list[int], label: str) -> None:
    assert pages.label(numbers) == label


def test_encode_and_decode_round_trip() -> None:
    assert pages.encode(SPANS) == "1:0:40;3:42:90"
    assert pages.decode(pages.encode(SPANS)) == SPANS
    assert pages.decode("") == [] and pages.encode([]) == ""


def test_decode_rejects_what_encode_never_writes() -> None:
    with pytest.raises(ValueError):
        pages.decode("1:0")
