"""What a question asks for and which of its words a passage must mention (pure functions).

Question types: a question asking "how many" wants a count, "what rate" a percentage, "how long"
a duration, "what dose" an amount, "when" a date, "what ages" an age, "the primary endpoint" a
sentence naming an endpoint. Salient terms: the words naming the specific thing asked about (a
drug, a gene, a trial, a population), which an answer's evidence must mention or the literature
does not answer the question.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence, Set
from functools import lru_cache, partial

from rag.text.endpoints import ENDPOINTS, MEDIAN_ONLY
from rag.text.numbers import NUMBER_WORDS, extract_facts
from rag.text.words import STOPWORDS, Vocabulary, covered, same_name, same_term, terms

_ASKS = {
    # "Which trial enrolled more patients" compares counts.
    "count": re.compile(
        r"\bhow many\b|\bnumber of\b|\bhow much\b|\bcu[aá]nt[oa]s\b|\bcombien\b"
        r"|\bwie viele\b|\banzahl\b|多少|几"
        r"|\b(more|fewer)\s+(patients|participants|subjects|people|cases|infants|children)\b",
        re.I,
    ),
    "percent": re.compile(
        r"\b(rates?|percent(age)?|proportion|share|fraction|how often|how common|incidence|"
        r"prevalence|likelihood|odds|chance|tasa|taux|anteil|porcentaje|pourcentage)\b"
        r"|\b(\d+|one|two|three|four|five|ten)[\s-](year|month)s?(?:[\s-]+[\w-]+){0,3}?[\s-]+"
        r"survival\b|\bwhat(\s+[\w/-]+){0,2}\s+(negativity|positivity)\b"
        r"|率|比例|百分",
        re.I,
    ),
    "duration": re.compile(
        r"\bhow long\b|\bduration\b|\bmedian (os|pfs|efs|rfs|dfs)\b"
        r"|\bmedian ((overall|progression-free|event-free|relapse-free|disease-free) )?"
        r"survival\b|\bsupervivencia\b|\bsurvie\b|\b[üu]berleben\w*|生存期|多长",
        re.I,
    ),
    "dose": re.compile(
        r"\b(what|which)(\s+[\w-]+){0,3}\s+dos(e|es|ing|age)\b|\bdos(e|es|ing|age) (of|was|were)\b"
        r"|\bhow much .* (given|administered)\b|\b(dosis|tagesdosis|quelle dose)\b|剂量",
        re.I,
    ),
    # "when" asks only where a question or a clause of it opens with it: "... the blasts when
    # the disease recurred" asks no date (nor does the Spanish "cuando" without its accent).
    "date": re.compile(
        r"(?:^\s*|[,;:¿]\s*|\b(?:and|or|but)\s+)(?:since\s+)?(?:when|quand)\b"
        r"|\b(what|which) years?\b|\bwhat date\b|\bdata\s+cut-?off\b|\bcuándo\b|\bwann\b|何时",
        re.I,
    ),
    "schedule": re.compile(
        r"\b(on )?(which|what) days?\b|\bhow often\b.*\b(given|administered|dosed|taken)\b"
        r"|\bschedule\b",
        re.I,
    ),
    "identifier": re.compile(
        r"\b(identifier|registration|registered|trial number|nct number|registry (number|id))\b"
        r"|\b(what|which) registry\b",
        re.I,
    ),
    "endpoint": re.compile(
        r"\b(primary|secondary|main|co-?primary)\s+(end[\s-]?points?|outcomes?)\b"
        r"|\bwhat (end[\s-]?points?|outcome measures?)\b|\bcriterio de valoraci[óo]n\b"
        r"|\bcrit[èe]re (principal|de jugement)\b|\bendpunkt\w*|终点",
        re.I,
    ),
    # An effect size: "What was the hazard ratio for OS?", "the odds ratio of death".
    "ratio": re.compile(r"\b(?:hazard|odds|risk)\s+ratios?\b|\brelative\s+risk\b", re.I),
    # Where a study was published: "which journal", "where was it published".
    "venue": re.compile(
        r"\b(which|what) (journals?|publications?)\b|\bwhere\b[^?]*\bpublished\b", re.I
    ),
    "age": re.compile(
        r"\b(what|which) ages?\b|\bages? (range|limits?|groups?|criteri\w*)\b|\bhow old\b"
        r"|\b(median|mean|minimum|maximum) age\b|\bedad(es)?\b|\b[âa]ge (m[ée]dian|minimum)\b"
        r"|\bwie alt\b|\bwelche[sn]? alter\b|年龄|岁",
        re.I,
    ),
}
#: Kinds of value a sentence must state to answer (a list and a definition are scored, not
#: required).
GATING = frozenset(_ASKS) | {"mechanism", "outcome"}
#: How a refusal names each of them ("no passage found states a dose").
KIND_NAMES = {
    "count": "a count",
    "percent": "a rate or percentage",
    "duration": "a duration",
    "dose": "a dose",
    "date": "a date",
    "schedule": "a schedule",
    "identifier": "a registry identifier",
    "venue": "the journal it was published in",
    "age": "an age",
    "endpoint": "an endpoint",
    "mechanism": "a mechanism of action",
    "outcome": "a survival rate or duration",
    "ratio": "a hazard or odds ratio",
}
_HOW_OFTEN = re.compile(r"\bhow often\b", re.I)
_MECHANISM = re.compile(
    r"\bhow does\b.*\bwork\b|\bmechanism\b|\bhow does\b.*\b(act|inhibit|target)\b"
    r"|\bwhy is\b.*\btarget\b|\bwhat does\b.*\b(do|inhibit|target|block)\b",
    re.I,
)
#: "What is X?" (up to three words), "What does X stand for?", "What kind of drug is X?": the
#: name asked about is the first group that matched (:func:`defined_name`).
_DEFINED = re.compile(
    r"^\s*(?:what|who)\s+(?:is|are)\s+(?:an?\s+|the\s+)?([\w/+-]+(?:\s+[\w/+-]+){0,2})\s*\??\s*$"
    r"|\bwhat does\s+([\w/+-]+)\s+stand for\b|\bwhat kind of \w+ (?:is|are)\s+([\w/+-]+)",
    re.I,
)
#: "What kind of ... did/were ..." asks what kind of thing took part or happened ("What kind
#: of tumours did MANTRA-2 enrol?"), not what a name is.
_DEFINITION = re.compile(
    rf"{_DEFINED.pattern}|\bwhat does\b.*\bstand for\b"
    r"|\bwhat kind of\b(?!\s+[\w-]+\s+(?:did|do|does|were|was|had|have|has|could|can)\b)",
    re.I,
)
_LIST = re.compile(
    r"^\s*(which|what)\b(?!.*\b(rate|dose|how)\b).*\b(genes|drugs|mutations|countries|regimens|"
    r"inhibitors|agents|components|events|effects|markers|make up|criteria|factors)\b",
    re.I,
)
_AMOUNT_OF_TIME = (
    r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-]+"
    r"(days?|weeks?|months?|years?)\b"
)
#: The months' names, for dates ("March 2024") and the day of one ("5th February").
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
#: An amount with a unit of dose: "400 mg", "1,000 mg", "18 mg/m^2", "300 μg", "2.5 g/m2".
_AMOUNT = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(mg|mcg|µg|μg|ug|ng|g|ml|iu|units?)(?:/(?:m\^?2|m²|kg|d|day|dose))?(?!\w)",
    re.I,
)
_STATES = {
    # A share in words is a rate too: "more than half", "one-third", "the majority".
    "percent": re.compile(
        r"%|\bpercent\b|\d+\s*/\s*\d+|\d+ (out )?of \d+|\bhalf\b|\bmajority\b"
        r"|\b((one|two|three|four)[\s-](thirds?|quarters?|fourths?|fifths?|tenths?)"
        r"|a quarter)\b(?!-)",
        re.I,
    ),
    "duration": re.compile(r"\b(days?|weeks?|months?|years?|mo|wk|y)\b|个月|天|周|年", re.I),
    "dose": _AMOUNT,
    # A date, or a time relative to an event ("after one month of induction", "5 months after
    # allogeneic HCT", "on day 56").
    "date": re.compile(
        rf"\b(19|20)\d{{2}}\b|\b({_MONTHS})\b"
        rf"|\b(after|before|within|at|by|until)\s+(the\s+first\s+)?{_AMOUNT_OF_TIME}"
        rf"|{_AMOUNT_OF_TIME}\s+(after|before|later|earlier)\b|\bon day \d+",
        re.I,
    ),
    "schedule": re.compile(
        r"\bdays?\s+\d+|\bdaily\b|\bweekly\b|\bevery\b|\bcycles?\b|\btwice\b|\bonce\b"
        r"|\bq\d+[dhw]\b",
        re.I,
    ),
    "identifier": re.compile(
        r"\b(?:NCT\d{8}|ChiCTR\d{6,}|ISRCTN\d+|EudraCT|\d{4}-\d{6}-\d{2})", re.I
    ),
    "endpoint": re.compile(r"\bend[\s-]?points?\b|\boutcome measures?\b|终点", re.I),
    # A journal named in a sentence ("published in The Lancet Oncology", "reported in the New
    # England Journal of Medicine") or cited ("Clin Cancer Res. 2025", "N Engl J Med. 2023").
    "venue": re.compile(
        r"(?i:\b(published|reported|presented)\s+(online\s+)?(in|at)\b|\bjournal\b|\bdoi\b)"
        r"|\b[A-Z][a-z]*(?: [A-Z][a-z]*)*\. (19|20)\d{2}\b"
    ),
    "age": re.compile(
        r"\bage[ds]?\b[^.;]{0,25}\d|\d+\s*(-|–|to)\s*\d+\s*(years?|yrs?|y)\b"
        r"|\d+[\s-]*(years?|yrs?|months?)[\s-]*(old|of age)|[≥≤<>]\s*\d+\s*(years?|yrs?|y)\b"
        r"|\d+\s*岁",
        re.I,
    ),
    "list": re.compile(r"[^,;]+[,;][^,;]+(,|;| and | or )"),
    # An effect size with its value: "HR, 0.66", "hazard ratio [HR], 0.49-0.83", "OR 1.8".
    "ratio": re.compile(
        r"\b(?:HR|OR|RR|aHR|aOR)\b[^.;\d]{0,6}\d"
        r"|(?i:\b(?:hazard|odds|risk)\s+ratio|\brelative\s+risk)\b[^.;\d]{0,15}\d"
    ),
    # What a survival endpoint was: a rate or a median time, whichever the report gives.
    "outcome": re.compile(r"%|\b(days?|weeks?|months?|years?|mo)\b|\bnot (yet )?reached\b", re.I),
    "mechanism": re.compile(
        r"\b(inhibit\w*|block\w*|bind\w*|target\w*|interaction|degrad\w*|activat\w*|"
        r"suppress\w*|induc\w*|antagonist|agonist|antibod\w*|pathway|phagocyt\w*)\b",
        re.I,
    ),
}
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


_ENDPOINT_FORMS = {name: _endpoint_form(name, shorts) for name, shorts in ENDPOINTS.items()}
_MEDIAN = "median "
#: An endpoint with "median" at most three words before it or two after ("OS (median, 95% CI)").
_MEDIAN_FORMS = {
    name: re.compile(
        rf"(?i:\bmedian)\W+(?:[\w-]+\W+){{0,3}}?(?:{form.pattern})"
        rf"|(?:{form.pattern})\W+(?:[\w-]+\W+){{0,2}}?(?i:median\b)"
    )
    for name, form in _ENDPOINT_FORMS.items()
}
#: Kana, CJK ideographs and Hangul, as a character-class body.
CJK_CHARS = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
#: Where a CJK character meets a Latin letter or digit: Chinese and Japanese write names of
#: the literature's alphabet without a space ("NPM1突变AML"), which no word boundary marks.
_SCRIPTS_MEET = re.compile(rf"(?<=[{CJK_CHARS}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{CJK_CHARS}])")
_ENTITY = re.compile(r"\b(?=[\w-]*\d)[A-Za-z][\w-]*\b|\b[A-Z]{2,}[a-z]?\b")
_RARE_SHARE = 0.1
#: Words joined by hyphens: a part of a name ("Lipo" of "Lipo-MIT") when another part is one.
_COMPOUND = re.compile(r"\b\w+(?:-\w+)+\b")
#: An abbreviation in the plural ("ORRs", "TKIs"), salient as its singular.
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")
#: Words of clinical-research reporting that name no specific drug, gene, trial or population, so
#: that a small corpus where they happen to be rare does not make them salient.
_GENERIC_TEXT = """
objective objectives endpoint endpoints primary secondary outcome outcomes efficacy safety
response responses enrolled enrollment included received receiving treated treatment
patients participants subjects cohort cohorts study studies trial trials median overall
reported results analysis estimated observed achieved reached duration follow-up followup
approximately compared versus significant significantly associated regimen regimens
identifier identifiers registry registration registered evaluable assessable subtype subtypes
"""
GENERIC_TERMS = frozenset(_GENERIC_TEXT.split())
#: Ordinary words a question may use where reports use another: "side effects" for "adverse
#: events" or "toxicity". A question's word counts as mentioned by any word of its group.
_SAME_SENSE_GROUPS = (
    ("side", "adverse"),
    ("effects", "events", "reactions", "toxicity", "toxicities"),
)
_SAME_SENSE = {
    word: tuple(other for other in group if other != word)
    for group in _SAME_SENSE_GROUPS
    for word in group
}
_RARE_MIN_CHARS = 7
_ACRONYM_MAX_CHARS = 4


#: Endpoints whose value is a rate: what one was asks a percentage, not the sentence naming
#: it as the trial's endpoint.
_RATES = (
    "overall response",
    "complete remission",
    "composite complete remission",
    "complete remission with partial hematologic recovery",
    "complete remission with incomplete hematologic recovery",
    "MRD negativity",
)
_WHAT = re.compile(r"\bwhat\b", re.I)
#: A word opening a question in English; a query with none ("milademetan ORR") names what it
#: wants, as "what" does.
_QUESTION_WORD = re.compile(
    r"\b(?:what|which|how|when|where|who|whom|whose|why|is|are|was|were|do|does|did|can|could"
    r"|has|have|had|will|would|should)\b",
    re.I,
)

#: Survival at a time point in Spanish, French or German ("supervivencia global a dos años",
#: "survie à 2 ans", "2-Jahres-Überleben"), which the duration cue words would read as a time.
_FOREIGN_TIMES = r"\d+|un[oa]?|dos|tres|cuatro|cinco|deux|trois|quatre|cinq|zwei|drei|vier|fünf"
_FOREIGN_LANDMARK = re.compile(
    rf"\b(?:supervivencia|survie)\b[^?]*?\b(?:a|à|de)\s+(?:los\s+|las\s+)?(?:{_FOREIGN_TIMES})"
    rf"\s+(?:años?|meses|ans?|mois)\b|\b(?:{_FOREIGN_TIMES})-(?:jahres|monats)-?[üu]berleben",
    re.I,
)
_FOREIGN_SURVIVAL = re.compile(r"\bsupervivencia\b|\bsurvie\b|\b[üu]berleben\w*", re.I)
_MEDIAN_WORD = re.compile(r"\bm[ée]dian\w*", re.I)
_DOSE_NOUN = re.compile(r"\bdos(?:e|es|ing|age)\b", re.I)


def _names_what_it_wants(question: str) -> bool:
    """Whether ``question`` asks "what" its measure was, or is a query of names alone."""
    return bool(_WHAT.search(question)) or not _QUESTION_WORD.search(question)


#: The follow-up, which a question asks the length of unless it asks a count or a rate in it.
_FOLLOW_UP_WORD = re.compile(r"\bfollow-?up\b", re.I)


def question_types(question: str) -> set[str]:
    """The kinds of value the question asks for (English, Spanish, French, German, Chinese cue
    words): ``GATING`` kinds, and ``list`` for "which genes/drugs/..." questions."""
    kinds = {name for name, asks in _ASKS.items() if asks.search(question)}
    if "schedule" in kinds and "date" in kinds:
        kinds.discard("date")
    if _FOREIGN_SURVIVAL.search(question):
        # "supervivencia a dos años" is a rate, and survival with no median or time point
        # either a rate or a median, as "What was the OS?" is; the cue word read a time.
        if _FOREIGN_LANDMARK.search(question):
            kinds.discard("duration")
            kinds.add("percent")
        elif kinds == {"duration"} and not _MEDIAN_WORD.search(question):
            kinds = {"outcome"}
    if not _QUESTION_WORD.search(question) and _DOSE_NOUN.search(question):
        kinds.add("dose")  # "gilteritinib dose" asks the amount, as "what dose" does
    if _FOLLOW_UP_WORD.search(question) and not kinds & {"count", "percent"}:
        kinds.add("duration")  # "how many ... in the extended follow-up" asks a count
    if "identifier" in kinds:
        kinds.discard("count")  # "the registration number of the trial" counts nothing
    if "schedule" in kinds and not _ASKS["percent"].search(_HOW_OFTEN.sub("", question)):
        kinds.discard("percent")  # "how often was it given" asks a schedule, not a rate
    if _LIST.search(question) and not kinds:
        kinds.add("list")
    if _MECHANISM.search(question):
        kinds.add("mechanism")
    if _DEFINITION.search(question) and not kinds:
        kinds.add("definition")
    if (
        not kinds
        and _names_what_it_wants(question)
        and any(_ENDPOINT_FORMS[e].search(question) for e in _RATES)
    ):
        kinds.add("percent")  # "What ORR did milademetan reach?" asks the rate
    if (
        not kinds
        and _names_what_it_wants(question)
        and any(_ENDPOINT_FORMS[e].search(question) for e in ENDPOINTS if e.endswith("survival"))
    ):
        # "What was the 3-year OS?" asks the rate at that time; "What was the DFS?" or
        # "milademetan PFS" a rate or a median, not the sentence naming it as an endpoint.
        kinds.add("percent" if _LANDMARK.search(question) else "outcome")
    return kinds


def endpoints(question: str) -> list[str]:
    """The survival, response, remission, response-duration or MRD-negativity endpoints
    ``question`` names (``ENDPOINTS``, by long or short form; the follow-up only as a median),
    by their long forms, "median " before those whose median it asks (:func:`names_median`);
    a response or remission rate asked in general ("What were the response rates with A?") as
    ``ANY_RESPONSE``; how long patients were followed as the median follow-up. A follow-up's
    carried words name an endpoint only when it asks that one
    again ("And in KMT2A-rearranged AML? (CR ziftomenib)"): one naming its own does not carry
    the earlier (``rewrite.carry_over``)."""
    named = [
        _MEDIAN + name if names_median(name, question) else name
        for name, form in _ENDPOINT_FORMS.items()
        if _asked_endpoint(form, question)
        and (name not in MEDIAN_ONLY or names_median(name, question))
    ]
    for name, form in _FOREIGN_ENDPOINTS.items():
        median = bool(_FOREIGN_MEDIAN[name].search(question))
        asked = form.search(question) and (name not in MEDIAN_ONLY or median)
        if asked and name not in named and _MEDIAN + name not in named:
            named.append(_MEDIAN + name if median else name)
    if _ASKS_ANY_RESPONSE.search(question) and not set(named) & set(_RATES):
        named.append(ANY_RESPONSE)
    if _ASKS_FOLLOW_UP.search(question) and _MEDIAN + _FOLLOW_UP not in named:
        named.append(_MEDIAN + _FOLLOW_UP)
    return named


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
    """Whether ``sentence`` names ``endpoint`` (a long form of ``ENDPOINTS``) or its short form,
    overall survival also as survival with no qualifier; for "median " and an endpoint, the
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
    return bool(_ENDPOINT_FORMS[endpoint].search(sentence)) or (
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
    of :func:`endpoints`): "orr" of "overall response", which a sentence saying "the best
    overall response was 19.4%" names whatever its document defines ORR as."""
    name = endpoint.removeprefix(_MEDIAN)
    return any(re.fullmatch(short, term, re.I) for short in ENDPOINTS.get(name, ()))


