"""The quotable units of a chunk: the spans an answer may cite (pure functions)."""

from __future__ import annotations

import re

from rag.text.sentences import sentence_spans

#: The most lines one table record spans (its labelled line and the lines that go on with it).
RECORD_LINES = 6
_OPENS_WITH_VALUE = re.compile(r"\s*[\d±+]")
_DIGIT = re.compile(r"\d")


def quotable_units(text: str, section_kind: str) -> tuple[tuple[int, int], ...]:
    """Spans of ``text`` (a chunk of a section of kind ``section_kind``) an answer may quote:
    table records (:func:`table_records`), references as lines, prose as sentences within each
    paragraph."""
    if section_kind == "table":
        return table_records(text)
    if section_kind == "references":
        return tuple(_lines(text))
    out: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n\n"):
        out.extend(sentence_spans(text, offset, offset + len(paragraph)))
        offset += len(paragraph) + 2
    return tuple(out)


def _lines(text: str) -> list[tuple[int, int]]:
    """The spans of ``text``'s non-blank lines."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def table_records(text: str) -> tuple[tuple[int, int], ...]:
    """The records of a table's text: each line, joined by the lines that go on with its record.

    A cell broken over lines puts the rest of a row on lines of their own ("NPM1 MRD relapse 30
    27 chemotherapy + HCT" / "3 direct HCT" / "59% MRDneg 2 y OS, 63%"): quoted alone, "59%
    MRDneg 2 y OS, 63%" says neither of whom nor after what. A line goes on with the record
    above it when it opens with a value (a digit, "±" or "+") and that record's first line is a
    labelled row of values: it opens with a word and holds a digit (a header row holds none; in
    a table numbered in its first column every row opens with a value, so none goes on with
    another). A record spans at most ``RECORD_LINES`` lines. Records are read within a chunk: a
    row the chunker cut at a chunk's start begins with its value lines, unlabelled, as before."""
    records: list[list[tuple[int, int]]] = []
    for start, end in _lines(text):
        line = text[start:end]
        if records:
            first = text[records[-1][0][0] : records[-1][0][1]]
            if (
                _OPENS_WITH_VALUE.match(line)
                and not _OPENS_WITH_VALUE.match(first)
                and _DIGIT.search(first)
                and len(records[-1]) < RECORD_LINES
            ):
                records[-1].append((start, end))
                continue
        records.append([(start, end)])
    return tuple((record[0][0], record[-1][1]) for record in records)
