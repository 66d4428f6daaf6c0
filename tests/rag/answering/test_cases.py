"""Case reports told over several paragraphs."""

from rag.answering.cases import cases_in_force, narrative
from rag.types import Chunk

TEXTS = [
    "In 2020, a 52-year-old woman was diagnosed with AML.",  # opens her case
    "MRD assessment is standard; patients are monitored.",  # discussion
    "Four weeks later, the patient relapsed.",  # goes on with her case
    "Gilteritinib was studied in a phase 3 trial.",  # discussion
    "After HCT, our patient received sorafenib.",
    "In 2021, a 75-year-old man received AZA/VEN.",  # opens another case
    "He relapsed after 12 cycles.",
]
CHUNKS = [
    Chunk(id=f"c{n}", doc_id="review", text=text, start=n * 100, end=n * 100 + len(text),
          section="Body", section_kind="body", language="en", title="How I treat")
    for n, text in enumerate(TEXTS)
]  # fmt: skip


def test_the_case_in_force_is_the_one_the_document_opened_last_before_a_chunk() -> None:
    found = cases_in_force(list(reversed(CHUNKS)))  # any order
    assert "c0" not in found  # nothing opened before the first
    assert [found[f"c{n}"] for n in range(1, 7)] == ["52", "52", "52", "52", "52", "75"]


def test_a_case_s_story_is_the_chunks_referring_to_one_patient_until_the_next_case() -> None:
    assert [c.id for c in narrative(CHUNKS, "52", 6)] == ["c2", "c4"]
    assert [c.id for c in narrative(CHUNKS, "52", 1)] == ["c2"]
    assert [c.id for c in narrative(CHUNKS, "75", 6)] == ["c6"]
    assert narrative(CHUNKS, "65", 6) == []  # a case the document does not tell
