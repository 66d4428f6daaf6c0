"""What a question asks, worked out once per question (pure functions).

Its salient terms (what it is about: a drug, a gene, a trial, a population), its focus terms
(what it asks about that subject, weighted by rarity), the kinds of value it asks for, the
survival, response, remission or response-duration endpoints it names, the amounts of a dose it
states, and whether it is written in another language than the English the embedding model and
most of the literature use. For such a question only names the corpus itself uses count as
salient (a Spanish word absent from English literature says nothing about whether the literature
answers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from rag.answering.cues.conditions import (
    age_bounds,
    amounts,
    courses,
    days,
    landmarks,
    ordinals,
    single_agent,
)
from rag.answering.cues.endpoints import endpoints
from rag.answering.cues.kinds import counts_measures, quantified, question_types
from rag.answering.cues.patients import CARRIED, CASE_AGE, case_ages
from rag.answering.cues.populations import age_groups, subgroups
from rag.answering.cues.regimens import partners
from rag.answering.cues.salience import CJK_CHARS, forms_of, idf, salient_terms
from rag.answering.cues.stages import analyses, disease_statuses, treatment_settings
from rag.answering.cues.trials import PHASE_NUMERALS, phases, trial_names
from rag.retrieval.statistics import TermStatistics
from rag.text.abbreviations import expand_query
from rag.text.words import adjacent_pairs, terms

#: Function words of the other languages the evaluation set asks in: two of them, an opening
#: "¿" or "¡", or any CJK character mark a question as not English.
_FOREIGN_TEXT = """
el la los las del con fue cuál cual qué una por para es son se en como cuántos cuántas
cuánto cuánta cuantos dónde quién sus según tras entre
le les des du avec quel quelle quels été est une dans pour sur au aux combien ont sont chez
après selon
der die das dem den mit wird von welche welcher wie und ist bei im viele wurden wurde sind
waren haben nach für über unter einer eine ein zur zum
"""
_FOREIGN_WORDS = frozenset(_FOREIGN_TEXT.split())
_CJK = re.compile(f"[{CJK_CHARS}]")
_TOKEN = re.compile(r"\w+")
_JOINS = re.compile(r",?\s+(?:and|or|versus|vs\.?|compared (?:with|to))\s+", re.I)
#: Two names after "with" joined by a bare "and" that ends the question or its subject: one
#: treatment or one population ("with chemotherapy and HCT?", "with FLAG-IDA and venetoclax in
#: R/R AML?", "the patient with NPM1 and FLT3-ITD relapse?"), where "with A and with B", "with
#: A and of B" or "survival with A and the 6-month RFS with B" ask of two.
_WITH_BOTH = re.compile(
    r"\bwith\s+[^\s,]+\s+and\s+(?!(?:with|for|in|of|at|after|before|without|the|a|an|what"
    r"|which|how|when|where|who|did|does|do|was|were|is|are)\b)[^\s,?]+"
    r"(?:\s+[^\s,?]+)?\s*(?:\?|$|\s+(?:in|among|at|after|reach|achieve)\w*\b)",
    re.I,
)
_MAX_PARTS = 3
#: Prepositions and articles that lead into a subject ("reported for the", "after"), which a
#: part that names only its subject brings itself ("for gilteritinib").
_OPENERS = frozenset(
    {"of", "for", "in", "on", "with", "at", "to", "by", "from", "after", "before", "during",
     "among", "the", "a", "an"}
)  # fmt: skip
#: A preposition that may open a question ("in which countries", "at what dose").
_LEADING = r"(?:(?:in|at|on|for|from|by|with|to|of|after|before|during|among)\s+)?"
_INTERROGATIVE = re.compile(rf"{_LEADING}(what|which|who|whom|whose|when|where|why|how)\b", re.I)
_ASKING = re.compile(rf"{_LEADING}(?:what|which|how (?:many|much))\b", re.I)
_AUXILIARIES = frozenset(
    {"did", "do", "does", "was", "were", "is", "are", "had", "has", "have", "can", "could",
     "will", "would", "should", "may", "might"}
)  # fmt: skip
#: Words after which the names a question joins are what it sets aside, not its subjects ("What
#: mutation appeared besides NPM1, FLT3-ITD and TET2?").
_EXCLUDING = re.compile(
    r"\b(besides|except|excluding|other than|apart from|aside from|in addition to)\b", re.I
)


def is_foreign(question: str) -> bool:
    """Whether the question is written in another language than English."""
    if _CJK.search(question) or "¿" in question or "¡" in question:
        return True
    words = _TOKEN.findall(question.lower())
    return sum(1 for w in words if w in _FOREIGN_WORDS) >= 2


@dataclass(frozen=True)
class Question:
    """One question, analysed against the corpus statistics."""

    text: str
    salient: tuple[str, ...]
    focus: dict[str, float]
    weights: dict[str, float]
    kinds: frozenset[str]
    foreign: bool
    context: frozenset[str] = frozenset()
    #: The IDF of a word the corpus never uses (every present word weighs less).
    absent_weight: float = float("inf")
    #: Survival, response, remission (CR, CRc, CRh, CRi), response-duration or MRD-negativity
    #: endpoints it names, which an answer must name.
    endpoints: tuple[str, ...] = ()
    #: Amounts of a dose it states ("400 mg"), which an answer or its lead-in must state too.
    amounts: tuple[str, ...] = ()
    #: Trial phases it names ("3"), of which the answer's passage must name one too.
    phases: tuple[str, ...] = ()
    #: Ordinals it states ("2" of "a second course"), which an answer or its lead-in must state.
    ordinals: tuple[str, ...] = ()
    #: Time points it puts on what it asks ("5-year"), which an answer or its lead-in must state.
    landmarks: tuple[str, ...] = ()
    #: Age bounds it puts on its patients ("age 60"), which an answer or its lead-in must state.
    ages: tuple[str, ...] = ()
    #: Amounts of treatment it states ("2 cycles"), which an answer or its lead-in must state.
    courses: tuple[str, ...] = ()
    #: Days of a schedule it states ("day 8"), which an answer or its lead-in must state too.
    days: tuple[str, ...] = ()
    #: The trials whose registry identifier it asks ("KOMET-001" of "What is the registration
    #: number of KOMET-001?"), which an answer must name itself (``cues.trials.names_trial``).
    registered: tuple[str, ...] = ()
    #: Whether it asks about a drug given on its own ("as a single agent"), which an answer and
    #: its lead-in must not give in combination (``cues.conditions.states_single_agent``).
    single_agent: bool = False
    #: The partners of the regimen it asks about ("gilteritinib", "venetoclax" of "... with
    #: gilteritinib plus venetoclax?"), of which the nearest text naming a regimen with one must
    #: name no other (``cues.regimens.states_partners``).
    partners: tuple[str, ...] = ()
    #: The stage of disease it puts its patients at ("newly diagnosed"), which an answer, its
    #: lead-in or title must not contradict by naming only the other.
    statuses: tuple[str, ...] = ()
    #: The phase of treatment it asks about ("maintenance"), which the nearest text naming one
    #: must not contradict (``cues.stages.states_treatment_setting``).
    settings: tuple[str, ...] = ()
    #: Which analysis of a trial it asks about ("first analysis"), which the nearest text
    #: naming one must not contradict (``cues.stages.states_analysis``).
    analyses: tuple[str, ...] = ()
    #: The age group it puts its patients in ("children" of "in pediatric AML"): see
    #: ``cues.populations.states_age_group``.
    age_groups: tuple[str, ...] = ()
    #: The case-report patient it asks about by age ("65-year-old"): see
    #: ``cues.patients.states_case_age``.
    cases: tuple[str, ...] = ()
    #: Its salient terms naming a subgroup of the patients it asks about ("npm1" of "in
    #: NPM1-mutant AML"), which an answer or its lead-in must name, not only its document, each
    #: with the status it asks (``cues.populations.subgroups``).
    subgroups: dict[str, str] = field(default_factory=dict)
    #: Whether it counts units of time or treatment ("How many cycles"), which then count.
    measures_counted: bool = False
    #: The words it puts a number in front of ("cycles" of "How many received two cycles?"):
    #: conditions it states, not what it asks to count.
    quantified: frozenset[str] = frozenset()
    #: Its salient terms the corpus uses in no spelling or inflection ("ziftomenab"): names the
    #: literature does not report, which only the same name mentions, not another word sharing
    #: its first letters ("ziftomenib"; see ``rag.text.words.same_name``).
    unknown: frozenset[str] = frozenset()

    @cached_property
    def pairs(self) -> list[tuple[str, str]]:
        """Its adjacent pairs of content words (:func:`rag.text.words.adjacent_pairs`)."""
        return adjacent_pairs(terms(self.text))

    @property
    def parts(self) -> list[str]:
        """The question's parts when it asks the same about several subjects ("X for A and for
        B", "A or B"): each a search query of its own; empty when it asks about one subject.
        Every part must name a salient term that no other part names, its own subject ("How
        many were MRD negative or had low MRD levels after blinatumomab?" asks about one). A
        later part that opens a question leaving out what it asks ("... and what did B reach",
        "... and how many received B") gets it from the first: the words after the first's
        "what", "which" or "how many" up to its verb, put after its own ("how many patients
        received B" after "How many patients had ..."), or when there are none the words of
        the first that name no subject; one that asks its own ("and where is B") is kept as it
        is. One that names only its subject ("and for B", "and after B") gets the first part's
        words before the word it opens with, or else before the first part's subject ("What
        two-year survival was reported for B"). Words after the last subject ("A and B
        achieved in AML") belong to every part whose only subject ends it ("what rates have A",
        not "what did A reach in X"). A list of three or more names ("of A, B and C"), names
        set aside ("besides A and B") and names after "with" joined by a bare "and" ("with
        chemotherapy and HCT": one treatment) make no parts. The words a follow-up carries from the
        question before (``rewrite.carry_over``: "What median OS did it reach versus salvage
        chemotherapy? (gilteritinib)") name no part's subject; they go with every part."""
        text, carried = self.text, ""
        if self.context and (found := CARRIED.search(text)):
            text, carried = text[: found.start()], found.group(0)
        pieces = [p.strip(" ?.") for p in _JOINS.split(text) if p.strip(" ?.")]
        if len(pieces) < 2 or len(pieces) > _MAX_PARTS or _EXCLUDING.search(text):
            return []
        if _WITH_BOTH.search(text):
            return []
        salient = set(self.salient)
        if any(_enumerates(piece.split(", "), salient) for piece in pieces[:-1]):
            return []
        if any(_one_regimen(a.split(), b.split(), salient) for a, b in pairwise(pieces)):
            return []
        named = [set(terms(piece)) & salient for piece in pieces]
        if not all(own - set().union(*named[:i], *named[i + 1 :]) for i, own in enumerate(named)):
            return []
        tail = _tail(pieces[-1].split(), salient)
        if tail:
            pieces[:-1] = [
                f"{piece} {tail}" if _ends_with_subject(piece.split(), salient) else piece
                for piece in pieces[:-1]
            ]
        first = pieces[0].split()
        stem = [w for w in first if not set(terms(w)) & salient]
        parts = [pieces[0], *(_part(piece, first, stem, salient) for piece in pieces[1:])]
        return [f"{part}{carried}" for part in parts]

    @property
    def asked(self) -> str:
        """The question without the words naming its salient terms: what is asked about its
        subject ("What rate did reach in" of "What CR rate did ziftomenib reach in NPM1-mutant
        AML?"; a salient abbreviation of what is asked, such as "CR", goes too); empty when
        nothing is asked beyond them). A case-report patient asked about by age is a subject
        too: "What induction did receive?" of "What induction did the 65-year-old man
        receive?"."""
        salient = set(self.salient)
        text = _CASE_PATIENT.sub("", self.text) if self.cases else self.text
        kept = [w for w in text.split() if not set(terms(w)) & salient]
        subject = salient or self.cases
        return " ".join(kept) if subject and terms(" ".join(kept)) else ""


#: A case-report patient named by age, with the article and the noun after it ("the 65-year-old
#: man").
_CASE_PATIENT = re.compile(
    rf"(?:\b(?:the|a|an|this|that)\s+)?{CASE_AGE.pattern}"
    r"(?:\s+(?:man|woman|patient|boy|girl|male|female|child|infant))?",
    re.I,
)


def _enumerates(segments: list[str], salient: set[str]) -> bool:
    """Whether comma-separated ``segments`` end in a list of names ("the ORRs of ivosidenib,
    olutasidenib" before "and enasidenib"): a question about three or more subjects at once,
    answered whole (the sentence comparing them), not a part per name. "Which trial enrolled more
    patients, KOMET-001" lists nothing: one name follows the comma."""
    if len(segments) < 2:
        return False
    last, before = segments[-1].split(), segments[-2].split()
    return (
        all(set(terms(w)) & salient for w in last)
        and bool(before)
        and bool(set(terms(before[-1])) & salient)
    )


#: The kinds of value a regimen reaches, which only the regimen asked about gives: a question
#: asking which drugs are combined with one (a list of names) is about its partners.
_VALUES = frozenset({"percent", "duration", "count", "dose", "schedule"})

#: Words that join a drug to its partners in one regimen's name ("Lipo-MIT plus CLAG").
_COMBINING = frozenset({"plus", "+", "with"})


def _one_regimen(before: list[str], after: list[str], salient: set[str]) -> bool:
    """Whether the name ending ``before`` after "with" and the one opening ``after``, joined by
    "and", are partners of one regimen whose name goes on with "plus" ("... rate with ASTX727"
    and "venetoclax plus gilteritinib" of "... with ASTX727 and venetoclax plus gilteritinib"):
    one subject, not two ("What did milademetan and Lipo-MIT plus CLAG reach?" asks of two)."""
    return (
        len(after) > 2
        and len(before) > 1
        and before[-2].lower() == "with"
        and after[1].lower() in _COMBINING - {"with"}
        and all(set(terms(w)) & salient for w in (before[-1], after[0], after[2]))
    )


def _tail(words: list[str], salient: set[str]) -> str:
    """The words after the subject that opens ``words`` ("achieved in AML" of "revumenib
    achieved in AML"); empty when they do not open with a subject. A regimen's partner
    belongs to its subject ("trials use" of "Lipo-MIT plus CLAG trials use")."""

    def names(word: str) -> bool:
        return bool(set(terms(word)) & salient)

    run = 0
    while run < len(words):
        if names(words[run]):
            run += 1
        elif (
            run
            and words[run].lower() in _COMBINING
            and run + 1 < len(words)
            and names(words[run + 1])
        ):
            run += 2
        else:
            break
    return " ".join(words[run:]) if run else ""


def _asked_until(words: list[str]) -> int:
    """Where what a question asks ends: after its first auxiliary ("What CR rates did"), where
    the words naming its subject begin; 0 when it has none."""
    return next((i + 1 for i, w in enumerate(words) if w.lower() in _AUXILIARIES), 0)


def _ends_with_subject(words: list[str], salient: set[str]) -> bool:
    """Whether the words naming a subject after what the question asks ("CR" of "What CR rates
    did A" is asked) are one run that ends ``words``."""
    named = [bool(set(terms(w)) & salient) for w in words[_asked_until(words) :]]
    runs = sum(1 for i, n in enumerate(named) if n and (i == 0 or not named[i - 1]))
    return bool(named) and named[-1] and runs == 1


def _part(piece: str, first: list[str], stem: list[str], salient: set[str]) -> str:
    """A later piece as a query of its own (see :attr:`Question.parts`)."""
    words = piece.split()
    if _INTERROGATIVE.match(piece):
        opening = _ASKING.match(piece)
        size = len(opening.group(0).split()) if opening else 0
        if not opening or not _elliptical(words[size:]):
            return piece
        rest = words[size:]
        if rest and rest[0].lower() in _OPENERS - _DETERMINERS:  # "and how many in B"
            return " ".join([*_lead(first, salient), *rest])
        own = {w.lower() for w in words}
        head = [w for w in _head(first, salient) if w.lower() not in own]
        if head:
            return " ".join([*words[:size], *head, *words[size:]])
        return " ".join([*words, *(w for w in stem if w.lower() not in own)])
    lowered = [w.lower() for w in first]
    opener = words[0].lower()
    if opener in _OPENERS and opener in lowered[1:]:
        return " ".join([*first[: lowered.index(opener, 1)], piece])
    return " ".join([*_lead(first, salient), piece])


def _lead(first: list[str], salient: set[str]) -> list[str]:
    """The first part's words before its subject and the preposition leading to it ("How many
    patients were enrolled" of "How many patients were enrolled in MANTRA-2"): what a later
    part that names only its own subject asks ("and in the blinatumomab study")."""
    asked = _asked_until(first)
    subject = next(
        (i for i, w in enumerate(first) if i >= asked and set(terms(w)) & salient),
        next(i for i, w in enumerate(first) if set(terms(w)) & salient),
    )
    lead = first[:subject]
    while lead and lead[-1].lower() in _OPENERS:
        lead.pop()
    return lead


#: Words that end a question's head ("patients" of "How many patients had ... in A").
_HEAD_ENDS = _AUXILIARIES | _OPENERS
#: Words that open what a question asks about ("and what was the dose of B" asks its own).
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that"})


def _elliptical(rest: list[str]) -> bool:
    """Whether the words after a later part's "what", "which" or "how many" leave out what it
    asks, to be read from the first part: a verb or a preposition follows ("and how many
    received B", "and what did B reach", "and how many with B"), not a noun ("and which genes
    were mutated in B") nor an auxiliary with its own subject ("and what was the dose of B")."""
    if not rest:
        return True
    word = rest[0].lower()
    if word in _AUXILIARIES:
        return len(rest) < 2 or rest[1].lower() not in _DETERMINERS
    return _is_verb(word) or (word in _OPENERS and word not in _DETERMINERS)


def _head(words: list[str], salient: set[str]) -> list[str]:
    """The words after an opening "what", "which" or "how many" that name what is asked, up to
    its verb, a preposition or a subject ("patients" of "How many patients received B"; "median
    age" of "What median age was reported for A"); empty when there are none."""
    opening = _ASKING.match(" ".join(words))
    if not opening:
        return []
    head: list[str] = []
    for word in words[len(opening.group(0).split()) :]:
        lowered = word.lower()
        if lowered in _HEAD_ENDS or _is_verb(lowered) or set(terms(word)) & salient:
            break
        head.append(word)
    return head


#: Verbs not in "-ed" that may follow what a question asks ("Which countries took part").
_IRREGULAR_VERBS = frozenset(
    {"underwent", "got", "took", "went", "ran", "saw", "began", "won", "led", "gave", "met"}
)


#: Prefixes that keep a hyphenated word a verb ("re-treated"); after any other, a word ending
#: in "-ed" describes what follows ("NPM1-mutated patients", "venetoclax-exposed patients").
_VERB_PREFIXES = frozenset({"re", "co", "pre", "un"})


def _is_verb(word: str) -> bool:
    prefix, hyphen, _ = word.partition("-")
    if hyphen and prefix.lower() not in _VERB_PREFIXES:
        return False
    return word.endswith("ed") or word in _IRREGULAR_VERBS


def _long_forms(salient: list[str], abbreviations: dict[str, str]) -> set[str]:
    """The words of the long forms of the salient abbreviations ("acute myeloid leukemia" of a
    question naming AML): they name its subject too, not what it asks about it."""
    named = set(salient)
    return {
        w for short, long in abbreviations.items() if short.lower() in named for w in terms(long)
    }


def salient_in(text: str, statistics: TermStatistics, common: frozenset[str]) -> list[str]:
    """The salient terms of ``text`` against a corpus's ``statistics`` and a lexicon of ordinary
    words (:func:`rag.answering.cues.salience.salient_terms`)."""
    return salient_terms(
        text, statistics.doc_freq, statistics.chunks, common,
        statistics.documents_using, statistics.documents,
    )  # fmt: skip


def analyse(
    question: str,
    statistics: TermStatistics,
    abbreviations: dict[str, str],
    common: frozenset[str],
    context: set[str] | None = None,
) -> Question:
    """Analyse ``question``.

    Args:
        question: The standalone question.
        statistics: Corpus term statistics (IDF).
        abbreviations: Corpus abbreviations; the question's are expanded for the focus terms.
        common: A lexicon of ordinary words (see ``cues.salience.salient_terms``).
        context: Salient terms carried from earlier turns of a conversation.
    """
    foreign = is_foreign(question)
    salient = salient_in(question, statistics, common)
    if foreign:
        salient = [t for t in salient if statistics.doc_freq.get(t) or any(c.isdigit() for c in t)]
    stated_phases = phases(question)
    kinds = frozenset(question_types(question))
    if stated_phases:  # checked as a phase (any spelling), not as a name
        salient = [t for t in salient if t not in PHASE_NUMERALS]
    expanded = terms(expand_query(question, abbreviations, statistics.short_forms))
    subject = set(salient) | _long_forms(salient, abbreviations)

    def weigh(words: list[str]) -> dict[str, float]:
        return {t: idf(t, statistics.doc_freq, statistics.chunks) for t in dict.fromkeys(words)}

    return Question(
        text=question,
        salient=tuple(salient),
        focus=weigh([t for t in expanded if t not in subject]),
        weights=weigh(expanded),
        kinds=kinds,
        foreign=foreign,
        context=frozenset(context or ()),
        absent_weight=idf("\x00", statistics.doc_freq, statistics.chunks),
        endpoints=tuple(endpoints(question)),
        amounts=tuple(amounts(question)),
        phases=tuple(stated_phases),
        ordinals=tuple(ordinals(question)),
        landmarks=tuple(landmarks(question)),
        ages=tuple(age_bounds(question)),
        courses=tuple(courses(question)),
        days=tuple(days(question)),
        single_agent=single_agent(question),
        partners=tuple(partners(question, salient)) if kinds & _VALUES else (),
        registered=tuple(trial_names(question)) if "identifier" in kinds else (),
        statuses=tuple(disease_statuses(question)),
        settings=tuple(treatment_settings(question)),
        analyses=tuple(analyses(question)),
        age_groups=tuple(age_groups(question)),
        cases=tuple(case_ages(question)),
        subgroups=subgroups(question, salient),
        measures_counted=counts_measures(question),
        quantified=frozenset(quantified(question)),
        unknown=frozenset(
            t for t in salient if not any(statistics.doc_freq.get(f) for f in forms_of(t))
        ),
    )
