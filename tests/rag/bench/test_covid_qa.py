from rag.bench.covid_qa import answer_text, inside, locate
from rag.types import Chunk


def test_locate_takes_the_occurrence_nearest_the_raw_position() -> None:
    cleaned = "ACE2 binds. Later: ACE2 binds."
    raw = cleaned + " " * 70
    assert locate("ACE2", raw, (0, 4), cleaned) == (0, 4)
    assert locate("ACE2", raw, (60, 64), cleaned) == (19, 23)
    assert locate("absent", raw, (0, 6), cleaned) is None
    assert locate("", raw, (0, 0), cleaned) is None


def test_locate_prefers_the_occurrence_whose_surroundings_match_the_raw_text() -> None:
    raw = (
        "Strain BtCoV/Rh/YN2012 was isolated. "
        + "filler " * 40
        + "We characterized BtCoV/Rh/YN2012."
    )
    at = raw.rindex("BtCoV")
    # Cleaning dropped the filler, and a line break now splits the second occurrence's sentence.
    cleaned = "Strain BtCoV/Rh/YN2012 was isolated.\n\nWe character-\nized BtCoV/Rh/YN2012."
    found = locate("BtCoV/Rh/YN2012", raw, (at, at + 15), cleaned)
    assert found == (cleaned.rindex("BtCoV"), cleaned.rindex("BtCoV") + 15)
    assert locate("BtCoV/Rh/YN2012", raw, (7, 22), cleaned) == (7, 22)
    assert locate("YN2012 was\nisolated", raw, (16, 35), "… YN2012 was isolated") == (2, 21)


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