def names_median(endpoint: str, text: str) -> bool:
    """Whether ``text`` names the median of ``endpoint`` ("the median OS", "median overall
    survival", "OS (median"): a median survival is not answered by a landmark rate ("the
    6-month OS rate"), even in a sentence that gives a median follow-up."""
    return bool(_MEDIAN_FORMS[endpoint].search(text))


_MICROGRAMS = frozenset({"mcg", "µg", "μg", "ug"})
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def _asking(question: str) -> str:
    """The sentences of ``question`` that ask (end in a question mark), or all of it when none
    does: what a stated condition is read from."""
    asking = [s for s in _SENTENCES.split(question.strip()) if s.endswith("?")]
    return " ".join(asking) if asking else question


def _amounts(text: str) -> list[str]:
    return [
        f"{m.group(1).replace(',', '')} "
        f"{'µg' if m.group(2).lower() in _MICROGRAMS else m.group(2).lower()}"
        for m in _AMOUNT.finditer(text)
    ]


def amounts(question: str) -> list[str]:
    """The amounts of a dose the question states, as number and unit ("400 mg" of "How many
    patients received ziftomenib at 400 mg?"): an answer must be about that dose, and a
    sentence about another ("the recommended daily dose of 600 mg") does not answer it. Only
    its sentences that ask (end in a question mark) count when it has any: "Answer with 'The
    dose is 1000 mg'. What dose is recommended?" asks about no dose of 1000 mg."""
    return list(dict.fromkeys(_amounts(_asking(question))))


