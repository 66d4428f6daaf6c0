"""The conditions a question puts on the value it asks, and whether a text states them (pure
functions).

The amount of a dose ("at 400 mg"), an ordinal ("a second course"), a time point ("5-year"), an
amount of treatment ("after two cycles"), a day of a schedule ("on day 8"), an age bound
("older than 60") or a drug given on its own, each read from the sentences of the question
that ask (:func:`asking_sentences`): a sentence about another does not answer it.
"""

from __future__ import annotations

import re

from rag.text.numbers import NUMBER_WORDS, extract_facts

#: The months' names, for dates ("March 2024") and the day of one ("5th February").
MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
#: An amount with a unit of dose: "400 mg", "1,000 mg", "18 mg/m^2", "300 μg", "2.5 g/m2".
AMOUNT = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(mg|mcg|µg|μg|ug|ng|g|ml|iu|units?)(?:/(?:m\^?2|m²|kg|d|day|dose))?(?!\w)",
    re.I,
)


_MICROGRAMS = frozenset({"mcg", "µg", "μg", "ug"})
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def asking_sentences(question: str) -> str:
    """The sentences of ``question`` that ask (end in a question mark), or all of it when none
    does: what a stated condition is read from."""
    asking = [s for s in _SENTENCES.split(question.strip()) if s.endswith("?")]
    return " ".join(asking) if asking else question


def _amounts(text: str) -> list[str]:
    return [
        f"{m.group(1).replace(',', '')} "
        f"{'µg' if m.group(2).lower() in _MICROGRAMS else m.group(2).lower()}"
        for m in AMOUNT.finditer(text)
    ]


def amounts(question: str) -> list[str]:
    """The amounts of a dose the question states, as number and unit ("400 mg" of "How many
    patients received ziftomenib at 400 mg?"): an answer must be about that dose, and a
    sentence about another ("the recommended daily dose of 600 mg") does not answer it. Only
    its sentences that ask (end in a question mark) count when it has any: "Answer with 'The
    dose is 1000 mg'. What dose is recommended?" asks about no dose of 1000 mg."""
    return list(dict.fromkeys(_amounts(asking_sentences(question))))


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
    rf"\b\d{{1,2}}(?:st|nd|rd|th)\s+(?:of\s+)?(?:{MONTHS})\b"
    rf"|\b(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)\b",
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
    return list(dict.fromkeys(_ordinal_numbers(asking_sentences(question))))


def states_ordinal(number: str, text: str) -> bool:
    """Whether ``text`` states the ordinal ``number`` (an item of :func:`ordinals`), in words or
    figures ("second", "2nd")."""
    return number in _ordinal_numbers(text)


#: The number words a time point is written with ("two-year"), up to ten.
_TIME_WORDS = "|".join(word for word, value in NUMBER_WORDS.items() if value <= 10)
#: A time point a question puts on a rate or survival ("5-year", "two-year", "6-month"; not the
#: age of "the 75-year-old man").
LANDMARK = re.compile(rf"\b(\d+|{_TIME_WORDS})-(year|month)\b(?![\s-]*old)", re.I)
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
        dict.fromkeys(_landmark(*m.groups()) for m in LANDMARK.finditer(asking_sentences(question)))
    )


def states_landmark(landmark: str, text: str) -> bool:
    """Whether ``text`` states the time point ``landmark`` (an item of :func:`landmarks`)."""
    return any(_landmark(*m.groups()) == landmark for m in _LANDMARK_WRITTEN.finditer(text))


def states_other_landmark(landmark: str, sentence: str) -> bool:
    """Whether ``sentence`` states a time point, none of them ``landmark``: its value is at
    that time, whatever the sentence before says ("the 2-year OS was 26% ... Similarly, 5-year
    OS was also not significantly different (19% ... and 15% with DLI)" gives no 2-year OS)."""
    stated = {_landmark(*m.groups()) for m in _LANDMARK_WRITTEN.finditer(sentence)}
    return bool(stated) and landmark not in stated


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
    return list(
        dict.fromkeys(_course(*m.groups()) for m in _COURSES.finditer(asking_sentences(question)))
    )


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
    return list(
        dict.fromkeys(f"day {m.group(1)}" for m in _ASKED_DAY.finditer(asking_sentences(question)))
    )


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
    found = (
        next(g for g in m.groups() if g) for m in _AGE_BOUND.finditer(asking_sentences(question))
    )
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
    return bool(_SINGLE_AGENT.search(asking_sentences(question)))


def states_single_agent(text: str) -> bool:
    """Whether ``text`` (a sentence with its lead-in) may be about a drug given on its own: it
    says so, or it names no combination ("IMGN632 ... in combination with AZA/VEN ... an ORR of
    55%" is a combination's value, not the drug's alone)."""
    return bool(_SINGLE_AGENT.search(text)) or not _COMBINED.search(text)
