"""The stage of disease, the phase of treatment and the analysis of a trial a question asks
about, and whether texts leave it standing (pure functions).

The nearest text naming one decides which one a sentence is about (:func:`nearest_named`, which
decides age groups, case patients and trial phases too).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence, Set
from functools import partial

from rag.answering.cues.conditions import asking_sentences

#: The two stages of a disease a question may put its patients at, as reports write them: a
#: rate of relapsed or refractory patients is none of newly diagnosed ones, and the reverse.
_DISEASE_STATUSES = {
    "newly diagnosed": re.compile(
        r"\b(?:newly[\s-]+diagnosed|(?:previously\s+)?untreated|treatment[\s-]+na[iï]ve"
        r"|first[\s-]?line|front[\s-]?line)\b",
        re.I,
    ),
    # "relapsed" as a stage, not as what some patients did ("the babies who relapsed").
    "relapsed or refractory": re.compile(
        r"(?<!who )(?<!that )(?<!had )(?<!has )(?<!have )\b(?:relapsed|refractory|relapsing)\b"
        r"|\bR/R\b|\bsalvage\b|\b(?:after|upon|following)\s+(?:progression|failure)\b"
        r"|\bprogress(?:ed|ing)\s+(?:on|after)\b|\bpre-?treated\b|\bpreviously\s+treated\b"
        r"|\bresistan(?:t|ce)\s+to\b"
        r"|(?<!no )(?<!without )\b(?:prior|previous)\s+(?:\w+\s+)?(?:treatments?|therap(?:y|ies)"
        r"|lines?|regimens?)\b",
        re.I,
    ),
}


def disease_statuses(question: str) -> list[str]:
    """The stage of disease the question puts its patients at ("newly diagnosed" of "... in
    patients with newly diagnosed AML?"), unless it names both. Only its asking sentences
    count, as for :func:`amounts`."""
    return _the_one_named(_DISEASE_STATUSES, question)


def states_disease_status(status: str, texts: Sequence[str]) -> bool:
    """Whether ``texts`` (nearest first: a sentence, the sentences before it, its title) leave
    ``status`` (an item of :func:`disease_statuses`) standing: the nearest that names a stage
    of disease names it, or none names one ("46% of patients with R/R AML ..." does not stand
    for newly diagnosed patients, nor "the median OS after progression on frontline HMA/VEN")."""
    named = nearest_named(texts, partial(named_by, _DISEASE_STATUSES))
    return named is None or status in named


def nearest_named(texts: Sequence[str], named: Callable[[str], Set[str]]) -> Set[str] | None:
    """What the nearest of ``texts`` to name anything (as ``named`` finds it) names; None when
    none names anything. The nearest text naming a stage, a phase of treatment, an age group, a
    case patient or a trial phase decides which one a sentence is about."""
    for text in texts:
        found = named(text)
        if found:
            return found
    return None


def named_by(forms: Mapping[str, re.Pattern[str]], text: str) -> set[str]:
    """The names of ``forms`` that ``text`` matches."""
    return {name for name, form in forms.items() if form.search(text)}


def _the_one_named(forms: Mapping[str, re.Pattern[str]], question: str) -> list[str]:
    """The one name of ``forms`` the question's asking sentences match (see :func:`amounts`),
    as a list; empty when they match none or several."""
    named = named_by(forms, asking_sentences(question))
    return sorted(named) if len(named) == 1 else []


#: The phase of treatment a question may ask about, as reports write it: the median OS of a
#: salvage trial is none of maintenance's.
_SETTINGS = {
    "maintenance": re.compile(r"\bmaintenance\b", re.I),
    "induction": re.compile(r"\binduction\b", re.I),
    "consolidation": re.compile(r"\bconsolidation\b", re.I),
    "salvage": re.compile(r"\bsalvage\b", re.I),
}
#: The phase of treatment reports leave unsaid for a patient's first treatment ("She was
#: treated with 7 + 3 plus midostaurin"): asked, it need only not be contradicted.
_UNSAID_SETTINGS = frozenset({"induction"})


def treatment_settings(question: str) -> list[str]:
    """The phase of treatment the question asks about ("maintenance" of "What was the median OS
    with gilteritinib maintenance?"), unless it names several. Only its asking sentences count,
    as for :func:`amounts`."""
    return _the_one_named(_SETTINGS, question)


def states_treatment_setting(setting: str, texts: Sequence[str]) -> bool:
    """Whether ``texts`` (nearest first, as for :func:`states_disease_status`) state ``setting``
    (an item of :func:`treatment_settings`): the nearest naming a phase of treatment names it
    ("Median OS was significantly longer in the gilteritinib arm" after "... 124 patients to
    salvage chemotherapy" is a salvage trial's, not maintenance's). Unlike a stage of disease,
    which reports leave unsaid for their usual patients, a phase of treatment asked about must
    be named ("The median OS was 5.8 months" of a triplet is no maintenance result either),
    but for induction (``_UNSAID_SETTINGS``)."""
    named = nearest_named(texts, partial(named_by, _SETTINGS))
    return setting in _UNSAID_SETTINGS if named is None else setting in named


#: Which analysis of a trial a question may ask about, as reports write it: the median
#: follow-up of an updated analysis is none of the first's.
_ANALYSES = {
    "first analysis": re.compile(
        r"\b(?:first|initial|primary|original|interim|preliminary)\s+"
        r"(?:analys[ie]s|report|results|data)\b",
        re.I,
    ),
    "updated analysis": re.compile(
        r"\b(?:updated|extended|long-?term|longer|final|later)\s+"
        r"(?:analys[ie]s|report|results|data|follow-?up)\b",
        re.I,
    ),
}


def analyses(question: str) -> list[str]:
    """Which analysis of a trial the question asks about ("first analysis" of "What was the
    median follow-up in VIALE-A's first analysis?"), unless it names both. Only its asking
    sentences count, as for :func:`amounts`."""
    return _the_one_named(_ANALYSES, question)


def states_analysis(analysis: str, texts: Sequence[str]) -> bool:
    """Whether ``texts`` (nearest first, as for :func:`states_disease_status`) leave
    ``analysis`` (an item of :func:`analyses`) standing: the nearest naming an analysis names
    it ("In an updated analysis with a median follow-up of 43.2 months" is not the first
    analysis). The first analysis goes unsaid where no other is named; an updated one must be
    named."""
    named = nearest_named(texts, partial(named_by, _ANALYSES))
    return analysis == "first analysis" if named is None else analysis in named