def states_amount(amount: str, text: str) -> bool:
    """Whether ``text`` states ``amount`` (an item of :func:`amounts`), in any spelling of its
    unit ("300 μg" and "300 mcg")."""
    return amount in _amounts(text)


_ORDINAL_WORDS = (
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)
#: An ordinal from "second" on ("a second course", "3rd-line"): "first" names too much besides a
#: count ("the first patient", "first-line") to be checked.
_ORDINAL = re.compile(rf"\b(?:({'|'.join(_ORDINAL_WORDS)})|([2-9]|10)(?:nd|rd|th))\b", re.I)
#: The day of a date ("5th February", "February 5th", "the 5th of February"): no ordinal.
_DAY_OF_MONTH = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)\s+(?:of\s+)?(?:{_MONTHS})\b"
    rf"|\b(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)\b",
    re.I,
)


def _ordinal_numbers(text: str) -> list[str]:
    return [
        str(_ORDINAL_WORDS.index(m.group(1).lower()) + 2) if m.group(1) else m.group(2)
        for m in _ORDINAL.finditer(_DAY_OF_MONTH.sub(" ", text))
    ]


def ordinals(question: str) -> list[str]:
    """The ordinals the question states, as numbers ("2" of "How many received a second course
    of blinatumomab?"): a sentence about the one course given does not answer it. Only its
    sentences that ask count, as for :func:`amounts`."""
    return list(dict.fromkeys(_ordinal_numbers(_asking(question))))


