"""Which patients a question asks about, and whether a text is about them (pure functions).

A subgroup by a gene's status ("NPM1-mutant", "without TP53 mutations") or by what the patients
received ("venetoclax-naive", "who received HSCT"), and an age group (children or adults); a
text may say the subgroup's other status, pool it with another by "or", report on the other of
two alternatives, or open by naming the people its value is of.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import partial

from rag.answering.cues.conditions import asking_sentences
from rag.answering.cues.salience import GENERIC_TERMS
from rag.answering.cues.stages import named_by, nearest_named
from rag.text.words import STOPWORDS, Vocabulary, same_name, terms

#: How a text says a gene or marker is changed ("NPM1-mutated", "KMT2A rearrangements",
#: "FLT3-ITD positive") or is not ("TP53-wt", "wild-type TP53", "MRD negative").
_CHANGED = r"mutant|mutated|rearranged|positive|amplified|deleted|altered"
_CHANGES = r"mutations?|rearrangements?|amplifications?|fusions?|deletions?|alterations?"
_ALTERED = rf"{_CHANGED}|{_CHANGES}|translocations?"
_UNALTERED = r"wt|wild-?type|wildtype|negative|unmutated|non-?mutated|non-?amplified"
#: A subgroup a question puts on the patients it asks about: a molecular one ("NPM1-mutant",
#: "KMT2A-rearranged", "FLT3-ITD positive", "with TP53 mutations", "who had TP53 mutations",
#: "TP53-wildtype") or one by
#: what they received ("patients who received HSCT", "with and without salvage therapy").
_SUBGROUP = re.compile(
    rf"(?P<named>[\w/-]+)[\s–-]+(?P<status>{_CHANGED}|{_UNALTERED})\b"
    rf"|\b(?P<with>with(?:out)?|ha(?:d|ve|s)|harbou?r(?:ing|ed)|carr(?:ying|ied))\s+(?:an?\s+)?"
    rf"(?P<carried>[\w/-]+(?:\s+[\w/-]+)?)\s+"
    rf"(?P<change>{_CHANGES}|translocations?)\b"
    r"|\b(?:who|that)\s+(?:received|underwent|did\s+not\s+receive|were\s+given|went\s+on\s+to"
    r"|proceeded\s+to)\s+(?:an?\s+|the\s+)?(?P<given>[\w/-]+)"
    r"|\bwith\s+(?:and|or)\s+without\s+(?:an?\s+|the\s+)?(?P<either>[\w/-]+)",
    re.I,
)
ALTERED, UNALTERED = "altered", "unaltered"
#: What patients had received before, as a subgroup: a drug they are naive to
#: ("venetoclax-naive", "naïve to TKIs") or were exposed to ("with prior VEN exposure",
#: "VEN-exposed", "previously treated with venetoclax"; not "regardless of prior TKI therapy").
NAIVE, EXPOSED = "naive", "exposed"
_EXPOSURE = re.compile(
    r"(?P<naive>[\w/-]+?)[\s–-]+na[iï]ve\b(?!\s+to\b)"
    r"|\bna[iï]ve\s+to\s+(?:an?\s+|the\s+)?(?P<naive_to>[\w/-]+)"
    r"|(?P<exposed>[\w/-]+?)[\s–-]+(?:exposed|pretreated)\b"
    r"|(?<!irrespective of )(?<!regardless of )\b(?:prior|previous)\s+(?P<prior>[\w/-]+)"
    r"|\bpreviously\s+(?:treated|exposed)\s+(?:with|to)\s+(?P<previously>[\w/-]+)",
    re.I,
)
#: Words after "prior" that name no drug ("prior therapy", "prior lines", "prior to").
_NO_DRUG = frozenset(
    {"therapy", "therapies", "treatment", "treatments", "line", "lines", "regimen", "regimens",
     "exposure", "to"}
)  # fmt: skip


def _status(word: str, negated: bool = False) -> str:
    """``ALTERED`` or ``UNALTERED`` for a word saying how a gene is (inverted when
    ``negated``: "without TP53 mutations"), or "" when it says neither."""
    if re.fullmatch(_UNALTERED, word, re.I):
        return ALTERED if negated else UNALTERED
    if re.fullmatch(_ALTERED, word, re.I):
        return UNALTERED if negated else ALTERED
    return ""


def subgroups(question: str, salient: Collection[str]) -> dict[str, str]:
    """The salient terms that name a subgroup of the patients the question asks about
    (``_SUBGROUP``), each with the status it asks of them (``ALTERED``: "NPM1-mutant", "with
    TP53 mutations"; ``UNALTERED``: "TP53-wildtype", "without TP53 mutations"; "" for what they
    received), then the other words saying what they received, however ordinary, unless
    generic ("salvage" of "with and without salvage therapy"; not "treatment"): a sentence
    reporting a subgroup's value names it, so one that does not reports another population (the
    overall 6-month RFS is no answer for the patients who received HSCT, the CR rate of
    NPM1-mutant AML none for KMT2A-rearranged AML), whatever its document is about."""
    named: dict[str, str] = {}
    given: set[str] = set()
    for m in _SUBGROUP.finditer(question):
        if m.group("named"):
            words, status = m.group("named"), _status(m.group("status"))
        elif m.group("carried"):
            negated = m.group("with").lower() == "without"
            words, status = m.group("carried"), _status(m.group("change"), negated)
        else:
            words, status = m.group("given") or m.group("either"), ""
            given.update(t for t in terms(words) if t not in GENERIC_TERMS)
        for t in terms(words):
            named.setdefault(t, status)
    for t, status in exposures(question).items():
        named.setdefault(t, status)
        given.add(t)
    return {t: named[t] for t in (*salient, *sorted(given - set(salient))) if t in named}


def exposures(text: str) -> dict[str, str]:
    """The drugs ``text`` says its patients were naive to (``NAIVE``) or exposed to
    (``EXPOSED``), by term; one said both ways is left out, as are generic words ("prior
    therapy")."""
    said: dict[str, set[str]] = {}
    for m in _EXPOSURE.finditer(text):
        status = NAIVE if m.group("naive") or m.group("naive_to") else EXPOSED
        words = next(w for w in m.groups() if w)
        for t in terms(words):
            if t not in GENERIC_TERMS and t not in _NO_DRUG:
                said.setdefault(t, set()).add(status)
    return {t: status for t, (status, *others) in said.items() if not others}


def contradicts(term: str, status: str, text: str, forms: Collection[str] = ()) -> bool:
    """Whether ``text`` says ``term`` has only the other status than ``status`` (an item of
    :func:`subgroups`): "TP53-wt" or "wild-type TP53" for a question about TP53 mutations,
    "prior VEN exposure" for one about venetoclax-naive patients (``forms``: the term's other
    forms, such as its abbreviations). A text that names the term without a status, or with
    both, does not."""
    if not status:
        return False
    if status in (NAIVE, EXPOSED):
        exposed = exposures(text)
        stated = {exposed[t] for t in {term, *forms} if t in exposed}
        return bool(stated) and status not in stated
    name = re.escape(term)
    said = {
        _status(m.group("after") or m.group("before"))
        for m in re.finditer(
            rf"\b{name}\b[\s–-]*(?P<after>{_ALTERED}|{_UNALTERED})\b"
            rf"|\b(?P<before>{_ALTERED}|{_UNALTERED})[\s–-]+{name}\b",
            text,
            re.I,
        )
    }
    return bool(said) and status not in said


#: A gene or marker said to be changed or not ("NPM1-mutated", "TP53 -wt", "FLT3-ITD positive").
_WITH_STATUS = rf"[\w/-]+[\s–-]+(?:{_ALTERED}|{_UNALTERED})\b"
#: The first of two subgroups joined by "or": "NPM1-mutated or", "NPM1- or".
_EITHER = rf"(?:{_WITH_STATUS}|[\w/]+-)\s+or\s+"


def pools(term: str, text: str) -> bool:
    """Whether ``text`` names ``term`` with a status only joined by "or" to another subgroup
    ("patients with NPM1-mutated or KMT2A-rearranged AML"): a value of that union of
    populations is none of the asked subgroup's. A text naming the term with a status on its
    own too, or only without one, does not."""
    name = re.escape(term)
    alone = rf"\b{name}\b[\s–-]*(?:{_ALTERED}|{_UNALTERED})\b"
    said = {m.start() for m in re.finditer(alone, text, re.I)}
    pooled = {
        m.start("term") if m.group("term") else m.start("first")
        for m in re.finditer(
            rf"{_EITHER}(?P<term>{alone})|(?P<first>{alone})\s+or\s+{_WITH_STATUS}", text, re.I
        )
    }
    return bool(said) and said <= pooled


#: Two alternatives joined by "or", the first with its short form in brackets if it has one:
#: "azacitidine (AZA) or decitabine".
_ALTERNATIVES = re.compile(r"\b([\w-]{3,})(?:\s*\(([\w-]{2,15})\))?\s+or\s+([\w-]{3,})\b")


def the_other_alternative(term: str, lead_in: str, sentence: str) -> bool:
    """Whether ``sentence`` reports on the other of two alternatives that ``lead_in`` names
    ``term`` with ("the HMAs azacitidine (AZA) or decitabine plus venetoclax", then "a median OS
    of 14.7 months ... in the AZA/VEN arm"): its value is that alternative's, not ``term``'s. A
    sentence naming ``term`` itself, or neither, does not."""
    said = Vocabulary(set(terms(sentence)))
    if said.names(term):
        return False
    for m in _ALTERNATIVES.finditer(lead_in):
        first, short, second = (g.lower() if g else "" for g in m.groups())
        if same_name(term, second):
            others = [first, short]
        elif same_name(term, first) or term == short:
            others = [second]
        else:
            continue
        if any(o and o not in STOPWORDS and said.names(o) for o in others):
            return True
    return False


#: The age groups a question may put its patients in, as reports write them. Children are
#: always named as such; adults often go unnamed, as the patients a report means by default.
_AGE_GROUPS = {
    "children": re.compile(
        r"\b(?:p(?:a)?ediatrics?|children|child|childhood|infants?|infantile|adolescents?"
        r"|neonat\w*|newborns?|bab(?:y|ies)|toddlers?|juvenile)\b",
        re.I,
    ),
    "adults": re.compile(r"\badults?\b|\belderly\b|\bolder\s+(?:adults|patients)\b", re.I),
}


def age_groups(question: str) -> list[str]:
    """The age group the question puts its patients in ("children" of "... in pediatric
    AML?"), unless it names both. Only its asking sentences count, as for :func:`amounts`."""
    asking = asking_sentences(question)
    named = [g for g, form in _AGE_GROUPS.items() if form.search(asking)]
    return named if len(named) == 1 else []


def states_age_group(group: str, texts: Sequence[str], topics: Collection[str] = ()) -> bool:
    """Whether ``texts`` (nearest first: a sentence, the sentences of its paragraph before it,
    its title, its document id) put the patients in ``group`` (an item of :func:`age_groups`):
    the nearest that names an age group names it. Where none names one, adults stand (the
    patients a report means unless it says otherwise) and children only when a word of the
    document's subject (``topics``) names them: an ORR in R/R AML is no answer for pediatric
    AML, and the infants of a trial report need not be named in each of its sentences."""
    named = nearest_named(texts, partial(named_by, _AGE_GROUPS))
    if named is not None:
        return group in named
    return group == "adults" or any(_AGE_GROUPS["children"].fullmatch(t) for t in topics)


#: A sentence opening with the people its value is of ("Among all 27 efficacy-evaluable pts,",
#: "In patients with FLT3-ITD,"), not referring back to them ("In these patients").
_OWN_POPULATION = re.compile(
    r"\s*(?:among|in|of|for)\s+(?:all\s+)?(?:the\s+)?(?:\d+\s+)?(?:[\w/-]+\s+){0,2}?"
    r"(?:patients|pts|participants|subjects|people|individuals|children|adults|infants)\b",
    re.I,
)
_REFERRING_BACK = frozenset({"these", "those", "such", "them", "this", "that", "both"})


def names_own_population(sentence: str) -> bool:
    """Whether ``sentence`` opens by naming the people its value is of ("Among all 27
    efficacy-evaluable pts, the CRc rate ... was 63.0%"): a subgroup the sentence before names
    ("The most frequently mutated genes were CEBPA, followed by FLT3-ITD, TP53 ...") is not
    theirs. "In these patients" refers back to the people named before."""
    match = _OWN_POPULATION.match(sentence)
    if not match:
        return False
    return not set(re.findall(r"\w+", match.group(0).lower())) & _REFERRING_BACK
