"""Mine abbreviation definitions from text and use them to expand queries.

The miner follows Schwartz and Hearst (2003), "A simple algorithm for identifying abbreviation
definitions in biomedical text": for each ``long form (SF)`` it takes the words before the
parenthesis and finds the shortest suffix of them whose characters spell the short form from right
to left, the short form's first character starting a word. ``measurable residual disease (MRD)``
yields ``MRD -> measurable residual disease``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping

#: ``(SF)``, ``(SF;`` or ``(SF,``: where a definition may end.
_PARENTHESIS = re.compile(r"\(\s*([^()\s;,]{2,10})\s*[;,)]")
#: How far before its parenthesis a long form may start.
_REACH = 200
_WORD = re.compile(r"\S+")


def _valid_short_form(short: str) -> bool:
    return (
        any(c.isalpha() for c in short)
        and short[0].isalnum()
        and not short.isdigit()
        and sum(c.isupper() for c in short) >= 1
    )


def best_long_form(short: str, long: str) -> str | None:
    """The shortest end of ``long`` that ``short`` abbreviates, or None (Schwartz–Hearst)."""
    s_index, l_index = len(short) - 1, len(long) - 1
    while s_index >= 0:
        char = short[s_index].lower()
        if not char.isalnum():
            s_index -= 1
            continue
        while l_index >= 0 and (
            long[l_index].lower() != char
            or (s_index == 0 and l_index > 0 and long[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = long.rfind(" ", 0, l_index + 1) + 1
    return long[start:].strip().lstrip("/-,;:([")


def _candidates(text: str) -> Iterator[tuple[str, str]]:
    r"""Each ``(words before, short form)`` of ``long form (SF)``: the words are those since the
    last parenthesis or line break, at most ``_REACH`` characters, before the parenthesis.

    The matches of ``([^()\n]{1,200}?)\s*\(\s*([^()\s;,]{2,10})\s*[;,)]`` (one after the
    other), found from each parenthesis backwards rather than by trying every start position,
    which took time in proportion to the text times ``_REACH``.
    """
    end = 0
    for match in _PARENTHESIS.finditer(text):
        opening = match.start()
        words_end = opening
        while words_end > end and text[words_end - 1].isspace():
            words_end -= 1
        barrier = max(text.rfind(mark, 0, words_end) for mark in "()\n") + 1
        start = max(end, words_end - _REACH, barrier)
        if words_end > start:
            yield text[start:words_end], match.group(1)
        elif not any(text[i] != "\n" for i in range(start, opening)):
            continue  # nothing but line breaks before it: no definition ends here
        end = match.end()


def _extends(short: str, long: str) -> bool:
    """Whether ``long`` is ``short`` with more after it that is not just the rest of one word:
    the FLT3 of "FLT3-ITD (FLT3)" names the gene, not its mutation, while "venetoclax (VEN)"
    shortens the drug's name."""
    return long.lower().startswith(short.lower()) and not (short.isalpha() and long.isalpha())


def find_abbreviations(text: str) -> dict[str, str]:
    """Map each short form defined as ``long form (SF)`` in ``text`` to its long form.

    When a short form is defined more than once, the most frequent long form wins. A plural
    short form defines its singular too ("donor-lymphocyte infusions (DLIs)" is what "the DLI
    group" abbreviates), unless the text defines the singular itself.
    """
    counts: dict[str, dict[str, int]] = {}
    for before, short in _candidates(text):
        if not _valid_short_form(short):
            continue
        words = _WORD.findall(before)
        window = words[-min(len(short) + 5, len(short) * 2) :]
        long = best_long_form(short, " ".join(window))
        if not long or len(long) <= len(short) or _extends(short, long):
            continue
        per_short = counts.setdefault(short, {})
        per_short[long.lower()] = per_short.get(long.lower(), 0) + 1
    found = {short: max(forms, key=lambda f: forms[f]) for short, forms in sorted(counts.items())}
    singulars = {
        short[:-1]: long
        for short, long in found.items()
        if len(short) >= 3 and short[-1] == "s" and short[-2].isupper()
    }
    return dict(sorted(({**singulars, **found}).items()))


def vote_abbreviations(
    definitions: Iterable[Mapping[str, str]], written_out: Callable[[str], int]
) -> dict[str, str]:
    """One corpus-wide abbreviation map in which every document has one vote.

    A short form its defining documents agree on keeps their long form. Where they disagree, the
    long form that more documents write out (defining it or not) wins, then the one more
    documents define; a tie leaves the short form out as ambiguous. However often one document
    repeats "cardiac rhythm (CR)", it cannot redefine CR for a corpus in which one document
    defines "complete remission (CR)" and another writes "complete remission".

    Args:
        definitions: Each document's own definitions (:func:`find_abbreviations` of its text).
        written_out: How many documents write a long form out (asked only for disputed ones).
    """
    defined: dict[str, Counter[str]] = {}
    for own in definitions:
        for short, long in own.items():
            defined.setdefault(short, Counter())[long] += 1
    voted: dict[str, str] = {}
    for short, forms in sorted(defined.items()):
        if len(forms) == 1:
            voted[short] = next(iter(forms))
            continue
        ranked = sorted(
            ((written_out(form), definers, form) for form, definers in forms.items()),
            reverse=True,
        )
        if ranked[0][:2] != ranked[1][:2]:
            voted[short] = ranked[0][2]
    return voted


def expand_query(
    query: str, abbreviations: Mapping[str, str], short_forms: Mapping[str, str]
) -> str:
    """Append the other form of every abbreviation the query uses, short or long.

    ``"MRD after blinatumomab"`` becomes ``"MRD after blinatumomab measurable residual disease"``:
    a short form the query uses adds its long form from ``abbreviations``. ``short_forms``
    (lower-cased long form to short form) adds the short form of every long form the query
    writes out as whole words ("incomplete remission" does not write "complete remission"),
    also where ``abbreviations`` gives that short form another long form: two papers may both
    write "ORR", one for "objective response rate", the other for "overall response rate".
    """
    additions: list[str] = []
    lowered = query.lower()
    tokens = set(re.findall(r"[\w/-]+", query))
    for short, long in abbreviations.items():
        if short in tokens and long not in lowered:
            additions.append(long)
    for long, short in short_forms.items():
        # The substring test first: a pattern per form, for hundreds of forms, is slow.
        if long in lowered and short not in tokens and short not in additions:
            additions += [short] if _writes(long, lowered) else []
    return " ".join([query, *additions])


def _writes(long: str, lowered: str) -> bool:
    """Whether lower-cased ``lowered`` writes the long form ``long`` out as whole words (a plural
    included)."""
    return re.search(rf"(?<![\w-]){re.escape(long)}(?:s|es)?(?![\w-])", lowered) is not None