def states_ordinal(number: str, text: str) -> bool:
    """Whether ``text`` states the ordinal ``number`` (an item of :func:`ordinals`), in words or
    figures ("second", "2nd")."""
    return number in _ordinal_numbers(text)


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


#: A trial named by a word and a number or letter after a hyphen ("KOMET-001", "MANTRA-2",
#: "VIALE-A", "Interfant-06").
_TRIAL_NAME = re.compile(r"\b[A-Z][A-Za-z]{2,}-(?:\d+|[A-Z])\b")


def trial_names(question: str) -> list[str]:
    """The trials ``question`` names ("KOMET-001" of "What is the registration number of
    KOMET-001?")."""
    return list(dict.fromkeys(m.group(0) for m in _TRIAL_NAME.finditer(_asking(question))))


def names_trial(trial: str, sentence: str) -> bool:
    """Whether ``sentence`` names ``trial`` itself: a registry identifier is the trial's it
    stands beside ("two phase 1 trials (NCT06001788 and NCT05735184)" in a report on KOMET-001
    are other trials)."""
    return re.search(rf"\b{re.escape(trial)}\b", sentence, re.I) is not None


#: The number words a time point is written with ("two-year"), up to ten.
_TIME_WORDS = "|".join(word for word, value in NUMBER_WORDS.items() if value <= 10)
#: A time point a question puts on a rate or survival ("5-year", "two-year", "6-month"; not the
#: age of "the 75-year-old man").
_LANDMARK = re.compile(rf"\b(\d+|{_TIME_WORDS})-(year|month)\b(?![\s-]*old)", re.I)
#: The same time point as a text may write it: "2-year", "2 years", "two-year", "5-y", "24-mo".
_LANDMARK_WRITTEN = re.compile(
    rf"(?<![\d.])\b(\d+|{_TIME_WORDS})[\s-]*(years?|yrs?|y|months?|mos?)\b", re.I
)


def _figure(number: str) -> str:
    """A number written in figures or as a word ("two"), in figures ("2")."""
    return str(NUMBER_WORDS[number.lower()]) if number.isalpha() else number


def _landmark(number: str, unit: str) -> str:
    count = _figure(number)
    return f"{count}-{'year' if unit.lower().startswith('y') else 'month'}"


def landmarks(question: str) -> list[str]:
    """The time points the question puts on what it asks ("5-year" of "What 5-year overall
    survival ...?"): a rate at another time ("the 6-month OS rate") does not answer it. Only its
    sentences that ask count, as for :func:`amounts`."""
    return list(
        dict.fromkeys(_landmark(*m.groups()) for m in _LANDMARK.finditer(_asking(question)))
    )


def states_landmark(landmark: str, text: str) -> bool:
    """Whether ``text`` states the time point ``landmark`` (an item of :func:`landmarks`)."""
    return any(_landmark(*m.groups()) == landmark for m in _LANDMARK_WRITTEN.finditer(text))


#: An amount of treatment a question puts on what it asks ("after two cycles", "with 3
#: courses"), or a text states ("2 cycles", "one cycle").
_COURSES = re.compile(rf"(?<![\w.])(\d+|{_TIME_WORDS})[\s-]+(cycle|course|dose|infusion)s?\b", re.I)


def _course(number: str, unit: str) -> str:
    count = _figure(number)
    return f"{count} {unit.lower()}{'' if count == '1' else 's'}"


def courses(question: str) -> list[str]:
    """The amounts of treatment the question puts on what it asks ("2 cycles" of "What was the
    ORR after two cycles?"): a rate after one cycle does not answer it. Only its sentences that
    ask count, as for :func:`amounts`."""
    return list(dict.fromkeys(_course(*m.groups()) for m in _COURSES.finditer(_asking(question))))


def states_course(course: str, text: str) -> bool:
    """Whether ``text`` states the amount of treatment ``course`` (an item of
    :func:`courses`), in words or figures."""
    return any(_course(*m.groups()) == course for m in _COURSES.finditer(text))


