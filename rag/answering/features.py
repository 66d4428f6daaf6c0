"""The features of a candidate answer sentence (pure functions).

Each candidate is a quotable sentence of a retrieved passage. Its features say how well it
matches the question by meaning (embedding cosine with the question, and with what it asks
beyond its subject, from the sentence index; and what it asks token by token,
:func:`token_match`), by words (IDF-weighted coverage of the question's terms, through
abbreviations; its adjacent pairs of words found adjacent; a sentence-level BM25),
whether it is about the question's subject (its salient terms, if it names any, found in the
sentence, the one or two sentences leading up to it, the document's title, the words the
document is about or those of its opening chunk: a sentence of a ziftomenib trial report saying
"the drug" is about ziftomenib), whether it states
the kind of value asked for, and where it stands (passage rank, position, section; front matter
such as an author list or a citation line, by its section or its own text). The learned
scorer (:mod:`rag.answering.scorer`) turns them into a probability.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import partial

import numpy as np

from rag.answering.cues.conditions import (
    states_age_bound,
    states_amount,
    states_course,
    states_day,
    states_landmark,
    states_ordinal,
    states_other_landmark,
    states_single_agent,
)
from rag.answering.cues.endpoints import abbreviates, names_endpoint, without_examples
from rag.answering.cues.kinds import GATING, answers_type, counts, defined_name, defines
from rag.answering.cues.mentions import AbbreviationForms, uncovered
from rag.answering.cues.patients import names_case, states_case_age
from rag.answering.cues.populations import (
    contradicts,
    names_own_population,
    pools,
    states_age_group,
    the_other_alternative,
)
from rag.answering.cues.regimens import states_partners
from rag.answering.cues.stages import (
    states_analysis,
    states_disease_status,
    states_treatment_setting,
)
from rag.answering.cues.trials import names_trial, states_phase_nearest
from rag.answering.question import Question
from rag.ingest.structure import is_front_matter
from rag.text.numbers import extract_facts
from rag.text.sentences import sentence_spans
from rag.text.words import Vocabulary, adjacent_pairs, covered, singular, terms

#: Feature names, in the order the scorer's weights follow.
FEATURES: tuple[str, ...] = (
    "similarity",
    "similarity_gap",
    "asked_similarity",
    "asked_similarity_gap",
    "asked_token_match",
    "asked_token_match_gap",
    "passage_rank",
    "focus_coverage",
    "no_focus",
    "term_coverage",
    "phrase_coverage",
    "bm25",
    "salient_in_sentence",
    "salient_missing",
    "no_salient",
    "kind_asked",
    "kind_stated",
    "list_asked",
    "list_stated",
    "list_answered",
    "mechanism_asked",
    "mechanism_stated",
    "definition_asked",
    "defines",
    "counts_focus",
    "has_number",
    "log_words",
    "fragment",
    "first_in_chunk",
    "front_matter",
    "table_row",
    "top_document",
    "foreign",
)
#: Share of the question's words (weighted by IDF) a candidate with its lead-in and title must
#: mention to be about the question at all; under it the question is off-topic for that evidence.
RELATED_SHARE = 0.25
_SENTENCE_END = re.compile(r"[.!?。)\]”\"](?:\d+(?:[,–-]\d+)*)?$")
_FRAGMENT_WORDS = 10
_K1, _B, _AVERAGE_WORDS = 1.2, 0.75, 25.0


@dataclass(frozen=True)
class Evidence:
    """A candidate sentence and what surrounds it."""

    text: str
    rank: int
    similarity: float
    asked_similarity: float
    #: :func:`token_match` of the tokens of what the question asks beyond its subject.
    asked_token_match: float
    lead_in: str
    doc_id: str
    title: str
    section_kind: str
    first_in_chunk: bool
    top_document: bool
    topics: frozenset[str]
    #: The whole passage (chunk) the sentence stands in.
    passage: str = ""
    #: The sentences of its paragraph before it, nearest first (its lead-in and farther).
    paragraph: tuple[str, ...] = ()
    #: The age of the case-report patient its document opened last before its chunk
    #: (``Passage.case``).
    case: str = ""


def is_fragment(text: str) -> bool:
    """Whether ``text`` is no sentence but a heading, caption or label: it does not end as a
    sentence does and is under ``_FRAGMENT_WORDS`` words."""
    return not _SENTENCE_END.search(text) and len(text.split()) < _FRAGMENT_WORDS


def token_match(question: np.ndarray, sentence: np.ndarray) -> float:
    """Late interaction (ColBERT's MaxSim, Khattab and Zaharia 2020) over the embedding model's
    contextual token vectors (unit rows): the mean, over the question's tokens, of each one's
    best cosine with a token of the sentence; 0 when either has no tokens.

    Where the sentence embedding's cosine weighs the whole sentence against the whole question,
    this asks whether each word of the question has a counterpart in the sentence, read in
    context: "enrolled" against "were enrolled", "CR rate" against "complete remission".
    """
    if not len(question) or not len(sentence):
        return 0.0
    return float((np.asarray(question) @ np.asarray(sentence).T).max(axis=1).mean())


@dataclass(frozen=True)
class Coverage:
    """What of the question a candidate leaves unmentioned."""

    #: Salient terms, then asked endpoints (by long form), then stated amounts of a dose,
    #: ordinals ("ordinal 2") and time points ("5-year"), then stated trial phases ("phase 3").
    salient: tuple[str, ...]
    kinds: tuple[str, ...]
    related: bool = True


def coverage(
    question: Question,
    evidence: Evidence,
    abbreviations: Mapping[str, str] | AbbreviationForms,
) -> Coverage:
    """The salient terms the candidate, its lead-in, title and document subject leave
    unmentioned (terms carried from earlier turns need only one mention among them; a term the
    lead-in names only as one of two alternatives is unmentioned by a sentence reporting on the
    other, :func:`rag.answering.cues.populations.the_other_alternative`, and one the sentence
    names only among examples of its population,
    :func:`rag.answering.cues.endpoints.without_examples`) with the asked endpoints the
    sentence itself does not name ("duration of response" is not answered by a median PFS,
    whatever the sentence before it reports; a median OS by a landmark OS rate either), the
    subgroup terms of the question (``Question.subgroups``) that neither the sentence, the
    one before it nor its title names (its document's subject does not count: the
    overall 6-month RFS of a trial report about HSCT is no answer for the patients who received
    HSCT) or names only with the other status ("TP53-wt" for "with TP53 mutations", "prior VEN
    exposure" for venetoclax-naive patients), the
    amounts of a dose, the ordinals, the time points, the amounts of treatment and the age
    bounds the question states that neither the sentence nor its lead-in states (a sentence
    about 600 mg does not answer for 400 mg, one about one cycle not for a second course, a
    6-month rate not for a 5-year one, an ORR after one cycle not for two cycles, a rate of all
    patients not for those older than 60; a table row must state them itself, since the rows
    above it are other records; nor one stating another time point, whose value is at that:
    :func:`rag.answering.cues.conditions.states_other_landmark`), the stage of disease it
    puts its patients at ("newly diagnosed") where the nearest of the sentence, its lead-in
    and title to name a stage names only the other ("R/R AML"; "after progression on
    frontline HMA/VEN"; read back through its paragraph), the phase of treatment and the
    analysis of a trial it asks about where the nearest text naming one names another
    (:func:`rag.answering.cues.stages.states_treatment_setting`,
    :func:`rag.answering.cues.stages.states_analysis`), the regimen it asks about by its partners
    where the nearest text naming a regimen with one of them adds another
    (:func:`rag.answering.cues.regimens.states_partners`), the age group it puts them in where
    that is not stated (:func:`rag.answering.cues.populations.states_age_group`), the
    case-report patient it refers to by age where the nearest sentence naming a patient's age
    names another or none (:func:`rag.answering.cues.patients.states_case_age`; the sentence
    introducing that patient counts as the sentence's lead-in; a later paragraph of the case
    referring to "the patient" counts when that case is the one its document opened last,
    ``Evidence.case``), the trial phases it states that the nearest of the sentence and its
    paragraph to name a phase, else the passage and title, do not name (a phase 1/2 report does
    not answer for phase 3; :func:`rag.answering.cues.trials.states_phase_nearest`), the trials
    whose registry identifier it asks that the sentence does not name
    (:func:`rag.answering.cues.trials.names_trial`), the asked kinds of value the sentence does not
    state, and whether it mentions at least ``RELATED_SHARE`` of the question's words by IDF (with
    its document's subject, through abbreviations; for a question in another language, of its words
    the corpus uses) or, for a definition question, defines its name ("What kind of drug is
    venetoclax?" is answered by "Venetoclax is an oral BCL-2 inhibitor", which says neither "kind"
    nor "drug"); a word naming an asked kind of value counts as mentioned by a sentence stating one
    (``_KIND_WORDS``), and the sentence introducing a case patient asked about must mention a word
    of what is asked of him."""
    context = f"{evidence.doc_id}\n{evidence.title}\n{evidence.lead_in}\n{evidence.text}"
    if question.cases:  # the sentence introducing the case patient is its subject's too
        context += "\n" + next((t for t in evidence.paragraph if names_case(t)), "")
    missing = uncovered(
        list(question.salient), context, set(evidence.topics), abbreviations, question.unknown
    )
    weights = question.weights
    if question.foreign:  # words of another language than the literature's say nothing here
        weights = {t: w for t, w in weights.items() if w < question.absent_weight}
    total = sum(weights.values())
    unmentioned = set(
        uncovered(list(weights), context, set(evidence.topics), abbreviations, names=False)
    )
    kinds = [
        k
        for k in sorted(question.kinds & GATING)
        if not answers_type(k, evidence.text, question.measures_counted)
    ]
    unmentioned -= _kind_words_stated(question, kinds)
    mentioned = sum(w for t, w in weights.items() if t not in unmentioned)
    related = not total or mentioned / total >= RELATED_SHARE or _defines_asked(question, evidence)
    if question.cases and names_case(evidence.text):
        # the sentence introducing the case patient ("In 2022, a 65-year-old man underwent a
        # biopsy") leads in to what is told of him; it answers only what it says a word of
        asked = terms(question.asked)
        related = related and not (
            asked
            and set(asked)
            <= set(uncovered(asked, evidence.text, set(), abbreviations, names=False))
        )
    carried = question.context & set(question.salient)
    if not (carried and carried <= set(missing)):
        missing = [term for term in missing if term not in question.context]
    missing += [
        term
        for term in question.salient
        if term not in missing and the_other_alternative(term, evidence.lead_in, evidence.text)
    ]
    if question.endpoints and (shown := without_examples(evidence.text, question.endpoints)) != (
        evidence.text
    ):
        rest = context.replace(evidence.text, shown)
        missing += uncovered(
            [t for t in question.salient if t not in missing and t not in question.context],
            rest, set(evidence.topics), abbreviations, question.unknown,
        )  # fmt: skip
    if question.subgroups:
        missing += _subgroups_missing(question, evidence, abbreviations, missing)
    named = [e for e in question.endpoints if names_endpoint(e, evidence.text)]
    missing = [t for t in missing if not any(abbreviates(e, t) for e in named)]
    missing += [e for e in question.endpoints if e not in named]
    table = evidence.section_kind == "table"
    stated = evidence.text if table else f"{evidence.lead_in}\n{evidence.text}"
    missing += [label for label, states in conditions(question) if not states(stated)]
    missing += [
        t
        for t in question.landmarks
        if t not in missing and states_other_landmark(t, evidence.text)
    ]
    nearest = [
        evidence.text, *([] if table else [evidence.lead_in, *evidence.paragraph]), evidence.title
    ]  # fmt: skip
    missing += [s for s in question.statuses if not states_disease_status(s, nearest)]
    missing += [s for s in question.settings if not states_treatment_setting(s, nearest)]
    missing += [a for a in question.analyses if not states_analysis(a, nearest)]
    if question.partners and not states_partners(
        question.partners, question.text, nearest, abbreviations
    ):
        missing += regimen_label(question)
    missing += [
        group
        for group in question.age_groups
        if not states_age_group(group, nearest + [evidence.doc_id], evidence.topics)
    ]
    missing += [
        case for case in question.cases if not states_case_age(case, nearest, evidence.case)
    ]
    if question.phases:
        around = f"{evidence.title}\n{evidence.passage or stated}"
        near = [evidence.text, *([] if table else evidence.paragraph or [evidence.lead_in])]
        missing += [
            phase_label(p) for p in question.phases if not states_phase_nearest(p, near, around)
        ]
    missing += [t for t in question.registered if not names_trial(t, evidence.text)]
    return Coverage(tuple(missing), tuple(kinds), related)


def _subgroups_missing(
    question: Question,
    evidence: Evidence,
    abbreviations: Mapping[str, str] | AbbreviationForms,
    missing: list[str],
) -> list[str]:
    """The question's subgroup terms that the sentence, the one before it, its title and
    document id leave unnamed without the document's subject, or that the sentence, the one
    before or the title name only with the other status or only joined by "or" to another
    subgroup (:func:`pools`) where the question does not ask about such a union itself; those
    in ``missing`` already left out. Only the sentence right before counts of the lead-in: a
    subgroup named earlier ("In the subgroup with NPM1-mutated AML, most achieve MRD
    negativity. Nevertheless, survival after HMA/VEN is poor. In 41 patients relapsing after
    HMA/VEN, the median OS was 2.4 months") is no longer the one reported on, and none does
    where the sentence opens with the people its value is of
    (:func:`rag.answering.cues.populations.names_own_population`)."""
    spans = sentence_spans(evidence.lead_in)
    own = names_own_population(evidence.text)
    before = evidence.lead_in[spans[-1][0] :] if spans and not own else ""
    said = f"{evidence.title}\n{before}\n{evidence.text}"
    unnamed = uncovered(
        list(question.subgroups), f"{evidence.doc_id}\n{said}", set(), abbreviations,
        question.unknown,
    )  # fmt: skip
    forms = (
        abbreviations
        if isinstance(abbreviations, AbbreviationForms)
        else AbbreviationForms(abbreviations)
    )
    return [
        t
        for t, status in question.subgroups.items()
        if t not in missing
        and (
            t in unnamed
            or contradicts(t, status, said, _forms(t, forms))
            or (status and pools(t, said) and not pools(t, question.text))
        )
    ]


def _forms(term: str, abbreviations: AbbreviationForms) -> set[str]:
    """A term's long form's words when it is an abbreviation, and the short forms of the long
    forms naming it (for venetoclax, "ven")."""
    return set(abbreviations.long_form(term)).union(*abbreviations.short_forms(term))


#: The words that name a kind of value ("dose" of "What dose is used?"): a sentence stating
#: a value of that kind mentions them ("initiated at 120 mg/d" says what "dose" asks).
_KIND_WORDS = {
    "dose": frozenset({"dose", "doses", "dosing", "dosage"}),
    "schedule": frozenset({"schedule", "schedules"}),
    "identifier": frozenset({"identifier", "identifiers", "registration", "registry"}),
    "venue": frozenset({"journal", "journals"}),
    "age": frozenset({"age", "ages"}),
}


def _kind_words_stated(question: Question, unstated: Collection[str]) -> set[str]:
    """The words naming a kind of value the question asks that the sentence states, all asked
    kinds but ``unstated`` (see ``_KIND_WORDS``)."""
    return {
        word
        for kind, words in _KIND_WORDS.items()
        if kind in question.kinds and kind not in unstated
        for word in words
    }


def conditions(question: Question) -> list[tuple[str, Callable[[str], bool]]]:
    """What the question states about the value it asks that an answer or its lead-in must
    state too: the amounts of a dose ("400 mg"), ordinals ("ordinal 2"), time points
    ("5-year"), amounts of treatment ("2 cycles"), days of a schedule ("day 8"), age bounds
    ("age 60") and a drug given on its own ("single agent": no combination said), each as it
    is named
    among what a candidate leaves unmentioned, with the check of a text stating it."""
    return [
        *((a, partial(states_amount, a)) for a in question.amounts),
        *((f"ordinal {o}", partial(states_ordinal, o)) for o in question.ordinals),
        *((t, partial(states_landmark, t)) for t in question.landmarks),
        *((c, partial(states_course, c)) for c in question.courses),
        *((d, partial(states_day, d)) for d in question.days),
        *((a, partial(states_age_bound, a)) for a in question.ages),
        *([("single agent", states_single_agent)] if question.single_agent else []),
    ]


def regimen_label(question: Question) -> list[str]:
    """How the regimen a question asks about by its partners is named among what a candidate
    leaves unmentioned ("gilteritinib plus venetoclax"); none when it asks about none."""
    return [" plus ".join(question.partners)] if question.partners else []


def phase_label(phase: str) -> str:
    """How a stated trial phase is named among what a candidate leaves unmentioned ("phase 3")."""
    return f"phase {phase}"


def _defines_asked(question: Question, evidence: Evidence) -> bool:
    """Whether the question asks for a definition and the sentence gives it."""
    return "definition" in question.kinds and any(
        defines(t, evidence.text) for t in _names(question)
    )


def _names(question: Question) -> list[str]:
    """What a definition question asks about: the name as the question writes it, and its
    salient terms or else its last content word."""
    written = [name] if (name := defined_name(question.text)) else []
    if question.salient:
        return [*written, *question.salient]
    return [*written, *terms(question.text)[-1:]]


def sentence_bm25(weights: dict[str, float], text: str) -> float:
    """BM25 of a sentence for query terms weighted by their IDF."""
    words = terms(text)
    if not words:
        return 0.0
    counts = Counter(singular(word) for word in words)
    asked: dict[str, float] = {}
    for term, weight in weights.items():
        key = singular(term)
        asked[key] = max(weight, asked.get(key, 0.0))
    norm = _K1 * (1 - _B + _B * len(words) / _AVERAGE_WORDS)
    return sum(
        weight * counts[term] * (_K1 + 1) / (counts[term] + norm)
        for term, weight in asked.items()
        if term in counts
    )


def phrase_coverage(pairs: list[tuple[str, str]], sentence: list[str]) -> float:
    """Share of the question's adjacent pairs of content words (``pairs``, see
    :func:`rag.text.words.adjacent_pairs`) that are adjacent among the ``sentence``'s content
    words too, in either order and up to inflection: "pain associated with CHIKV" is asked and
    "explain pain associated with CHIKF" answers, where a sentence with the same words scattered
    ("CHIKV ... severe joint pain") only restates the topic. 0 for a question of one content
    word."""
    if not pairs:
        return 0.0
    present = set(adjacent_pairs(sentence))
    return sum(1 for a, b in pairs if (a, b) in present or (b, a) in present) / len(pairs)


def _share(weights: dict[str, float], vocabulary: Vocabulary) -> float:
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(w for t, w in weights.items() if covered(t, vocabulary)) / total


def features(
    question: Question,
    evidence: Evidence,
    missing: Coverage,
    forms: AbbreviationForms,
    *,
    best_similarity: float,
    best_asked_similarity: float,
    best_asked_token_match: float,
    bm25: float,
    best_bm25: float,
) -> list[float]:
    """The candidate's feature values, in ``FEATURES`` order; ``forms`` gives the long form of
    each corpus abbreviation the sentence uses. The ``best_`` values are the highest among the
    candidates it competes with, so that the gaps say how far it is behind."""
    sentence = terms(evidence.text)
    words_in = set(sentence)
    words_in |= {w for t in words_in for w in forms.long_form(t)}
    vocabulary = Vocabulary(words_in)
    salient = question.salient
    named = (
        sum(1 for t in salient if vocabulary.names(t, related=t not in question.unknown))
        / len(salient)
        if salient
        else 1.0
    )
    gating = question.kinds & GATING
    words = len(evidence.text.split())
    enumerates = answers_type("list", evidence.text)
    values = {
        "similarity": evidence.similarity,
        "similarity_gap": evidence.similarity - best_similarity,
        "asked_similarity": evidence.asked_similarity,
        "asked_similarity_gap": evidence.asked_similarity - best_asked_similarity,
        "asked_token_match": evidence.asked_token_match,
        "asked_token_match_gap": evidence.asked_token_match - best_asked_token_match,
        "passage_rank": 1.0 / evidence.rank,
        "focus_coverage": _share(question.focus, vocabulary),
        "no_focus": float(not question.focus),
        "term_coverage": _share(question.weights, vocabulary),
        "phrase_coverage": phrase_coverage(question.pairs, sentence),
        "bm25": bm25 / best_bm25 if best_bm25 > 0 else 0.0,
        "salient_in_sentence": named,
        "salient_missing": sum(t in salient for t in missing.salient) / len(salient)
        if salient
        else 0.0,
        "no_salient": float(not salient),
        "kind_asked": float(bool(gating)),
        "kind_stated": float(bool(gating) and not missing.kinds),
        "list_asked": float("list" in question.kinds),
        "list_stated": float(enumerates),
        "list_answered": float("list" in question.kinds and enumerates),
        "mechanism_asked": float("mechanism" in question.kinds),
        "mechanism_stated": float(
            "mechanism" in question.kinds and answers_type("mechanism", evidence.text)
        ),
        "definition_asked": float("definition" in question.kinds),
        "defines": float(_defines_asked(question, evidence)),
        "counts_focus": float(
            "count" in question.kinds
            and counts(set(question.focus) - question.quantified, evidence.text)
        ),
        "has_number": float(bool(extract_facts(evidence.text).numbers)),
        "log_words": math.log1p(words),
        "fragment": float(is_fragment(evidence.text)),
        "first_in_chunk": float(evidence.first_in_chunk),
        "front_matter": float(evidence.section_kind == "front" or is_front_matter(evidence.text)),
        "table_row": float(evidence.section_kind == "table"),
        "top_document": float(evidence.top_document),
        "foreign": float(question.foreign),
    }
    return [values[name] for name in FEATURES]
