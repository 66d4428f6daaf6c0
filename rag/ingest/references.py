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
import statistics

_MARKER = re.compile(r"^(?:\[(\d{1,4})\]|(\d{1,4})\.)$")
_MIN_RUN_LINES = 8
_MAX_MEDIAN_TOKEN_CHARS = 12
_NO_SPACE_BEFORE = tuple(".,;:)]")
_NO_SPACE_AFTER = tuple("([-;:/")


def _marker_number(line: str) -> int | None:
    match = _MARKER.match(line.strip())
    return int(match.group(1) or match.group(2)) if match else None


def find_token_runs(lines: list[str], paragraph_breaks: list[bool]) -> list[tuple[int, int]]:
    """Find token-per-line reference lists.

    Args:
        lines: Non-blank lines of a document.
        paragraph_breaks: For each line, whether a blank line preceded it.

    Returns:
        ``(start, end)`` line index ranges (end exclusive). A run starts at a line holding only the
        marker ``1.`` (or ``[1]``), extends over the following lines up to the next blank line, has
        short lines on median, and contains at least the markers 1 and 2 in order.
    """
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if _marker_number(lines[i]) != 1:
            i += 1
            continue
        end = i + 1
        while end < len(lines) and not paragraph_breaks[end]:
            end += 1
        block = lines[i:end]
        has_second = any(_marker_number(line) == 2 for line in block[1:])
        median = statistics.median(len(line.strip()) for line in block)
        if len(block) >= _MIN_RUN_LINES and has_second and median <= _MAX_MEDIAN_TOKEN_CHARS:
            runs.append((i, end))
            i = end
        else:
            i += 1
    return runs


def join_tokens(tokens: list[str]) -> str:
    """Join citation tokens with the spacing a printed reference uses.

    No space goes before closing punctuation (``. , ; : ) ]``), a lone hyphen or an issue number's
    bracket after a volume, and none after an
    opening bracket, a hyphen, a semicolon, a colon or a slash: ``2021;5(6):e572`` and ``16-23``.
    """
    out = ""
    for raw in tokens:
        token = raw.strip()
        if not token:
            continue
        glue = (
            not out
            or token.startswith(_NO_SPACE_BEFORE)
            or token == "-"
            or (token == "(" and out[-1].isdigit())
            or out.endswith(_NO_SPACE_AFTER)
        )
        out += token if glue else " " + token
    return out


def reflow_entries(tokens: list[str]) -> list[str]:
    """Split a token run into entries at consecutive markers (1., 2., 3., ...) and join each one.

    A marker only opens a new entry when it carries the next expected number, so numbers inside a
    citation (volumes, pages) never split an entry.
    """
    entries: list[list[str]] = []
    expected = 1
    for token in tokens:
        if _marker_number(token) == expected:
            entries.append([f"{expected}."])
            expected += 1
        elif entries:
            entries[-1].append(token)
        else:
            entries.append([token])
    return [join_tokens(entry) for entry in entries]
