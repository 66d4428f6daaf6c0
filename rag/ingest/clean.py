"""Turn raw extracted text into a clean, structured document.

The steps, in order: normalise characters and line ends; drop web-page boilerplate; withhold
sentences addressed to AI systems (:mod:`rag.text.instructions`: a document is data, never
instructions, so they are neither evidence nor prompt text); reflow
token-per-line reference lists; drop blocks a page repeats immediately; recognise headings,
captions, tables, references and languages; assemble the text with exact block and section spans.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rag.ids import document_hash
from rag.ingest import layout
from rag.ingest.boilerplate import is_boilerplate
from rag.ingest.references import find_token_runs, reflow_entries
from rag.ingest.repeats import drop_immediate_repeats
from rag.ingest.structure import LineInfo, classify
from rag.text.instructions import without_instructions
from rag.types import Block, CleanDocument, DocumentMeta, PageSpan, Section

#: Zero-width and bidirectional controls, soft hyphens and Unicode tag characters (invisible).
_INVISIBLE = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\u00ad\U000e0000-\U000e007f]"
)
_SPACES = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


#: Where a line's pages start: ``(offset in the line, page number)`` pairs, the first at offset 0;
#: empty in a file without pages.
Turns = tuple[tuple[int, int], ...]


@dataclass
class _Lines:
    """Non-blank lines and, for each, whether a paragraph break (blank line) preceded it, the
    pages it stands on and whether it is a footnote."""

    text: list[str] = field(default_factory=list)
    breaks: list[bool] = field(default_factory=list)
    pages: list[Turns] = field(default_factory=list)
    notes: list[bool] = field(default_factory=list)

    def add(self, text: str, starts_paragraph: bool, page: Turns, *, note: bool = False) -> None:
        """Append one line."""
        self.text.append(text)
        self.breaks.append(starts_paragraph)
        self.pages.append(page)
        self.notes.append(note)

    def extend(self, other: _Lines, start: int, end: int) -> None:
        """Append ``other``'s lines ``[start, end)``."""
        self.text.extend(other.text[start:end])
        self.breaks.extend(other.breaks[start:end])
        self.pages.extend(other.pages[start:end])
        self.notes.extend(other.notes[start:end])

    def join(self, text: str, page: int, words: Counter[str]) -> None:
        """Append ``text``, standing on ``page``, to the last line as the same paragraph (a word
        hyphenated at the line end joined, see :func:`rag.ingest.layout.join_hyphenated`)."""
        previous = self.text[-1]
        whole = layout.join_hyphenated(previous, text, words)
        joined = whole if whole is not None else f"{previous} {text}"
        turns = self.pages[-1]
        if turns[-1][1] != page:
            turns = (*turns, (len(joined) - len(text), page))
        self.text[-1], self.pages[-1] = joined, turns


def normalise(raw: str) -> str:
    """Unicode NFC, Unix line ends, no invisible characters, single spaces, trimmed lines."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def _split_lines(text: str) -> _Lines:
    """The non-blank, non-boilerplate lines of normalised ``text``, without pages."""
    lines = _Lines()
    pending_break = False
    for line in text.split("\n"):
        if not line or is_boilerplate(line):
            pending_break = True
            continue
        lines.add(line, pending_break, ())
        pending_break = False
    return lines


def _paged_lines(pages: Sequence[str]) -> list[list[tuple[str, bool]]]:
    """Each page's lines with whether a blank line preceded each, running lines left out."""
    split = [_split_lines(normalise(page)) for page in pages]
    running = layout.running_lines([page.text for page in split])
    return [
        [(text, brk) for i, (text, brk) in enumerate(zip(page.text, page.breaks, strict=True))
         if (index, i) not in running]
        for index, page in enumerate(split)
    ]  # fmt: skip


def _split_pages(pages: Sequence[str], footnotes: Sequence[str]) -> _Lines:
    """A paged file's paragraphs, each as one line, from its pages' layout lines
    (:mod:`rag.ingest.layout`): running heads, feet and page numbers dropped, the lines of a
    paragraph joined (a paragraph may run on over a page break), words hyphenated at line ends
    joined, and each line's pages recorded from 1. A page's footnotes (``footnotes[i]`` for page
    ``i + 1``) follow the paragraph that is running when the page ends."""
    body = _paged_lines(pages)
    notes = [_split_lines(normalise(text)).text for text in footnotes] or [[] for _ in pages]
    starts = layout.paragraph_starts([[text for text, _ in page] for page in body])
    note_starts = layout.paragraph_starts(notes)
    words = layout.vocabulary([text for page in body for text, _ in page])
    lines, pending = _Lines(), _Lines()
    for number, page in enumerate(body, 1):
        for (text, blank_before), starts_paragraph in zip(page, starts[number - 1], strict=True):
            if not lines.text or starts_paragraph or blank_before:
                lines.extend(pending, 0, len(pending.text))
                pending = _Lines()
                lines.add(text, bool(lines.text), ((0, number),))
            else:
                lines.join(text, number, words)
        for text, starts_note in zip(notes[number - 1], note_starts[number - 1], strict=True):
            if starts_note or not pending.text:
                pending.add(text, True, ((0, number),), note=True)
            else:
                pending.join(text, number, words)
    lines.extend(pending, 0, len(pending.text))
    return lines