#: A day of a schedule a question puts on what it asks ("on day 8", "at day 28").
_ASKED_DAY = re.compile(r"\b(?:on|at|by|from|until|before|after)\s+day\s+(\d+)\b", re.I)
#: A day or a range of days a text states ("day 1", "days 1–5", "days 1 to 5", "D8").
_STATED_DAYS = re.compile(
    r"\b(?:days?|D)\s*(\d+)(?:\s*(?:[-–—]|to|through)\s*(?:days?\s*)?(\d+))?\b", re.I
)


def days(question: str) -> list[str]:
    """The days of a schedule the question puts on what it asks ("day 8" of "What dose was
    given on day 8?"): a dose given on days 1-5 does not answer it. Only its sentences that ask
    count, as for :func:`amounts`."""
    return list(dict.fromkeys(f"day {m.group(1)}" for m in _ASKED_DAY.finditer(_asking(question))))


def states_day(day: str, text: str) -> bool:
    """Whether ``text`` states ``day`` (an item of :func:`days`), alone or within a range of
    days ("days 1–5" states day 3)."""
    wanted = int(day.split()[1])
    for m in _STATED_DAYS.finditer(text):
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        if first <= wanted <= last:
            return True
    return False


#: An age bound a question puts on the patients it asks about ("older than 60", "aged 65 or
#: older", "under the age of 18", "younger than six months").
_AGE_BOUND = re.compile(
    rf"\b(?:older|younger)\s+than\s+(\d+|{_TIME_WORDS})\b"
    rf"|\baged\s+(\d+|{_TIME_WORDS})\s*(?:years?\s*)?(?:or|and)\s+"
    rf"(?:older|over|above|younger|under|below)\b"
    rf"|\b(?:over|under|above|below)\s+(?:the\s+)?age\s+(?:of\s+)?(\d+|{_TIME_WORDS})\b",
    re.I,
)


def age_bounds(question: str) -> list[str]:
    """The age bounds the question puts on its patients, as "age N" ("age 60" of "... of
    patients older than 60?"): a rate of all patients does not answer it. Only its sentences
    that ask count, as for :func:`amounts`."""
    found = (next(g for g in m.groups() if g) for m in _AGE_BOUND.finditer(_asking(question)))
    return list(dict.fromkeys(f"age {_figure(n)}" for n in found))


def states_age_bound(bound: str, text: str) -> bool:
    """Whether ``text`` states the age of ``bound`` (an item of :func:`age_bounds`), in words
    or figures."""
    return float(bound.split()[1]) in extract_facts(text).numbers


#: A drug given on its own, as a question asks it and a report says it.
_SINGLE_AGENT = re.compile(
    r"\b(?:single[\s-]+agents?|monotherapy|alone|on\s+its\s+own|by\s+itself)\b", re.I
)
#: A drug given with others: "in combination with", "combined with", "plus", "AZA + VEN".
_COMBINED = re.compile(
    r"\b(?:in\s+combination|combinations?\s+(?:of|with)|combined|plus|together\s+with"
    r"|added\s+to|triplets?|doublets?)\b|\s\+\s",
    re.I,
)


def single_agent(question: str) -> bool:
    """Whether the question asks about a drug given on its own ("What was the ORR of IMGN632 as
    a single agent?", "... with azacitidine alone?"). Only its sentences that ask count, as for
    :func:`amounts`."""
    return bool(_SINGLE_AGENT.search(_asking(question)))


def states_single_agent(text: str) -> bool:
    """Whether ``text`` (a sentence with its lead-in) may be about a drug given on its own: it
    says so, or it names no combination ("IMGN632 ... in combination with AZA/VEN ... an ORR of
    55%" is a combination's value, not the drug's alone)."""
    return bool(_SINGLE_AGENT.search(text)) or not _COMBINED.search(text)


#: What joins the partners of one regimen in its name: "AZA/VEN plus gilteritinib", "FLAG-IDA
#: + venetoclax", "ziftomenib in combination with azacitidine".
_JOINED = r"(?:\s*/\s*|\s+(?:plus|\+)\s+)"
#: "in combination with AZA/VEN" names partners of a drug that the words before need not name
#: ("IMGN632 ... was studied in a phase 1/2 trial in combination with AZA/VEN").
_REGIMEN = re.compile(
    rf"\b(?:combined|combination)\s+with\s+(?P<with>[\w-]+(?:{_JOINED}[\w-]+)*)"
    rf"|(?P<joined>[\w-]+(?:{_JOINED}[\w-]+)+)",
    re.I,
)
_PARTNER = re.compile(_JOINED, re.I)


def regimens(text: str) -> list[list[str]]:
    """The regimens ``text`` names by their partners, each as the words naming them ("aza",
    "ven", "gilteritinib" of "AZA/VEN plus gilteritinib"); also pairs of other names written so
    ("CR/CRi"), which share no partner with a question's regimen."""
    return [
        _PARTNER.split((m.group("with") or m.group("joined")).lower())
        for m in _REGIMEN.finditer(text)
    ]


def partners(question: str, salient: Collection[str]) -> list[str]:
    """The partners of the regimen the question asks about when it names two or more of them
    joined as in :data:`_JOINED` ("gilteritinib", "venetoclax" of "What was the 1-year OS with
    gilteritinib plus venetoclax?"); empty when it names none so. Only its asking sentences
    count, as for :func:`amounts`."""
    found: list[str] = []
    for regimen in regimens(_asking(question)):
        named = [p for p in regimen if set(terms(p)) & set(salient)]
        if len(named) >= 2:
            found += [p for p in named if p not in found]
    return found


def states_partners(
    asked: Sequence[str],
    question: str,
    texts: Sequence[str],
    abbreviations: Mapping[str, str] | AbbreviationForms,
) -> bool:
    """Whether ``texts`` (nearest first: a sentence, its lead-in and paragraph, its title) leave
    the regimen of ``asked`` partners (:func:`partners` of ``question``) standing: the nearest
    that names a regimen with one of them names one whose every partner the question names too
    (through abbreviations), or none names such a regimen before one that names all of them
    in other words ("ASTX727 and venetoclax were combined with ..."). "The triplet combination
    AZA/VEN plus gilteritinib yielded a response in 74%. The median OS was 5.8 months" reports
    on azacitidine, venetoclax and gilteritinib, which is no answer for gilteritinib plus
    venetoclax."""

    def extra(partner: str) -> bool:
        words = [w for w in terms(partner) if w not in STOPWORDS]
        return bool(words) and bool(uncovered(words, question, set(), abbreviations))

    for text in texts:
        shared = [
            regimen
            for regimen in regimens(text)
            if len(uncovered(list(asked), " ".join(regimen), set(), abbreviations)) < len(asked)
        ]
        if shared:
            return any(not any(extra(p) for p in regimen) for regimen in shared)
        if not uncovered(list(asked), text, set(), abbreviations):
            return True  # all of them, in other words ("A and B were combined with C")
    return True


