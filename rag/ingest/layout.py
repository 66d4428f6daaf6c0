"""Repairs of text extracted from paged files (PDF): what the page layout added to the text.

Pure functions over lines:

- :func:`running_lines`: running heads and feet (a journal's name, the article's short title, a
  page number) repeat at the top or the bottom of most pages, and are not part of the text.
- :func:`paragraph_starts`: a page's lines are the layout's, not paragraphs. In justified text
  only a paragraph's last line falls short of the column's width, so a line starts a paragraph
  after a short line that ends a sentence, or after a short line outside a clause when it does
  not start in lower case (a heading, a title, a table row), or when it is a heading itself or
  opens a caption or a bulleted item; otherwise it continues the paragraph, also across a page
  break.
- :func:`footnotes`: footnotes stand at a page's bottom in a smaller type than the text.
- :func:`join_hyphenated`: a word split over two lines by a hyphen at the line end. It is joined
  without the hyphen where the word was hyphenated by the break (``treat-`` + ``ment``) and with it
  where the hyphen is the word's own (``long-`` + ``term`` when the document writes "long-term",
  or writes "long" and "term" but never "longterm"; ``hand-foot-and-`` + ``mouth``; ``HIV-`` +
  ``1``); the document's own words decide, and a lower-case continuation of letters with no
  evidence either way is taken as hyphenated by the break, the common case in justified text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from rag.ingest.structure import KNOWN_HEADINGS

#: How many lines at the top and at the bottom of a page may be running heads or feet.
_EDGE_LINES = 2
#: A longer line is text, not a running head.
_RUNNING_MAX_CHARS = 120
#: A line that is only a page number ("4", "Page 4", "4 of 12", "- 4 -").
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-–—\s]*$", re.I)
_DIGITS = re.compile(r"\d+")
#: A line ends a sentence: terminal punctuation, then closing quotes or brackets and citation
#: numbers ("... as reported.12,13").
_SENTENCE_END = re.compile(r"[.!?:][\"”’)\]]*(?:\d+(?:[,–-]\d+)*)?$")
_OPENS_BLOCK = re.compile(r"^(?:[•▪●◦‣-]\s|(?:Table|Figure|Fig\.|Box)\s*[A-Z]?\d+\b)")
#: A line shorter than this share of the column's width may end a paragraph.
_SHORT = 0.85
_MID_CLAUSE = ("-", ",", ";")
#: Footnote type is smaller than this share of the page's text type.
_FOOTNOTE_SIZE = 0.9
#: A heading is shorter than this share of the column's width.
_HEADING_SHARE = 0.6
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_TAIL = re.compile(r"([^\W\d_]+)-$")
#: A line ending inside a hyphenated compound ("hand-foot-and-").
_COMPOUND_TAIL = re.compile(r"[^\W\d_]-[^\W\d_]+-$")
_HEAD = re.compile(r"^([^\W\d_]+)")


def _edges(lines: Sequence[str]) -> list[int]:
    """Indices of the lines at a page's edges (the first and last ``_EDGE_LINES``) short enough
    to be running heads or feet; none on a page of one line."""
    count = len(lines)
    if count < 2:
        return []
    edges = {*range(min(_EDGE_LINES, count)), *range(max(count - _EDGE_LINES, 0), count)}
    return sorted(i for i in edges if len(lines[i]) <= _RUNNING_MAX_CHARS)


def running_lines(pages: Sequence[Sequence[str]]) -> set[tuple[int, int]]:
    """The ``(page index, line index)`` of every running head, running foot and page number.

    A short line at a page's top or bottom edge is running when the same line, digits aside,
    stands at an edge of at least half the pages with text (and of two at least); a line there
    that is only a page number is running on any page. A page of one line keeps it.

    Args:
        pages: Each page's non-blank lines, in order.
    """
    keys: Counter[str] = Counter()
    for lines in pages:
        keys.update({_DIGITS.sub("#", lines[i].lower()) for i in _edges(lines)})
    with_text = sum(1 for lines in pages if lines)
    needed = max(2, (with_text + 1) // 2)
    found: set[tuple[int, int]] = set()
    for page, lines in enumerate(pages):
        for i in _edges(lines):
            line = lines[i]
            if _PAGE_NUMBER.match(line) or keys[_DIGITS.sub("#", line.lower())] >= needed:
                found.add((page, i))
    return found


def _column_width(lines: Sequence[str]) -> int:
    """A page's typical full line length: the 75th percentile of its line lengths."""
    lengths = sorted(len(line) for line in lines)
    return lengths[(len(lengths) * 3) // 4] if lengths else 0


def _ends_paragraph(line: str, width: int, following: str) -> bool:
    """Whether ``line`` ends its paragraph: it is short of the column's width and ends a sentence,
    or ends outside a clause with ``following`` not starting in lower case (a heading, a title)."""
    if len(line) >= _SHORT * width:
        return False
    if _SENTENCE_END.search(line):
        return True
    lower = following[:1].islower() and not following.startswith(("http", "www."))
    return not line.endswith(_MID_CLAUSE) and not lower


def _is_heading(line: str, width: int, following: str | None) -> bool:
    """A heading: a known section name, or a short capitalised line outside a sentence that a
    line not in lower case follows."""
    if line.rstrip(".:").strip().lower() in KNOWN_HEADINGS:
        return True
    return (
        len(line) < _HEADING_SHARE * width
        and line[:1].isupper()
        and not line.endswith((*_MID_CLAUSE, ".", ":", "!", "?"))
        and (following is None or not following[:1].islower())
    )


def paragraph_starts(pages: Sequence[Sequence[str]]) -> list[list[bool]]:
    """For each line of each page, whether it starts a paragraph (see the module docstring).

    Args:
        pages: Each page's lines, in reading order, without running heads and feet.
    """
    flat = [(line, _column_width(lines)) for lines in pages for line in lines]
    starts = []
    for i, (line, width) in enumerate(flat):
        following = flat[i + 1][0] if i + 1 < len(flat) else None
        starts.append(
            i == 0
            or _ends_paragraph(flat[i - 1][0], flat[i - 1][1], line)
            or bool(_OPENS_BLOCK.match(line))
            or _is_heading(line, width, following)
        )
    out: list[list[bool]] = []
    for lines in pages:
        out.append(starts[: len(lines)])
        del starts[: len(lines)]
    return out


def footnotes(lines: Sequence[str], sizes: Sequence[float]) -> tuple[int, int]:
    """Where a page's footnotes stand, as ``(start, end)`` line indices: the lines at its bottom
    set in a type smaller than most of its text, page numbers after them left out; ``start ==
    end`` when there are none. A caption ("Figure 2. ...") is not a footnote.

    Args:
        lines: The page's lines, in reading order.
        sizes: Each line's type size (points; 0 where unknown).
    """
    weights: Counter[float] = Counter()
    for line, size in zip(lines, sizes, strict=True):
        weights[round(size, 1)] += len(line)
    end = len(lines)
    while end > 0 and (not lines[end - 1].strip() or _PAGE_NUMBER.match(lines[end - 1])):
        end -= 1
    if not weights:
        return end, end
    text_size = weights.most_common(1)[0][0]
    start = end
    while (
        start > 0
        and 0 < sizes[start - 1] < _FOOTNOTE_SIZE * text_size
        and not _OPENS_BLOCK.match(lines[start - 1])
    ):
        start -= 1
    return start, end


def vocabulary(lines: Sequence[str]) -> Counter[str]:
    """How often the text writes each word, hyphenated compounds counted as one word. The parts of
    a word split over a line end (the last word of a line ending in a hyphen, the first of the
    next line) are not words of the text and are left out."""
    counts: Counter[str] = Counter()
    broken = False
    for line in lines:
        found = _WORD.findall(line.lower())
        if broken:
            found = found[1:]
        broken = line.endswith("-")
        if broken:
            found = found[:-1]
        counts.update(found)
    return counts


def join_hyphenated(line: str, following: str, words: Counter[str]) -> str | None:
    """``line`` and ``following`` as one line when ``line`` ends in a hyphen that splits a word
    over them, else None.

    Args:
        line: A line.
        following: The next line of the same paragraph.
        words: The document's words (:func:`vocabulary`).
    """
    if not line.endswith("-") or not following or not following[0].isalnum():
        return None
    tail = _TAIL.search(line)
    head = _HEAD.match(following)
    if tail is None or head is None:
        # A digit follows (HIV-1) or no letters precede: the hyphen stays.
        return line + following if line[-2:-1].isalnum() else None
    left, right = tail.group(1).lower(), head.group(1).lower()
    if not head.group(1)[0].islower():
        # A capital follows: the hyphen stays (SARS-CoV) unless the document writes the word
        # joined more often (a typesetter breaks BtCoV as Bt-CoV).
        joined = words[left + right] > words[f"{left}-{right}"]
        return line[:-1] + following if joined else line + following
    compound = _COMPOUND_TAIL.search(line) is not None
    if compound or words[f"{left}-{right}"] > words[left + right]:
        return line + following
    if words[left + right] == 0 and words[left] > 0 and words[right] > 0:
        return line + following  # two words of the document, never written as one
    return line[:-1] + following