def _withhold_instructions(lines: _Lines) -> tuple[_Lines, list[str]]:
    """The lines without their sentences addressed to AI systems, and those sentences."""
    out = _Lines()
    withheld: list[str] = []
    pending_break = False
    for index, (text, starts_paragraph, page) in enumerate(
        zip(lines.text, lines.breaks, lines.pages, strict=True)
    ):
        kept, removed = without_instructions(text)
        withheld.extend(removed)
        if not kept:
            pending_break = pending_break or starts_paragraph
            continue
        # A line that lost a sentence is kept on its first page.
        turns = page if kept == text else page[:1]
        out.add(kept, starts_paragraph or pending_break, turns, note=lines.notes[index])
        pending_break = False
    return out, withheld


def _reflow_references(lines: _Lines) -> tuple[_Lines, set[int]]:
    runs = find_token_runs(lines.text, lines.breaks)
    out = _Lines()
    references: set[int] = set()
    cursor = 0
    for start, end in runs:
        out.extend(lines, cursor, start)
        for n, (first, entry) in enumerate(reflow_entries(lines.text[start:end])):
            references.add(len(out.text))
            out.add(entry, n == 0, lines.pages[start + first][:1])
        cursor = end
    out.extend(lines, cursor, len(lines.text))
    return out, references


def _drop_repeats(lines: _Lines, references: set[int]) -> tuple[_Lines, set[int]]:
    keep = drop_immediate_repeats(lines.text)
    kept = _Lines()
    for i in keep:
        kept.add(lines.text[i], lines.breaks[i], lines.pages[i], note=lines.notes[i])
    return kept, {new for new, old in enumerate(keep) if old in references}


def _separator(previous: LineInfo, current: LineInfo) -> str:
    if current.continues_paragraph:
        return "\n"
    same_list = current.kind == previous.kind and current.kind in ("row", "reference")
    return "\n" if same_list and not current.opens_section else "\n\n"


def _add_pages(pages: list[PageSpan], text: str, start: int, turns: Turns) -> None:
    """Extend ``pages`` with the line ``text`` standing at ``start`` on the pages of ``turns``."""
    for n, (offset, number) in enumerate(turns):
        end = turns[n + 1][0] if n + 1 < len(turns) else len(text)
        part = text[offset:end]
        first = start + offset + len(part) - len(part.lstrip())
        last = start + offset + len(part.rstrip())
        if pages and pages[-1].number == number:
            pages[-1].end = last
        else:
            pages.append(PageSpan(number=number, start=first, end=last))


def _assemble(meta: DocumentMeta, infos: list[LineInfo], line_pages: list[Turns]) -> CleanDocument:
    parts: list[str] = []
    sections: list[Section] = []
    blocks: list[Block] = []
    pages: list[PageSpan] = []
    offset = 0
    for index, (info, turns) in enumerate(zip(infos, line_pages, strict=True)):
        if index:
            separator = _separator(infos[index - 1], info)
            parts.append(separator)
            offset += len(separator)
        start, offset = offset, offset + len(info.text)
        parts.append(info.text)
        _add_pages(pages, info.text, start, turns)
        if info.opens_section or not sections:
            sections.append(
                Section(
                    title=info.section_title,
                    kind=info.section_kind,
                    language=info.language,
                    start=start,
                    end=offset,
                )
            )
        sections[-1].end = offset
        if info.continues_paragraph and blocks:
            blocks[-1].end = offset
        else:
            blocks.append(Block(kind=info.kind, start=start, end=offset, section=len(sections) - 1))
    text = "".join(parts)
    digest = document_hash(meta.model_dump_json(), text, [(p.number, p.start) for p in pages])
    return CleanDocument(
        meta=meta, text=text, sections=sections, blocks=blocks, content_hash=digest, pages=pages
    )


def _no_deadline() -> None:
    return None


def clean_document(
    raw: str | Sequence[str],
    meta: DocumentMeta,
    headings: frozenset[str] = frozenset(),
    check_time: Callable[[], None] = _no_deadline,
    footnotes: Sequence[str] = (),
) -> CleanDocument:
    """Clean ``raw`` text into a structured document.

    Args:
        raw: The text as extracted from the file, or a paged file's text page by page (the
            document then records which pages its text stands on, numbered from 1, and the
            layout's running heads and line-end hyphens are repaired).
        footnotes: A paged file's footnotes, page by page: each becomes a paragraph of a
            "Footnotes" section after the paragraph running where its page ends.
        meta: Bibliographic metadata; an empty title is filled from a detected title line.
        headings: Lines the source format declares as headings (Markdown).
        check_time: Called between the steps; raises when the document's time is up
            (:meth:`rag.ingest.limits.DocumentBudget.check_time`).

    Returns:
        The cleaned document. Its ``content_hash`` covers the text and the metadata.
    """
    split = _split_lines(normalise(raw)) if isinstance(raw, str) else _split_pages(raw, footnotes)
    lines, withheld = _withhold_instructions(split)
    check_time()
    lines, references = _reflow_references(lines)
    check_time()
    lines, references = _drop_repeats(lines, references)
    check_time()
    footnote_lines = {i for i, note in enumerate(lines.notes) if note}
    infos = classify(lines.text, lines.breaks, references, headings, footnote_lines)
    check_time()
    if not meta.title:
        title = next((i.text for i in infos if i.section_kind == "front"), "")
        meta = meta.model_copy(update={"title": title})
    return _assemble(meta, infos, lines.pages).model_copy(update={"withheld": withheld})