#: The two stages of a disease a question may put its patients at, as reports write them: a
#: rate of relapsed or refractory patients is none of newly diagnosed ones, and the reverse.
_DISEASE_STATUSES = {
    "newly diagnosed": re.compile(
        r"\b(?:newly[\s-]+diagnosed|(?:previously\s+)?untreated|treatment[\s-]+na[iï]ve"
        r"|first[\s-]+line|front[\s-]?line)\b",
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
    named = _nearest_named(texts, partial(_named_by, _DISEASE_STATUSES))
    return named is None or status in named


def _nearest_named(texts: Sequence[str], named: Callable[[str], Set[str]]) -> Set[str] | None:
    """What the nearest of ``texts`` to name anything (as ``named`` finds it) names; None when
    none names anything. The nearest text naming a stage, a phase of treatment, an age group, a
    case patient or a trial phase decides which one a sentence is about."""
    for text in texts:
        found = named(text)
        if found:
            return found
    return None


def _named_by(forms: Mapping[str, re.Pattern[str]], text: str) -> set[str]:
    """The names of ``forms`` that ``text`` matches."""
    return {name for name, form in forms.items() if form.search(text)}


def _the_one_named(forms: Mapping[str, re.Pattern[str]], question: str) -> list[str]:
    """The one name of ``forms`` the question's asking sentences match (see :func:`amounts`),
    as a list; empty when they match none or several."""
    named = _named_by(forms, _asking(question))
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
    named = _nearest_named(texts, partial(_named_by, _SETTINGS))
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
    named = _nearest_named(texts, partial(_named_by, _ANALYSES))
    return analysis == "first analysis" if named is None else analysis in named


#: A patient of a case report named by age ("the 65-year-old man", "a 52-year-old woman").
CASE_AGE = re.compile(r"\b(\d{1,3})[\s-]+years?[\s-]+old\b", re.I)
#: The one case a question refers to ("the 65-year-old man"); "a 70-year-old patient" is the
#: asker's own, described, not one the literature reports.
_THE_CASE = re.compile(rf"\b(?:the|this|that)\s+{CASE_AGE.pattern}", re.I)


def case_ages(question: str) -> list[str]:
    """The case-report patients the question refers to by age, as "65-year-old" ("... did the
    65-year-old man receive?"; not "In a 70-year-old patient, ..."). Only its asking sentences
    count, as for :func:`amounts`, and the words a follow-up carries."""
    asking = _asking(question)
    if carried := CARRIED.search(question):  # "And how many cycles? (the 52-year-old)"
        asking += " " + carried.group(1)
    found = _THE_CASE.finditer(asking)
    return list(dict.fromkeys(f"{m.group(1)}-year-old" for m in found))


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
    age = case.split("-", maxsplit=1)[0]
    named = _nearest_named(texts, lambda text: set(ages_named(text)))
    if named is None:
        return in_force == age and any(refers_to_patient(text) for text in texts[:2])
    return age in named


#: How a case report goes on about its one patient once it has introduced them.
_ONE_PATIENT = re.compile(r"\b(?:the|our|this)\s+patient\b|\b(?:she|he|her|his|him)\b", re.I)


def refers_to_patient(text: str) -> bool:
    """Whether ``text`` refers to one patient, as a case report goes on ("the patient", "our
    patient", "she", "his")."""
    return _ONE_PATIENT.search(text) is not None


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
    asking = _asking(question)
    named = [g for g, form in _AGE_GROUPS.items() if form.search(asking)]
    return named if len(named) == 1 else []


def states_age_group(group: str, texts: Sequence[str], topics: Collection[str] = ()) -> bool:
    """Whether ``texts`` (nearest first: a sentence, the sentences of its paragraph before it,
    its title, its document id) put the patients in ``group`` (an item of :func:`age_groups`):
    the nearest that names an age group names it. Where none names one, adults stand (the
    patients a report means unless it says otherwise) and children only when a word of the
    document's subject (``topics``) names them: an ORR in R/R AML is no answer for pediatric
    AML, and the infants of a trial report need not be named in each of its sentences."""
    named = _nearest_named(texts, partial(_named_by, _AGE_GROUPS))
    if named is not None:
        return group in named
    return group == "adults" or any(_AGE_GROUPS["children"].fullmatch(t) for t in topics)


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
    found = _PHASE.finditer(_asking(question))
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
    named = _nearest_named(nearest, _phases_named)
    return bool(set(phase.split("/")) & (_phases_named(around) if named is None else named))


def answers_type(kind: str, sentence: str, measures_counted: bool = False) -> bool:
    """Whether ``sentence`` states a value of ``kind``; a count must be a number that is not part
    of an identifier (``Interfant-06`` counts nothing), nor a year ("EHA 2024 Abstract" counts
    nothing; "2000 patients" does), nor a measure of time or treatment unless the question
    counts those (``measures_counted``, :func:`counts_measures`): "patients received one cycle
    as a 4-week infusion" says how, not how many."""
    if kind == "count":
        if not measures_counted:
            sentence = _MEASURES.sub(" ", sentence)
        numbers = extract_facts(sentence).numbers
        return any(not _is_year(n) for n in numbers) or counts(set(), sentence)
    return bool(_STATES[kind].search(sentence))


#: Numbers written as words, as counts are ("Thirty patients", "one cycle").
_SPELLED = "|".join(NUMBER_WORDS)
_MEASURE_UNITS = r"(?:hours?|days?|weeks?|months?|years?|cycles?|courses?|doses?|times)"
#: A number measuring time or treatment: "one cycle", "a 4-week infusion", "day 1", "days 1-5".
_MEASURES = re.compile(
    rf"(?<![\w.])(?:\d+(?:\.\d+)?|{_SPELLED})[\s-]+{_MEASURE_UNITS}\b"
    rf"|\b{_MEASURE_UNITS}\s+\d+(?:\s*[-–]\s*\d+)?\b",
    re.I,
)
#: A count question asking how many of those units ("How many cycles", "number of days").
_COUNTS_MEASURES = re.compile(
    rf"\b(?:how many|number of|cu[aá]nt[oa]s|combien de|wie viele)\s+(?:\w+\s+)?{_MEASURE_UNITS}\b",
    re.I,
)


def counts_measures(question: str) -> bool:
    """Whether ``question`` counts units of time or treatment ("How many cycles ...")."""
    return bool(_COUNTS_MEASURES.search(question))


def _is_year(number: float) -> bool:
    return number.is_integer() and 1900 <= number <= 2099


def salient_terms(
    question: str,
    doc_freq: dict[str, int],
    chunks: int,
    common: frozenset[str] = frozenset(),
    documents_using: Callable[[str], int] | None = None,
    documents: int = 0,
) -> list[str]:
    """The question's words that name something specific.

    A word is salient when it is shaped like a name (with a digit, as ``NPM1``; part of a name
    numbered with a hyphen, as ``KOMET-001`` and the ordinary word of ``MANTRA-2``, but not the
    ``mutant`` of ``NPM1-mutant``; or written in capitals and short or no ordinary word, as
    ``AML`` and ``MIT`` but not ``SYSTEM``; a word hyphenated to such a name and no ordinary
    word, the ``lipo`` of ``Lipo-MIT``; an abbreviation in the plural as its singular, the
    ``orr`` of ``ORRs``), or when it is long, rare in the corpus (in under
    10% of chunks, or absent, in each of its spellings and their stems: not "relapsing" where
    "relapse" is common) and not ordinary language, as drug names
    are. A word also counts as rare when, in a corpus of several ``documents``, each of its
    spellings is used by at most a tenth of them (by one, in a corpus of under twenty;
    ``documents_using`` counts them): a drug that one long review discusses throughout is still
    the name of that drug. Ordinary language is ``common`` (a lexicon such as the embedding
    model's vocabulary, with inflections, derivations and British spellings of its words:
    "tumours", "actionable", "negativity", "leukaemia") and the generic words of
    clinical-research reporting (``GENERIC_TERMS``)."""
    spaced = _SCRIPTS_MEET.sub(" ", question)  # "NPM1突变AML": names between CJK characters
    entities = [m.group(0) for m in _ENTITY.finditer(spaced)]
    plurals = {e.lower(): e[:-1].lower() for e in entities if _ACRONYM_PLURAL.fullmatch(e)}
    shaped = {t for entity in entities for t in terms(entity)}
    numbered = {
        t for e in entities if any(piece.isdigit() for piece in re.split(r"\W+", e))
        for t in terms(e)
    }  # fmt: skip
    joined = {
        t for m in _COMPOUND.finditer(spaced) if set(terms(m.group(0))) & shaped
        for t in terms(m.group(0))
    }  # fmt: skip
    out: list[str] = []
    rare_below = max(1, _RARE_SHARE * chunks)
    few_documents = max(1, _RARE_SHARE * documents)
    for term in terms(question):
        bases = _bases_of(spellings(term))
        ordinary = any(base in common for base in bases)
        named = (
            term in numbered
            or (term in joined and not ordinary)
            or (
                term in shaped
                and (
                    any(c.isdigit() for c in term)
                    or len(term) <= _ACRONYM_MAX_CHARS
                    or not ordinary
                )
            )
        )
        rare = (
            len(term) >= _RARE_MIN_CHARS
            and not ordinary
            and (
                all(doc_freq.get(base, 0) < rare_below for base in bases)
                or (
                    documents_using is not None
                    and documents > 1
                    and all(documents_using(base) <= few_documents for base in bases)
                )
            )
        )
        generic = term in STOPWORDS or term in GENERIC_TERMS
        name = plurals.get(term, term)
        if (named or rare) and not generic and name not in out:
            out.append(name)
    return out


def forms_of(term: str) -> tuple[str, ...]:
    """``term``, its American spelling, and the words each may be an inflection or derivation
    of (see ``_bases_of``)."""
    return _bases_of(spellings(term))


def _bases_of(forms: tuple[str, ...]) -> tuple[str, ...]:
    """A word's spellings ``forms`` (:func:`spellings`) and the words each may be an inflection
    or derivation of: the word is ordinary when one of them is in the lexicon ("regimes",
    "actionable" of "action", "negativity" of "negative", "mutated" of "mutation", "blockers" of
    "block"), and rare only when all of them are."""
    return tuple(base for form in forms for base in _bases(form))


#: British spellings and their American forms ("leukaemia", "tumour", "randomised", "enrolment"),
#: by the letters that differ: the literature writes one, a question may write the other.
_BRITISH = (
    (re.compile(r"(?<=[a-z])ae(?=[a-z])"), "e"),
    (re.compile(r"(?<=[a-z])oe(?=[a-z])"), "e"),
    (re.compile(r"(?<=[a-z]{2})our(?=s?$)"), "or"),
    (re.compile(r"(?<=[a-z]{2})is(?=(e|es|ed|ing|ation|ations)$)"), "iz"),
    (re.compile(r"(?<=[a-z]{2})ys(?=(e|es|ed|ing)$)"), "yz"),
    (re.compile(r"(?<=[a-z]{3})tre(?=s?$)"), "ter"),
    (re.compile(r"(?<=[a-z]{3}[^l]l)(?=ments?$)"), "l"),
)
#: Inflectional and derivational suffixes, each with what its stem may have ended with.
_SUFFIXES = (
    ("ities", ("ity", "ite", "e", "")), ("ity", ("e", "")), ("ies", ("y",)), ("es", ("e", "")),
    ("s", ("",)), ("able", ("", "e")), ("ible", ("", "e")), ("ness", ("",)), ("ments", ("",)),
    ("ment", ("",)), ("ally", ("al", "")), ("ly", ("",)), ("ted", ("tion", "te")),
    ("ting", ("tion", "te")), ("ed", ("", "e")), ("ing", ("", "e")), ("ers", ("", "e")),
    ("er", ("", "e")),
)  # fmt: skip
_MIN_STEM = 4


def spellings(term: str) -> tuple[str, ...]:
    """``term`` and, when it is spelt the British way, its American spelling."""
    american = term
    for pattern, replacement in _BRITISH:
        american = pattern.sub(replacement, american)
    return (term, american) if american != term else (term,)


def _bases(term: str) -> tuple[str, ...]:
    """``term`` and the words it may be an inflection or derivation of."""
    out = [term]
    for suffix, endings in _SUFFIXES:
        stem = term.removesuffix(suffix)
        if stem != term and len(stem) >= _MIN_STEM:
            out += [stem + ending for ending in endings]
    return tuple(out)


def idf(term: str, doc_freq: dict[str, int], chunks: int) -> float:
    """Smoothed inverse document frequency of ``term``."""
    return math.log(1 + (chunks + 1) / (doc_freq.get(term, 0) + 1))


@lru_cache(maxsize=8192)
def term_set(text: str) -> frozenset[str]:
    """The terms of an abbreviation's short or long form (the same few strings, over and over)."""
    return frozenset(terms(text))


class AbbreviationForms:
    """The corpus abbreviations looked up by question term: a term's long form when it is an
    abbreviation, and the short forms of the long forms that contain it. Those lookups depend
    on the term alone, so one instance serves every candidate sentence of a question and works
    each out once (a scan of all the abbreviations per term and per sentence dominated the
    answer time)."""

    def __init__(self, abbreviations: Mapping[str, str]) -> None:
        """Index ``abbreviations`` (short form to long form, as mined from the corpus)."""
        self._long = {short.lower(): term_set(long) for short, long in abbreviations.items()}
        pairs = {(long, short.lower()) for short, long in abbreviations.items()}
        self._pairs = [(term_set(long), term_set(short)) for long, short in sorted(pairs)]
        # Every pair of words ``same_term`` accepts shares its first three characters (or is one
        # shorter word), so a term is looked for only in the long forms with a word starting so.
        by_start: dict[str, set[int]] = {}
        for number, (long, _) in enumerate(self._pairs):
            for word in long:
                by_start.setdefault(word[:3], set()).add(number)
        self._by_start = {start: sorted(numbers) for start, numbers in by_start.items()}
        self._shorts: dict[str, tuple[frozenset[str], ...]] = {}

    def long_form(self, term: str) -> frozenset[str]:
        """The terms of ``term``'s long form; empty when it abbreviates nothing."""
        return self._long.get(term, frozenset())

    def short_forms(self, term: str) -> tuple[frozenset[str], ...]:
        """The terms of each short form whose long form mentions ``term``."""
        found = self._shorts.get(term)
        if found is None:
            found = tuple(
                short
                for long, short in (self._pairs[n] for n in self._by_start.get(term[:3], ()))
                if covered(term, set(long))
            )
            self._shorts[term] = found
        return found


def uncovered(
    salient: list[str],
    evidence: str,
    topics: set[str],
    abbreviations: Mapping[str, str] | AbbreviationForms,
    strict: Collection[str] = (),
    *,
    names: bool = True,
) -> list[str]:
    """The salient terms that neither the evidence nor its document's topic words mention.

    A term also counts as mentioned through its abbreviation or long form (``CR`` and "complete
    remission").

    Args:
        salient: Salient question terms.
        evidence: The passage text (with its title and section).
        topics: Words the evidence's document is about (found in most of its chunks).
        abbreviations: Short form to long form, as mined from the corpus (or indexed once for
            many calls).
        strict: Terms mentioned only as themselves or another inflection (``same_name``:
            "ziftomenab" is not mentioned by "ziftomenib"), not by a word of the same root
            (``same_root``): names the corpus does not use (``Question.unknown``).
        names: Whether the terms are what a question is about (matched as above), or its
            ordinary words, mentioned by any word sharing their start (``same_term``) or by a
            word of the same sense in reports ("adverse" for "side", ``_SAME_SENSE``).
    """
    forms = (
        abbreviations
        if isinstance(abbreviations, AbbreviationForms)
        else AbbreviationForms(abbreviations)
    )
    vocabulary = Vocabulary(set(terms(evidence)) | set(topics))
    missing = []
    for term in salient:
        if vocabulary.names(term, related=term not in strict) if names else vocabulary.covers(term):
            continue
        if not names and any(vocabulary.covers(other) for other in _SAME_SENSE.get(term, ())):
            continue
        long = forms.long_form(term)
        if long and all(covered(word, vocabulary) for word in long):
            continue
        if any(short <= vocabulary.words for short in forms.short_forms(term)):
            continue
        missing.append(term)
    return missing


def defines(term: str, sentence: str) -> bool:
    """Whether ``sentence`` defines ``term`` ("MDM2 is an E3 ubiquitin ligase", "Venetoclax, an
    oral inhibitor", "mitoxantrone hydrochloride liposome (Lipo-MIT)", "NPM1 (nucleophosmin
    1)"); a bracket after the name must open with a letter, as a long form does ("Lipo-MIT (18
    mg/m^2, day 1)" gives a dose)."""
    name = re.escape(term)
    pattern = (
        rf"\b{name}\w*\b(\s*\([^)]{{1,40}}\))?,?\s+(is|are|was|were|refers to|means|"
        rf"an?|the)\b|\(\s*{name}\s*\)|\b{name}\s*\([^\W\d_][^)]{{2,59}}\)"
    )
    return bool(re.search(pattern, sentence, re.I))


#: A sentence opening with a name and what it is ("Ziftomenib, an oral inhibitor of ...,",
#: "IMGN632, a CD123-targeting antibody-drug conjugate,") or how it was studied
#: ("Flotetuzumab was studied in a phase 1/2 study").
_INTRODUCING = re.compile(
    r"\s*([A-Z][\w-]*)(?:\s*\([^)]{1,40}\))?(?:,\s+(?:an?|the)\s|\s+(?:was|were|has\s+been"
    r"|have\s+been)\s+(?:studied|tested|evaluated|investigated|explored)\b)"
)
#: Words that open a sentence with a comma as a name would but link it to the one before.
_CONNECTIVES = frozenset(
    {"overall", "thus", "therefore", "hence", "furthermore", "moreover", "nevertheless",
     "nonetheless", "indeed", "still", "instead", "meanwhile", "otherwise", "today", "later",
     "finally", "first", "second", "third", "next", "last", "likewise", "conversely", "here",
     "however", "again", "altogether", "together", "besides", "notably", "importantly"}
)  # fmt: skip


def introduces(sentence: str) -> bool:
    """Whether ``sentence`` opens by introducing what it goes on about ("Ziftomenib, an oral
    inhibitor of menin-KMT2A interaction, was studied ...", "Flotetuzumab was studied in ..."):
    the sentences before it were about something else. A word linking it to the one before
    ("Overall, the CR/CRi rate ...", "Similarly, an open-label ... trial") or the people
    studied ("Patients were evaluated ...") introduces nothing."""
    match = _INTRODUCING.match(sentence)
    if not match:
        return False
    word = match.group(1).lower()
    return (
        word not in STOPWORDS
        and word not in _CONNECTIVES
        and word not in _PEOPLE
        and not word.endswith("ly")
    )


def defined_name(question: str) -> str:
    """The name a definition question asks about, as written ("Lipo-MIT" of "What is
    Lipo-MIT?"); empty when it is not one of those."""
    match = _DEFINED.search(question)
    return next((group for group in match.groups() if group), "") if match else ""


_COUNTED = re.compile(
    rf"(?<![\w.])(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_SPELLED})(?:[\s-]+\w+){{0,2}}?[\s-]+(\w+)", re.I
)
#: The people a study counts, by any of their names ("27 pts", "Thirty infants").
_PEOPLE = frozenset(
    {"patients", "pts", "participants", "subjects", "people", "persons", "individuals",
     "children", "adults", "infants", "men", "women"}
)  # fmt: skip


def counts(focus: set[str], sentence: str) -> bool:
    """Whether ``sentence`` puts a count in front of one of the question's focus words or of the
    people counted in a study ("22 hospitals", "Thirty patients", "Seven pts")."""
    for match in _COUNTED.finditer(sentence):
        noun = match.group(1).lower()
        if noun in _PEOPLE or any(same_term(noun, term) for term in focus):
            return True
    return False


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


def quantified(question: str) -> list[str]:
    """The words ``question`` itself puts a number in front of ("cycles" of "How many patients
    received two cycles?"): conditions it states, so a sentence counting them ("for up to 2
    cycles") does not count what it asks."""
    return [match.group(1).lower() for match in _COUNTED.finditer(question)]
