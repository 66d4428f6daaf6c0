"""The endpoints a question names, and whether a sentence names them (pure functions).

Survival, response, remission, response-duration and MRD-negativity endpoints and the median
follow-up, by their long or short forms ("overall survival", "OS"), in English or in Spanish,
French or German; the median of one by "median" next to it or by a time to the event with no
rate; a response or remission rate asked in general by any response or remission; a composite
of remissions ("CR/CRh") as an endpoint of its own, which none of its members is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.text.endpoints import ENDPOINTS, MEDIAN_ONLY

#: Each endpoint's long form (any case, spaces or hyphens between its words; a survival endpoint
#: also with its qualifier coordinated with others: "disease-free and overall survival") or a
#: short form (in its own capitals: "OS", not "os").
_COORDINATED = r"(?:\s*(?:,|/|\band\b|\bor\b)\s*[\w-]+){0,3}"
#: A word before a long form that makes it another endpoint.
_NOT_AFTER = {"complete remission": "(?<!composite )"}


def _endpoint_form(name: str, shorts: tuple[str, ...]) -> re.Pattern[str]:
    words = name.replace("-", " ").split()
    if words[-1] == "survival" and len(words) > 1:
        long = r"[\s-]+".join(words[:-1]) + _COORDINATED + r"[\s-]+survival"
    else:
        long = _NOT_AFTER.get(name, "") + r"[\s-]+".join(words) + "s?"
    return re.compile(rf"(?i:\b{long}\b)" + "".join(rf"|\b{short}\b" for short in shorts))


ENDPOINT_FORMS = {name: _endpoint_form(name, shorts) for name, shorts in ENDPOINTS.items()}
_MEDIAN = "median "
#: An endpoint with "median" at most three words before it or two after ("OS (median, 95% CI)").
_MEDIAN_FORMS = {
    name: re.compile(
        rf"(?i:\bmedian)\W+(?:[\w-]+\W+){{0,3}}?(?:{form.pattern})"
        rf"|(?:{form.pattern})\W+(?:[\w-]+\W+){{0,2}}?(?i:median\b)"
    )
    for name, form in ENDPOINT_FORMS.items()
}


#: Endpoints whose value is a rate: what one was asks a percentage, not the sentence naming
#: it as the trial's endpoint.
RATES = (
    "overall response",
    "complete remission",
    "composite complete remission",
    "complete remission with partial hematologic recovery",
    "complete remission with incomplete hematologic recovery",
    "MRD negativity",
)


#: The short forms of remissions and responses that reports join into a composite endpoint with
#: a slash or a plus ("CR/CRh", "CR + CRi", "CR/CRi/MLFS"): the rate of any of them, which is no
#: member's own rate ("Rates of CR/CRh were 34.0%" gives no CR rate). A list ("Failure to
#: achieve CR, CRh, or CRi") names each.
_REMISSION = r"(?:CR[chip]?|MLFS|PR)"
_COMPOSITE = re.compile(rf"\b{_REMISSION}(?:\s*[/+]\s*{_REMISSION})+\b")
_JOINT = re.compile(r"\s*[/+]\s*")


def _members(composite: str) -> frozenset[str]:
    return frozenset(_JOINT.split(composite))


def is_composite(endpoint: str) -> bool:
    """Whether ``endpoint`` (an item of :func:`endpoints`) is a composite of remissions, named
    by its members joined with slashes ("CR/CRh")."""
    return bool(_COMPOSITE.fullmatch(endpoint))


def endpoints(question: str) -> list[str]:
    """The survival, response, remission, response-duration or MRD-negativity endpoints
    ``question`` names (``ENDPOINTS``, by long or short form; the follow-up only as a median),
    by their long forms, "median " before those whose median it asks (:func:`names_median`);
    a composite of remissions by its members joined with slashes ("CR/CRh", whose members are
    then not asked alone); a response or remission rate asked in general ("What were the
    response rates with A?") as ``ANY_RESPONSE``; how long patients were followed as the median
    follow-up. A follow-up's carried words name an endpoint only when it asks that one again
    ("And in KMT2A-rearranged AML? (CR ziftomenib)"): one naming its own does not carry the
    earlier (``rewrite.carry_over``)."""
    composites = list(
        dict.fromkeys("/".join(_JOINT.split(m)) for m in _COMPOSITE.findall(question))
    )
    question = _COMPOSITE.sub(" ", question)
    named = [
        _MEDIAN + name if names_median(name, question) else name
        for name, form in ENDPOINT_FORMS.items()
        if _asked_endpoint(form, question)
        and (name not in MEDIAN_ONLY or names_median(name, question))
    ]
    for name, form in _FOREIGN_ENDPOINTS.items():
        median = bool(_FOREIGN_MEDIAN[name].search(question))
        asked = form.search(question) and (name not in MEDIAN_ONLY or median)
        if asked and name not in named and _MEDIAN + name not in named:
            named.append(_MEDIAN + name if median else name)
    if _ASKS_ANY_RESPONSE.search(question) and not (set(named) & set(RATES) or composites):
        named.append(ANY_RESPONSE)
    if _ASKS_FOLLOW_UP.search(question) and _MEDIAN + _FOLLOW_UP not in named:
        named.append(_MEDIAN + _FOLLOW_UP)
    return named + composites


#: The words before an endpoint that make it a point in time of what is asked ("How many
#: cycles did he receive after CRi?", "after achieving a CR").
_AFTER_ENDPOINT = re.compile(
    r"\b(?:after|following|upon|once|until|since|before)\s+(?:[\w-]+\s+){0,2}$", re.I
)


def _asked_endpoint(form: re.Pattern[str], question: str) -> bool:
    """Whether ``question`` names the endpoint of ``form`` other than only as a point in time
    of what it asks (``_AFTER_ENDPOINT``): that endpoint is a condition, which the sentence
    before an answer may state ("... achieved a CRi after the first cycle. He was treated with
    an additional 12 cycles")."""
    return any(
        not _AFTER_ENDPOINT.search(question[max(0, m.start() - 40) : m.start()])
        for m in form.finditer(question)
    )


_FOLLOW_UP = "follow-up"
#: How long patients were followed, which reports give as the median follow-up ("How long
#: were infants followed in the blinatumomab study?").
_ASKS_FOLLOW_UP = re.compile(r"\bhow\s+long\b.*\bfollow(?:ed|[\s-]*up)\b", re.I)


#: How a question in Spanish, French or German names an endpoint, which an answer from the
#: English literature must name in English ("supervivencia global" is overall survival).
_FOREIGN_ENDPOINTS = {
    name: re.compile(pattern, re.I)
    for name, pattern in {
        "overall survival": r"\bsupervivencia\s+global|\bsurvie\s+globale|gesamt[üu]berleben",
        "progression-free survival": r"\bsupervivencia\s+libre\s+de\s+progresi[óo]n"
        r"|\bsurvie\s+sans\s+progression|progressionsfreie\w*\s+[üu]berleben",
        "event-free survival": r"\bsupervivencia\s+libre\s+de\s+eventos?"
        r"|\bsurvie\s+sans\s+[ée]v[ée]nements?|ereignisfreie\w*\s+[üu]berleben",
        "relapse-free survival": r"\bsupervivencia\s+libre\s+de\s+reca[íi]das?"
        r"|\bsurvie\s+sans\s+rechute|rezidivfreie\w*\s+[üu]berleben",
        "disease-free survival": r"\bsupervivencia\s+libre\s+de\s+enfermedad"
        r"|\bsurvie\s+sans\s+maladie|krankheitsfreie\w*\s+[üu]berleben",
        "duration of response": r"\bduraci[óo]n\s+de\s+(?:la\s+)?respuesta"
        r"|\bdur[ée]e\s+de\s+(?:la\s+)?r[ée]ponse|ansprechdauer",
        "overall response": r"\btasa\s+de\s+respuesta\s+(?:global|objetiva)"
        r"|\btaux\s+de\s+r[ée]ponse\s+(?:globale|objective)|gesamtansprechrate",
        "complete remission": r"\bremisi[óo]n\s+completa|\br[ée]mission\s+compl[èe]te"
        r"|\bkomplette\w*\s+remission",
        "follow-up": r"\bseguimiento\b|\bsuivi\b|\bnachbeobachtung",
    }.items()
}
#: The same with a median asked of it ("mediana de supervivencia global", "survie ... médiane").
_FOREIGN_MEDIAN = {
    name: re.compile(
        rf"\bm[ée]dian\w*\W+(?:\w+\W+){{0,3}}?(?:{form.pattern})"
        rf"|(?:{form.pattern})\w*\W+(?:\w+\W+){{0,3}}?m[ée]dian\w*",
        re.I,
    )
    for name, form in _FOREIGN_ENDPOINTS.items()
}


#: A response or remission rate asked in general, which any response or remission endpoint
#: answers and a survival rate does not ("What were the response rates with A?" is not
#: answered by "the 6-month RFS and OS rates were 80.8% and 71.4%").
ANY_RESPONSE = "response or remission"
_ASKS_ANY_RESPONSE = re.compile(
    r"\b(?:response|remission)\s+rates?\b|\brates?\s+of\s+(?:[\w-]+\s+)?(?:response|remission)",
    re.I,
)
_NAMES_ANY_RESPONSE = re.compile(
    r"(?i:\brespon\w*|\bremission\w*)|\bORRs?\b|\bCR[chi]?\b|\bPR\b|\bMLFS\b"
)


#: "Survival" that no qualifier makes another endpoint ("the 2-year survival rates were 20.6%"):
#: overall survival, as reports mean it.
_UNQUALIFIED_SURVIVAL = re.compile(r"(?<![\w-])(?<!free )survival\b", re.I)
_OVERALL_SURVIVAL = "overall survival"


#: A length of time a sentence gives ("6.5 months", "1.3 months)"), and what makes one a
#: time point or another measure instead: "at 12 months", "a follow-up of 20.5 months".
_TIME_GIVEN = re.compile(r"(?<![\w.-])\d+(?:\.\d+)?\s*(?:months?|mos?|years?|yrs?)\b", re.I)
_NOT_A_SURVIVAL_TIME = re.compile(
    r"(?:\b(?:at|by|after|within|for|over|to|until|up\s+to|range|aged?|follow[\s-]*up(?:\s+of)?)"
    r"|[\d.]+\s*[–-])\s*$",
    re.I,
)


def gives_time_to_event(sentence: str) -> bool:
    """Whether ``sentence`` gives a time to an event, as a median survival is given ("failed to
    show an OS benefit (6.5 months with enasidenib vs 6.2 months with standard therapy)"), and
    no percentage: not a time point ("OS at 12 months", "the 6-month OS rate was 71.4%") nor a
    follow-up or a range."""
    if "%" in sentence:
        return False
    return any(
        not _NOT_A_SURVIVAL_TIME.search(sentence[max(0, m.start() - 24) : m.start()])
        for m in _TIME_GIVEN.finditer(sentence)
    )


def names_endpoint(endpoint: str, sentence: str) -> bool:
    """Whether ``sentence`` names ``endpoint`` (a long form of ``ENDPOINTS``) or its short form
    other than as a member of a composite ("CR/CRh" names no CR), overall survival also as
    survival with no qualifier; a composite, by the same members in any order ("CR + CRh" is
    "CR/CRh"); for "median " and an endpoint, the
    median of it (:func:`names_median`), or the endpoint with a time to it and no rate
    (:func:`gives_time_to_event`: reports give a median survival without the word)."""
    name = endpoint.removeprefix(_MEDIAN)
    if name != endpoint:
        return names_median(name, sentence) or (
            name not in MEDIAN_ONLY
            and names_endpoint(name, sentence)
            and gives_time_to_event(sentence)
        )
    if endpoint == ANY_RESPONSE:
        return bool(_NAMES_ANY_RESPONSE.search(sentence))
    if is_composite(endpoint):
        return any(_members(m) == _members(endpoint) for m in _COMPOSITE.findall(sentence))
    sentence = _COMPOSITE.sub(" ", sentence)
    return bool(ENDPOINT_FORMS[endpoint].search(sentence)) or (
        endpoint == _OVERALL_SURVIVAL and bool(_UNQUALIFIED_SURVIVAL.search(sentence))
    )


#: A clause giving examples of the population a value is of ("..., including a patient with
#: endometrial stromal sarcoma who achieved 100% target lesion reduction"), to a semicolon or a
#: bracket.
_EXAMPLES = re.compile(r",?\s*\b(?:including|such as|among them)\b[^;()]*?(?=[;()]|\.?\s*$)", re.I)


def without_examples(sentence: str, endpoints: Sequence[str]) -> str:
    """``sentence`` without its clauses giving examples of the population its value is of
    (:data:`_EXAMPLES`) that name none of ``endpoints`` (items of :func:`endpoints`): a term
    named only there is one member of that population, not the population the value is of
    ("The best overall response was 19.4% (6/31) ..., including a patient with endometrial
    stromal sarcoma" gives no response rate of endometrial stromal sarcoma). A clause naming an
    asked endpoint reports on it ("ORR 40%, including CR in 20%")."""
    return _EXAMPLES.sub(
        lambda m: m.group(0) if any(names_endpoint(e, m.group(0)) for e in endpoints) else "",
        sentence,
    )


def abbreviates(endpoint: str, term: str) -> bool:
    """Whether ``term`` (a salient term, lower-cased) is a short form of ``endpoint`` (an item
    of :func:`endpoints`): "orr" of "overall response" (which a sentence saying "the best
    overall response was 19.4%" names whatever its document defines ORR as), "crh" of
    "CR/CRh"."""
    name = endpoint.removeprefix(_MEDIAN)
    if is_composite(name):
        return term in {member.lower() for member in _members(name)}
    return any(re.fullmatch(short, term, re.I) for short in ENDPOINTS.get(name, ()))


def names_median(endpoint: str, text: str) -> bool:
    """Whether ``text`` names the median of ``endpoint`` ("the median OS", "median overall
    survival", "OS (median"): a median survival is not answered by a landmark rate ("the
    6-month OS rate"), even in a sentence that gives a median follow-up."""
    return bool(_MEDIAN_FORMS[endpoint].search(text))
