"""Case reports told over several paragraphs (pure functions).

A review tells a patient's case in pieces: "In 2020, a 52-year-old woman was diagnosed with AML
..." opens it; paragraphs of discussion follow; then "Already 4 weeks after detecting MRD, the
patient developed a morphological relapse ... Treatment with gilteritinib monotherapy was
initiated at 120 mg/d." goes on with it, never naming her age again. A question about "the
52-year-old woman" is answered from those later paragraphs too: the chunks of a document between
a case's opening and the next case's that refer to one patient are read as hers
(:func:`narrative`), and a sentence there that names no age but refers to "the patient" is
about the case its document last opened (:func:`cases_in_force`,
:func:`rag.answering.cues.patients.states_case_age`).
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.answering.cues.patients import ages_named, refers_to_patient
from rag.types import Chunk


def cases_in_force(chunks: Sequence[Chunk]) -> dict[str, str]:
    """For each of one document's ``chunks`` (any order) after a case is opened, by its id, the
    age of the patient the text before it named last ("52"): the case its "the patient" means."""
    found: dict[str, str] = {}
    last = ""
    for chunk in sorted(chunks, key=lambda c: c.start):
        if last:
            found[chunk.id] = last
        last = (ages_named(chunk.text) or [last])[-1]
    return found


def narrative(chunks: Sequence[Chunk], age: str, most: int) -> list[Chunk]:
    """Up to ``most`` of one document's ``chunks`` that go on with the case of the patient of
    ``age`` ("52"), in document order: after the first chunk naming that age, up to one naming
    another age, those that refer to one patient (:func:`refers_to_patient`)."""
    ordered = sorted(chunks, key=lambda c: c.start)
    opening = next((n for n, chunk in enumerate(ordered) if age in ages_named(chunk.text)), None)
    if opening is None:
        return []
    found: list[Chunk] = []
    for chunk in ordered[opening + 1 :]:
        if len(found) >= most or set(ages_named(chunk.text)) - {age}:
            break
        if refers_to_patient(chunk.text):
            found.append(chunk)
    return found
