"""Reflow reference lists that arrive one token per line.

Copying a reference list from a publisher's page often yields one token per line::

    1.
    Thol
    F
    ,
    Heuser
    ...

This module finds such runs of lines and joins each numbered entry back into one line:
``1. Thol F, Heuser M. Treatment for relapsed/refractory acute myeloid leukemia. Hemasphere.
2021;5(6):e572.``
"""

from __future__ import annotations

import re

_MARKER = re.compile(r"^(?:\[(\d{1,4})\]|(\d{1,4})\.)$")
_MIN_RUN_LINES = 8
_MAX_MEDIAN_TOKEN_CHARS = 12
_NO_SPACE_BEFORE = tuple(".,;:)]")
_NO_SPACE_AFTER = tuple("([-;:/")


def _marker_number(line: str) -> int | None:
    match = _MARKER.match(line.strip())
    return int(match.group(1) or match.group(2)) if match else None


def _median_at_most(counts: list[int], size: int, limit: int) -> bool:
    """Whether the median of ``size`` lengths, counted by value in ``counts``, is at most ``limit``.

    ``counts[v]`` is how many lengths equal ``v``, lengths above ``2 * limit`` counted at
    ``2 * limit + 1``: the median of an even count is the mean of the two middle values, which
    stays above ``limit`` exactly when it does before the capping.
    """
    wanted = [(size - 1) // 2, size // 2]
    middle: list[int] = []
    seen = 0
    for value, count in enumerate(counts):
        seen += count
        while wanted and wanted[0] < seen:
            middle.append(value)
            wanted.pop(0)
        if not wanted:
            break
    return sum(middle) <= 2 * limit


def _first_run_start(lines: list[str], start: int, end: int) -> int | None:
    """The first line of ``lines[start:end]`` (one paragraph) that opens a token run, or None.

    Walks the paragraph backwards once, keeping the suffix's line lengths counted by value, so
    every candidate start is judged in constant time.
    """
    cap = 2 * _MAX_MEDIAN_TOKEN_CHARS + 1
    counts = [0] * (cap + 1)
    second_after = False
    found: int | None = None
    for i in range(end - 1, start - 1, -1):
        counts[min(len(lines[i].strip()), cap)] += 1
        number = _marker_number(lines[i])
        size = end - i
        if (
            number == 1
            and second_after
            and size >= _MIN_RUN_LINES
            and _median_at_most(counts, size, _MAX_MEDIAN_TOKEN_CHARS)
        ):
            found = i
        second_after = second_after or number == 2
    return found


def find_token_runs(lines: list[str], paragraph_breaks: list[bool]) -> list[tuple[int, int]]:
    """Find token-per-line reference lists, in time linear in the number of lines.

    Args:
        lines: Non-blank lines of a document.
        paragraph_breaks: For each line, whether a blank line preceded it.

    Returns:
        ``(start, end)`` line index ranges (end exclusive). A run starts at a line holding only the
        marker ``1.`` (or ``[1]``), extends over the following lines up to the next blank line, has
        short lines on median, and contains at least the markers 1 and 2 in order. A paragraph
        holds at most one run, opened by its first line that qualifies.
    """
    runs: list[tuple[int, int]] = []
    start = 0
    while start < len(lines):
        end = start + 1
        while end < len(lines) and not paragraph_breaks[end]:
            end += 1
        first = _first_run_start(lines, start, end)
        if first is not None:
            runs.append((first, end))
        start = end
    return runs


def join_tokens(tokens: list[str]) -> str:
    """Join citation tokens with the spacing a printed reference uses.

    No space goes before closing punctuation (``. , ; : ) ]``), a lone hyphen or an issue number's
    bracket after a volume, and none after an
    opening bracket, a hyphen, a semicolon, a colon or a slash: ``2021;5(6):e572`` and ``16-23``.
    """
    parts: list[str] = []
    last = ""
    for raw in tokens:
        token = raw.strip()
        if not token:
            continue
        glue = (
            not parts
            or token.startswith(_NO_SPACE_BEFORE)
            or token == "-"
            or (token == "(" and last[-1].isdigit())
            or last.endswith(_NO_SPACE_AFTER)
        )
        parts.append(token if glue else " " + token)
        last = token
    return "".join(parts)


def reflow_entries(tokens: list[str]) -> list[tuple[int, str]]:
    """Split a token run into entries at consecutive markers (1., 2., 3., ...) and join each one.

    A marker only opens a new entry when it carries the next expected number, so numbers inside a
    citation (volumes, pages) never split an entry.

    Returns:
        Each entry as the index of its first token and its text.
    """
    entries: list[tuple[int, list[str]]] = []
    expected = 1
    for index, token in enumerate(tokens):
        if _marker_number(token) == expected:
            entries.append((index, [f"{expected}."]))
            expected += 1
        elif entries:
            entries[-1][1].append(token)
        else:
            entries.append((index, [token]))
    return [(first, join_tokens(entry)) for first, entry in entries]
