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
from collections.abc import Callable
from dataclasses import dataclass

from rag.ids import document_hash
from rag.ingest.boilerplate import is_boilerplate
from rag.ingest.references import find_token_runs, reflow_entries
from rag.ingest.repeats import drop_immediate_repeats
from rag.ingest.structure import LineInfo, classify
from rag.text.instructions import without_instructions
from rag.types import Block, CleanDocument, DocumentMeta, Section

#: Zero-width and bidirectional controls, soft hyphens and Unicode tag characters (invisible).
_INVISIBLE = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\u00ad\U000e0000-\U000e007f]"
)
_SPACES = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


@dataclass
class _Lines:
    """Non-blank lines and, for each, whether a paragraph break (blank line) preceded it."""

    text: list[str]
    breaks: list[bool]


def normalise(raw: str) -> str:
    """Unicode NFC, Unix line ends, no invisible characters, single spaces, trimmed lines."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def _split_lines(text: str) -> _Lines:
    lines = _Lines([], [])
    pending_break = False
    for line in text.split("\n"):
        if not line or is_boilerplate(line):
            pending_break = True
            continue
        lines.text.append(line)
        lines.breaks.append(pending_break)
        pending_break = False
    return lines


def _withhold_instructions(lines: _Lines) -> tuple[_Lines, list[str]]:
    """The lines without their sentences addressed to AI systems, and those sentences."""
    out = _Lines([], [])
    withheld: list[str] = []
    pending_break = False
    for text, starts_paragraph in zip(lines.text, lines.breaks, strict=True):
        kept, removed = without_instructions(text)
        withheld.extend(removed)
        if not kept:
            pending_break = pending_break or starts_paragraph
            continue
        out.text.append(kept)
        out.breaks.append(starts_paragraph or pending_break)
        pending_break = False
    return out, withheld


def _reflow_references(lines: _Lines) -> tuple[_Lines, set[int]]:
    runs = find_token_runs(lines.text, lines.breaks)
    out = _Lines([], [])
    references: set[int] = set()
    cursor = 0
    for start, end in runs:
        out.text.extend(lines.text[cursor:start])
        out.breaks.extend(lines.breaks[cursor:start])
        for n, entry in enumerate(reflow_entries(lines.text[start:end])):
            references.add(len(out.text))
            out.text.append(entry)
            out.breaks.append(n == 0)
        cursor = end
    out.text.extend(lines.text[cursor:])
    out.breaks.extend(lines.breaks[cursor:])
    return out, references


def _drop_repeats(lines: _Lines, references: set[int]) -> tuple[_Lines, set[int]]:
    keep = drop_immediate_repeats(lines.text)
    kept = _Lines([lines.text[i] for i in keep], [lines.breaks[i] for i in keep])
    return kept, {new for new, old in enumerate(keep) if old in references}


def _separator(previous: LineInfo, current: LineInfo) -> str:
    if current.continues_paragraph:
        return "\n"
    same_list = current.kind == previous.kind and current.kind in ("row", "reference")
    return "\n" if same_list and not current.opens_section else "\n\n"


def _assemble(meta: DocumentMeta, infos: list[LineInfo]) -> CleanDocument:
    parts: list[str] = []
    sections: list[Section] = []
    blocks: list[Block] = []
    offset = 0
    for index, info in enumerate(infos):
        if index:
            separator = _separator(infos[index - 1], info)
            parts.append(separator)
            offset += len(separator)
        start, offset = offset, offset + len(info.text)
        parts.append(info.text)
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
    digest = document_hash(meta.model_dump_json(), text)
    return CleanDocument(
        meta=meta, text=text, sections=sections, blocks=blocks, content_hash=digest
    )


def _no_deadline() -> None:
    return None


def clean_document(
    raw: str,
    meta: DocumentMeta,
    headings: frozenset[str] = frozenset(),
    check_time: Callable[[], None] = _no_deadline,
) -> CleanDocument:
    """Clean ``raw`` text into a structured document.

    Args:
        raw: The text as extracted from the file.
        meta: Bibliographic metadata; an empty title is filled from a detected title line.
        headings: Lines the source format declares as headings (Markdown).
        check_time: Called between the steps; raises when the document's time is up
            (:meth:`rag.ingest.limits.DocumentBudget.check_time`).

    Returns:
        The cleaned document. Its ``content_hash`` covers the text and the metadata.
    """
    lines, withheld = _withhold_instructions(_split_lines(normalise(raw)))
    check_time()
    lines, references = _reflow_references(lines)
    check_time()
    lines, references = _drop_repeats(lines, references)
    check_time()
    infos = classify(lines.text, lines.breaks, references, headings)
    check_time()
    if not meta.title:
        title = next((i.text for i in infos if i.section_kind == "front"), "")
        meta = meta.model_copy(update={"title": title})
    return _assemble(meta, infos).model_copy(update={"withheld": withheld})
