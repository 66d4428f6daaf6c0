"""The trials a question names and the trial phase it asks about, and whether texts name them
(pure functions): a registry identifier is the trial's it stands beside, and a phase 2 result
is no answer about phase 3.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answering.cues.conditions import asking_sentences
from rag.answering.cues.stages import nearest_named

#: A trial named by a word and a number or letter after a hyphen ("KOMET-001", "MANTRA-2",
#: "VIALE-A", "Interfant-06").
_TRIAL_NAME = re.compile(r"\b[A-Z][A-Za-z]{2,}-(?:\d+|[A-Z])\b")


def trial_names(question: str) -> list[str]:
    """The trials ``question`` names ("KOMET-001" of "What is the registration number of
    KOMET-001?")."""
    return list(dict.fromkeys(m.group(0) for m in _TRIAL_NAME.finditer(asking_sentences(question))))


def names_trial(trial: str, sentence: str) -> bool:
    """Whether ``sentence`` names ``trial`` itself: a registry identifier is the trial's it
    stands beside ("two phase 1 trials (NCT06001788 and NCT05735184)" in a report on KOMET-001
    are other trials)."""
    return re.search(rf"\b{re.escape(trial)}\b", sentence, re.I) is not None


#: A trial phase: "phase 3", "phase III", "phase 1b/2", "phase I/II".
_PHASE = re.compile(
    r"\bphase\s*(iv|i{1,3}|[1-4])[ab]?(?:\s*(?:/|-|and|to)\s*(iv|i{1,3}|[1-4])[ab]?)?\b", re.I
)
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
#: The numerals a phase may be written in: "III" of "phase III" is a phase, not a name.
PHASE_NUMERALS = frozenset(_ROMAN)


def _phase_numbers(match: re.Match[str]) -> frozenset[str]:
    return frozenset(_ROMAN.get(g.lower(), g) for g in match.groups() if g)


def phases(question: str) -> list[str]:
    """The trial phases the question names, as their numbers ("3" of "in the phase III trial",
    "1/2" of "in the phase 1b/2 study"): an answer must come from a passage about that phase,
    and one about another ("the phase 2 portion") does not answer it. Only its asking
    sentences count, as for :func:`amounts`."""
    found = _PHASE.finditer(asking_sentences(question))
    return list(dict.fromkeys("/".join(sorted(_phase_numbers(m))) for m in found))


def states_phase(phase: str, text: str) -> bool:
    """Whether ``text`` names a phase sharing a number with ``phase`` (an item of
    :func:`phases`): "phase 1b/2" states phase 2, and phase 1."""
    return bool(set(phase.split("/")) & _phases_named(text))


def _phases_named(text: str) -> frozenset[str]:
    """The numbers of every trial phase ``text`` names ("1" and "2" of "phase 1b/2")."""
    return frozenset().union(*(_phase_numbers(m) for m in _PHASE.finditer(text)))


def states_phase_nearest(phase: str, nearest: Sequence[str], around: str) -> bool:
    """Whether the nearest of ``nearest`` (a sentence, then the sentences of its paragraph
    before it) to name a trial phase names ``phase``, or, where none does, ``around`` (its
    passage and title) does: "The 2-year RFS was 85%" after "In a phase 2 trial, 83 patients
    ..." is no phase 3 result though the next sentence of the passage tells of one."""
    named = nearest_named(nearest, _phases_named)
    return bool(set(phase.split("/")) & (_phases_named(around) if named is None else named))
