from rag.bench.covid_qa import answer_text, inside, locate
from rag.types import Chunk


def test_locate_takes_the_occurrence_nearest_the_raw_position() -> None:
    cleaned = "ACE2 binds. Later: ACE2 binds again."
    assert locate("ACE2", 0, 100, cleaned) == (0, 4)
    assert locate("ACE2", 60, 100, cleaned) == (19, 23)
    assert locate("absent", 0, 100, cleaned) is None
    assert locate("", 0, 100, cleaned) is None


def test_inside_needs_the_gold_document_and_the_whole_span() -> None:
    chunk = Chunk(
        id="c", doc_id="7", text="x" * 50, start=100, end=150, section="Body",
        section_kind="body", language="en",
    )  # fmt: skip
    assert inside((110, 120), chunk, "7")
    assert not inside((140, 160), chunk, "7")
    assert not inside((110, 120), chunk, "8")


def test_answer_text_drops_markers() -> None:
    assert answer_text("It binds ACE2. [1] It spreads. [2]") == "It binds ACE2. It spreads."
