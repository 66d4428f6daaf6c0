"""The case-report patients a question refers to by age ("the 65-year-old man"), and whether
texts are about that patient (pure functions): the nearest text naming a patient's age decides,
and a case report's later sentences ("the patient", "she") go on with the case their document
opened last.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answering.cues.conditions import asking_sentences
from rag.answering.cues.stages import nearest_named

#: A patient of a case report named by age ("the 65-year-old man", "a 52-year-old woman").
CASE_AGE = re.compile(r"\b(\d{1,3})[\s-]+years?[\s-]+old\b", re.I)
#: The one case a question refers to ("the 65-year-old man"); "a 70-year-old patient" is the
#: asker's own, described, not one the literature reports.
_THE_CASE = re.compile(rf"\b(?:the|this|that)\s+{CASE_AGE.pattern}", re.I)


def case_ages(question: str) -> list[str]:
    """The case-report patients the question refers to by age, as "65-year-old" ("... did the
    65-year-old man receive?"; not "In a 70-year-old patient, ..."). Only its asking sentences
    count, as for :func:`amounts`, and the words a follow-up carries."""
    asking = asking_sentences(question)
    if carried := CARRIED.search(question):  # "And how many cycles? (the 52-year-old)"
        asking += " " + carried.group(1)
    found = _THE_CASE.finditer(asking)
    return list(dict.fromkeys(f"{m.group(1)}-year-old" for m in found))


def case_age(case: str) -> str:
    """The age in years of ``case`` (an item of :func:`case_ages`), as written ("65" of
    "65-year-old")."""
    return case.split("-", maxsplit=1)[0]


#: The words a follow-up carries from the question before, in brackets at its end
#: (``rewrite.carry_over``), with the space before them.
CARRIED = re.compile(r"\s*\(([^()]*)\)\s*$")


def names_case(text: str) -> bool:
    """Whether ``text`` names a case-report patient by age."""
    return bool(CASE_AGE.search(text))


def ages_named(text: str) -> list[str]:
    """The ages of the patients ``text`` names in years, in order ("52" of "a 52-year-old
    woman")."""
    return [m.group(1) for m in CASE_AGE.finditer(text)]


def states_case_age(case: str, texts: Sequence[str], in_force: str = "") -> bool:
    """Whether ``texts`` (nearest first: a sentence, the sentences of its paragraph before it)
    are about the patient ``case`` (an item of :func:`case_ages`): the nearest naming a
    patient's age in years names that age. A case report's later sentences say "the patient";
    another case's ("In 2021, a 75-year-old man ...") is not this patient's, nor are texts
    naming no age, unless the sentence or its lead-in (the first two) refers to one patient
    (:func:`refers_to_patient`) and the case their document opened last before them
    (``in_force``, an age: see :func:`rag.answering.cases.cases_in_force`) is this one: "In our
    patient 3, the relapse probability was especially high" opens no story of its own for the
    discussion around it."""
    age = case_age(case)
    named = nearest_named(texts, lambda text: set(ages_named(text)))
    if named is None:
        return in_force == age and any(refers_to_patient(text) for text in texts[:2])
    return age in named


#: How a case report goes on about its one patient once it has introduced them.
_ONE_PATIENT = re.compile(r"\b(?:the|our|this)\s+patient\b|\b(?:she|he|her|his|him)\b", re.I)


def refers_to_patient(text: str) -> bool:
    """Whether ``text`` refers to one patient, as a case report goes on ("the patient", "our
    patient", "she", "his")."""
    return _ONE_PATIENT.search(text) is not None
