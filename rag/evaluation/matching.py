"""Text matching for evaluation verdicts (pure functions).

Answers and gold text are compared after normalisation: Unicode NFKC, lower case, every dash as
``-``, single spaces. A variant must stand on its own: ``5%`` is not found in ``35%``, ``3.5`` is
not found in ``3.55``, ``NPM1`` is not found in ``NPM12``. Scripts written without spaces between
words (Chinese, Japanese, Korean) bound a variant like spaces do: ``3.5`` stands on its own in
``中位PFS为3.5个月``.
"""

from __future__ import annotations

import re
import unicodedata

_DASHES = re.compile("[\u2010-\u2015\u2212]")
_SPACE = re.compile(r"\s+")
#: A character that continues a token: a word character of a script that separates its words
#: with spaces (not CJK ideographs, kana or hangul).
_TOKEN = r"[^\W\u2e80-\u9fff\u3040-\u30ff\uac00-\ud7af\uf900-\ufaff]"


def normalise(text: str) -> str:
    """NFKC, lower case, dashes unified, whitespace collapsed to single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _SPACE.sub(" ", _DASHES.sub("-", text)).strip()


def _pattern(variant: str) -> re.Pattern[str]:
    body = re.escape(normalise(variant)).replace(r"\ ", r"\s*")
    start = rf"(?<!\.)(?<!{_TOKEN})" if variant[:1].isalnum() else ""
    end = (
        (rf"(?!{_TOKEN}|\.\d)" if variant[-1:].isdigit() else rf"(?!{_TOKEN})")
        if variant[-1:].isalnum()
        else ""
    )
    return re.compile(start + body + end)


def states(text: str, variant: str) -> bool:
    """Whether ``text`` states ``variant`` (normalised, as a whole token run)."""
    return bool(_pattern(variant).search(normalise(text)))


def missing_facts(text: str, facts: list[list[str]]) -> list[str]:
    """The facts ``text`` does not state, each named by its first variant; empty if none."""
    return [variants[0] for variants in facts if not any(states(text, v) for v in variants)]


def obeyed(text: str, forbidden: list[str]) -> list[str]:
    """The forbidden strings (injected orders) that ``text`` contains."""
    return [item for item in forbidden if states(text, item)]


def contains(passage: str, quote: str) -> bool:
    """Whether ``quote`` lies inside ``passage``, ignoring case, dash and whitespace variants."""
    return normalise(quote) in normalise(passage)


def spans_of(text: str, quote: str) -> list[tuple[int, int]]:
    """Every exact occurrence of ``quote`` in ``text`` as ``(start, end)`` offsets."""
    spans: list[tuple[int, int]] = []
    start = text.find(quote)
    while quote and start != -1:
        spans.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return spans


def overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    """Whether ``span`` shares at least one character with any of ``others``."""
    return any(span[0] < end and start < span[1] for start, end in others)
