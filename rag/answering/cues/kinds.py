"""The kinds of value a question asks for, and whether a sentence states one (pure functions).

A question asking "how many" wants a count, "what rate" a percentage, "how long" a duration,
"what dose" an amount, "when" a date, "what ages" an age, "the primary endpoint" a sentence
naming an endpoint (``GATING``, named for refusals by ``KIND_NAMES``); a sentence answers when it
states a value of that kind (a count that is no identifier, year or measure of time). Also what
a definition question asks about and whether a sentence defines it, and the words a question or
a sentence puts a count in front of.
"""

from __future__ import annotations

import re

from rag.answering.cues.conditions import AMOUNT, LANDMARK, MONTHS
from rag.answering.cues.endpoints import ENDPOINT_FORMS, RATES
from rag.text.endpoints import ENDPOINTS
from rag.text.numbers import NUMBER_WORDS, extract_facts
from rag.text.words import same_term

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
_STATES = {
    # A share in words is a rate too: "more than half", "one-third", "the majority".
    "percent": re.compile(
        r"%|\bpercent\b|\d+\s*/\s*\d+|\d+ (out )?of \d+|\bhalf\b|\bmajority\b"
        r"|\b((one|two|three|four)[\s-](thirds?|quarters?|fourths?|fifths?|tenths?)"
        r"|a quarter)\b(?!-)",
        re.I,
    ),
    "duration": re.compile(r"\b(days?|weeks?|months?|years?|mo|wk|y)\b|个月|天|周|年", re.I),
    "dose": AMOUNT,
    # A date, or a time relative to an event ("after one month of induction", "5 months after
    # allogeneic HCT", "on day 56").
    "date": re.compile(
        rf"\b(19|20)\d{{2}}\b|\b({MONTHS})\b"
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
        and any(ENDPOINT_FORMS[e].search(question) for e in RATES)
    ):
        kinds.add("percent")  # "What ORR did milademetan reach?" asks the rate
    if (
        not kinds
        and _names_what_it_wants(question)
        and any(ENDPOINT_FORMS[e].search(question) for e in ENDPOINTS if e.endswith("survival"))
    ):
        # "What was the 3-year OS?" asks the rate at that time; "What was the DFS?" or
        # "milademetan PFS" a rate or a median, not the sentence naming it as an endpoint.
        kinds.add("percent" if LANDMARK.search(question) else "outcome")
    return kinds


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


def defined_name(question: str) -> str:
    """The name a definition question asks about, as written ("Lipo-MIT" of "What is
    Lipo-MIT?"); empty when it is not one of those."""
    match = _DEFINED.search(question)
    return next((group for group in match.groups() if group), "") if match else ""


_COUNTED = re.compile(
    rf"(?<![\w.])(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_SPELLED})(?:[\s-]+\w+){{0,2}}?[\s-]+(\w+)", re.I
)
#: The people a study counts, by any of their names ("27 pts", "Thirty infants").
PEOPLE = frozenset(
    {"patients", "pts", "participants", "subjects", "people", "persons", "individuals",
     "children", "adults", "infants", "men", "women"}
)  # fmt: skip


def counts(focus: set[str], sentence: str) -> bool:
    """Whether ``sentence`` puts a count in front of one of the question's focus words or of the
    people counted in a study ("22 hospitals", "Thirty patients", "Seven pts")."""
    for match in _COUNTED.finditer(sentence):
        noun = match.group(1).lower()
        if noun in PEOPLE or any(same_term(noun, term) for term in focus):
            return True
    return False


def quantified(question: str) -> list[str]:
    """The words ``question`` itself puts a number in front of ("cycles" of "How many patients
    received two cycles?"): conditions it states, so a sentence counting them ("for up to 2
    cycles") does not count what it asks."""
    return [match.group(1).lower() for match in _COUNTED.finditer(question)]
