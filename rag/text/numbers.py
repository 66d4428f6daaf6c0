"""Extract the checkable facts of a sentence: numbers, percentages, ratios and identifiers.

Normalisation makes equal facts compare equal: ``35 %``, ``35%`` and ``35 percent`` are the
percentage 35; ``7/20``, ``7 of 20`` and ``7 out of 20`` are the ratio 7/20; ``63.0%`` equals
``63%``; ``1,000`` is 1000; ``.5`` is 0.5; number words up to ninety count as numbers ("seven
of 20"). A minus sign makes a number negative (``−1.5``, ``from -5``, ``(-0.3``), a hyphen
between two numbers or after a word does not (``15-20``, ``15 - 20``, ``day-7``), so a claim that
changes a sign does not match its evidence. A reference marker (``[6]``, see
:mod:`rag.text.references`) states no number: a claim of six patients is not supported by a
passage that only cites reference 6.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.text.references import REFERENCE

#: Number words and their values ("seven of 20" states the ratio 7/20).
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + r")"
_IDENTIFIER = re.compile(
    r"\b(?:(?i:NCT)\d{8}|(?i:ChiCTR)\d{6,}|(?i:ISRCTN)\d+|(?i:EudraCT)\s?\d{4}-\d{6}-\d{2}"
    r"|[A-Z][A-Za-z]*-\d{1,4}[A-Za-z]?)\b"
)
_RATIO = re.compile(rf"\b({_NUM})\s*(?:/|\s(?:out\s+)?of\s)\s*({_NUM})\b", re.IGNORECASE)
_PERCENT = re.compile(rf"\b({_NUM})\s*(?:%|\s?percent\b|\s?per\s?cent\b)", re.IGNORECASE)
#: A number not glued to a preceding letter or digit (``KMT2A`` and ``NPM1`` hold none), units
#: may follow (``600mg``); or a number word.
_NUMBER = re.compile(
    r"(?<![\w.])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|\.\d+)|\b(?:"
    + "|".join(NUMBER_WORDS)
    + r")\b",
    re.IGNORECASE,
)
_MINUS = "-\u2212"
#: What a hyphen after it joins rather than negates: ``10^-4``, ``(1)-2``, ``5%-10%``.
_JOINED = ")]}^.%"


@dataclass(frozen=True)
class Facts:
    """The normalised facts of a text."""

    numbers: frozenset[float]
    percentages: frozenset[float]
    ratios: frozenset[tuple[float, float]]
    identifiers: frozenset[str]

    def __len__(self) -> int:
        """How many facts: numbers, percentages, ratios and identifiers together."""
        return len(self.numbers) + len(self.percentages) + len(self.ratios) + len(self.identifiers)

    def missing_from(self, evidence: Facts) -> list[str]:
        """The facts of ``self`` that ``evidence`` does not state, readably; empty if none."""
        missing = [f"{n:g}" for n in sorted(self.numbers - evidence.numbers)]
        missing += [f"{p:g}%" for p in sorted(self.percentages - evidence.percentages)]
        missing += [f"{a:g}/{b:g}" for a, b in sorted(self.ratios - evidence.ratios)]
        missing += sorted(i for i in self.identifiers if i not in evidence.identifiers)
        return missing


def _value(token: str) -> float:
    word = token.lower()
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    return float(token.replace(",", ""))


def _negative(text: str, start: int) -> bool:
    """Whether the number at ``start`` has a minus sign: a ``-`` or ``−`` right before it that
    follows no letter, digit or closing bracket, nor (past spaces) a number it would join as a
    range (``15 - 20``)."""
    if start == 0 or text[start - 1] not in _MINUS:
        return False
    before = text[: start - 1]
    if before and (before[-1].isalnum() or before[-1] in _JOINED):
        return False
    stripped = before.rstrip()
    return not stripped or not (stripped[-1].isdigit() or stripped[-1] == "%")


def _signed(text: str, match: re.Match[str], group: int = 0) -> float:
    value = _value(match.group(group))
    return -value if value and _negative(text, match.start(group)) else value


def extract_facts(text: str) -> Facts:
    """Every number, percentage, ratio and trial or study identifier in ``text``."""
    text = REFERENCE.sub(" ", text)
    identifiers = {m.group(0).upper().replace(" ", "") for m in _IDENTIFIER.finditer(text)}
    without_ids = _IDENTIFIER.sub(" ", text)
    percentages = {_signed(without_ids, m, 1) for m in _PERCENT.finditer(without_ids)}
    ratios = {(_value(m.group(1)), _value(m.group(2))) for m in _RATIO.finditer(without_ids)}
    numbers = {_signed(without_ids, m) for m in _NUMBER.finditer(without_ids)}
    return Facts(
        frozenset(numbers), frozenset(percentages), frozenset(ratios), frozenset(identifiers)
    )


def merge(facts: list[Facts]) -> Facts:
    """The union of several texts' facts."""
    return Facts(
        frozenset().union(*(f.numbers for f in facts)),
        frozenset().union(*(f.percentages for f in facts)),
        frozenset().union(*(f.ratios for f in facts)),
        frozenset().union(*(f.identifiers for f in facts)),
    )
