"""Recognise the structure of cleaned lines: headings, captions, tables, references, front matter,
languages.

Every function here is pure and works line by line on text that boilerplate removal, reference
reflow and repeat removal have already seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.types import BlockKind, SectionKind

#: Section names used by scholarly texts, recognised as headings even when short context is missing.
KNOWN_HEADINGS = frozenset(
    {
        "abstract", "summary", "background", "introduction", "objective", "objectives", "aims",
        "methods", "materials and methods", "patients and methods", "study design", "results",
        "findings", "discussion", "conclusion", "conclusions", "interpretation", "limitations",
        "references", "bibliography", "acknowledgments", "acknowledgements", "funding",
        "question", "questions", "case presentation", "case report", "key points",
    }
)  # fmt: skip
_LABEL = re.compile(r"^([A-Z][A-Za-z ]{2,30}?)\s*:\s*(?=\S)")
#: A float's label ("Table 2", "Fig. S1"): its kind and its number.
_FLOAT_LABEL = r"^(Table|Figure|Fig\.|Supplementary Table|Box)\s*([A-Z]?\d+[A-Za-z]?)"
_FLOAT = re.compile(_FLOAT_LABEL + r"\s*[.:]?$")
_CAPTION = re.compile(_FLOAT_LABEL + r"\s*[.:|]\s+\S")
_CAPTION_MAX_CHARS = 400
#: Bounded repeats keep the search linear in a line's length, however the line is built.
_CITATION = re.compile(r"\b(?:19|20)\d{2} ?; ?\d{1,6}(?: ?\([^)]{0,40}\))? ?: ?[\w-]+|\bdoi: ?10\.")
#: Front matter of a paper: a DOI, an address, a labelled field ("Received: ..."), a bare date,
#: an institution, a name of an author list.
_DOI = re.compile(r"\b(?:doi\s*:?\s*)?10\.\d{4,9}/\S", re.IGNORECASE)
_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$")
_FIELD = re.compile(
    r"^(?:authors?|date|sha|doi|pmid|pmcid|keywords?|received|accepted|published|citation"
    r"|correspondence|affiliations?|copyright|license)\s*:",
    re.IGNORECASE,
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\.?$")
_AFFILIATION = re.compile(
    r"\b(?:University|Universit[éäà]|Institute|Institut|Hospital|Cancer Cent(?:er|re)"
    r"|Medical Cent(?:er|re)|College|Faculty|Department|School of|Laboratory|Clinic)\b"
)
_NAME = re.compile(r"^[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}$")
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_AFFILIATION_MAX_WORDS = 30
_BULLET = re.compile(r"^(?:[-•*]\s+|\[\d+\]\s*|\d+\.\s+)")
_TERMINAL = tuple('.!?。！？"”’)]')
_SENTENCE_END = re.compile(r'[.!?。！？"”’)\]](?:\d+(?:[,–-]\d+)*)?$')
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")
_PROSE_MIN_CHARS = 200
_HEADING_MAX_WORDS = 8
_HEADING_MAX_CHARS = 80
_TITLE_MAX_CHARS = 250


@dataclass(frozen=True)
class LineInfo:
    """A line with the structure recognised for it."""

    text: str
    kind: BlockKind
    section_title: str
    section_kind: SectionKind
    language: str
    opens_section: bool
    continues_paragraph: bool


def detect_language(text: str, default: str = "en") -> str:
    """Guess a line's language from its script: ``zh``, ``ja``, ``ko``, or ``default``.

    Scripts shared by many languages (Latin) cannot be told apart this way and get ``default``.
    """
    letters = len(_LETTER.findall(text))
    if not letters:
        return default
    if len(_HANGUL.findall(text)) / letters > 0.3:
        return "ko"
    if _KANA.search(text) and (len(_KANA.findall(text)) + len(_CJK.findall(text))) / letters > 0.3:
        return "ja"
    if len(_CJK.findall(text)) / letters > 0.3:
        return "zh"
    return default


def is_prose(line: str) -> bool:
    """A running-text paragraph: long, ending like a sentence (citation numbers may follow)."""
    return len(line) >= _PROSE_MIN_CHARS and bool(_SENTENCE_END.search(line.rstrip()))


def is_byline(line: str) -> bool:
    """A list of author names: three or more capitalised names of up to four words, separated
    by commas or semicolons ("Dumbrava Ecaterina E, Stinchcombe Thomas E, ..."), any length."""
    names = [n.strip() for n in re.split(r"[,;]", line.strip().rstrip(".")) if n.strip()]
    named = sum(bool(_NAME.match(n)) and any(c.islower() for c in n) for n in names)
    return len(names) >= 3 and named >= 0.8 * len(names)


def is_affiliation(line: str) -> bool:
    """An affiliation: a short line naming an institution, its words capitalised like a name
    ("Duke Cancer Institute, Durham, North Carolina, United States.")."""
    words = [w for w in _WORD.findall(line) if len(w) > 3]
    capitalised = sum(1 for w in words if w[0].isupper())
    return (
        bool(_AFFILIATION.search(line))
        and len(line.split()) <= _AFFILIATION_MAX_WORDS
        and capitalised >= 0.7 * len(words)
    )


def is_front_matter(line: str) -> bool:
    """Whether ``line`` (or a sentence) is a paper's front matter: a labelled field, an author
    list, or, short of running text (:func:`is_prose`), a citation line with a DOI or volume and
    pages, an address, a bare date or an affiliation. Chunking keeps these in the text, where
    they score as candidate answers ("Clin Cancer Res. 2025 Aug 11. doi: ..." answers nothing
    asked of the trial); the answer scorer's ``front_matter`` feature knows them by this
    wherever they stand. A sentence of running text that cites a DOI is not front matter."""
    text = line.strip()
    if _FIELD.match(text) or is_byline(text):  # author lists run long
        return True
    if is_prose(text):
        return False
    if _DOI.search(text) or _CITATION.search(text) or _ADDRESS.match(text):
        return True
    return bool(_DATE.match(text)) or is_affiliation(text)


def float_title(line: str) -> tuple[str, SectionKind] | None:
    """``("Table 2", "table")`` for a caption label line such as ``Table 2.``, else None."""
    match = _FLOAT.match(line.strip())
    if not match:
        return None
    label = match.group(1).replace("Fig.", "Figure")
    kind: SectionKind = "table" if "Table" in label else "figure"
    return f"{label} {match.group(2)}", kind


def caption_title(line: str) -> tuple[str, SectionKind] | None:
    """``("Table 2", "table")`` for a caption line that goes on after its label, such as
    ``Table 2: Responses by cohort``; None for a sentence that mentions a table."""
    match = _CAPTION.match(line.strip())
    if not match or len(line) > _CAPTION_MAX_CHARS:
        return None
    return float_title(f"{match.group(1)} {match.group(2)}")


def _is_known_heading(line: str) -> bool:
    return line.strip().rstrip(".:").strip().lower() in KNOWN_HEADINGS


def is_heading(line: str, next_line: str | None) -> bool:
    """A section heading: a known section name, or a short unpunctuated line before prose."""
    text = line.strip()
    if _is_known_heading(text):
        return True
    words = text.split()
    return (
        bool(words)
        and len(words) <= _HEADING_MAX_WORDS
        and len(text) <= _HEADING_MAX_CHARS
        and text[0].isupper()
        and not text.endswith((*_TERMINAL, ",", ";", ":"))
        and text.count(",") == 0
        and next_line is not None
        and is_prose(next_line)
    )


def is_title(line: str) -> bool:
    """A document title on the first line: headline-cased, unpunctuated, not a list of names."""
    text = line.strip()
    words = [w for w in re.findall(r"[^\W\d_][\w'-]*", text) if len(w) > 3]
    if not words or len(text) > _TITLE_MAX_CHARS or text.endswith((".", ",", ";", ":")):
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return text.count(",") <= 1 and capitalised / len(words) >= 0.6


def paragraph_label(line: str) -> str | None:
    """The label of a structured-abstract paragraph (``Methods: ...`` gives ``Methods``)."""
    match = _LABEL.match(line)
    if match and match.group(1).strip().lower() in KNOWN_HEADINGS:
        return match.group(1).strip()
    return None


def is_reference_line(line: str) -> bool:
    """A bibliography entry: a bulleted or numbered line citing year;volume:pages or a DOI."""
    return bool(_BULLET.match(line)) and bool(_CITATION.search(line))


def _primary_language(lines: list[str], languages: list[str]) -> str:
    """The language that covers the most characters."""
    totals: dict[str, int] = {}
    for line, language in zip(lines, languages, strict=True):
        totals[language] = totals.get(language, 0) + len(line)
    return max(totals, key=lambda language: totals[language]) if totals else "en"


def classify(
    lines: list[str],
    paragraph_breaks: list[bool],
    reference_lines: set[int],
    declared_headings: frozenset[str] = frozenset(),
    footnote_lines: set[int] | frozenset[int] = frozenset(),
) -> list[LineInfo]:
    """Assign every line a block kind, a section and a language.

    Args:
        lines: Cleaned, non-blank lines.
        paragraph_breaks: For each line, whether a blank line preceded it in the source.
        reference_lines: Indices of lines that are reflowed reference-list entries.
        declared_headings: Lines the source format marks as headings (Markdown ``#``).
        footnote_lines: Indices of lines that are a page's footnotes: a "Footnotes" section.

    Returns:
        One ``LineInfo`` per line, in order.
    """
    languages = [detect_language(line) for line in lines]
    primary = _primary_language(lines, languages)
    body_title = "Main text"
    current: tuple[str, SectionKind, str] = (body_title, "body", primary)
    in_float = False
    out: list[LineInfo] = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        lang = languages[i]
        kind: BlockKind = "paragraph"
        previous = current
        continues = False
        if i in footnote_lines:
            current, in_float = ("Footnotes", "body", lang), False
        elif i in reference_lines or is_reference_line(line):
            current, kind, in_float = ("References", "references", lang), "reference", False
        elif (floating := float_title(line)) is not None:
            current, kind, in_float = (floating[0], floating[1], lang), "heading", True
        elif (caption := caption_title(line)) is not None:
            current, in_float = (caption[0], caption[1], lang), True
        elif in_float and not is_prose(line) and not _is_known_heading(line):
            kind = "row"
        elif i == 0 and not _is_known_heading(line) and is_title(line):
            current, kind = ("Title", "front", lang), "heading"
        elif line in declared_headings or is_heading(line, nxt):
            body_title = line.strip().rstrip(".:").strip()
            current, kind, in_float = (body_title, "body", lang), "heading", False
        else:
            in_float = False
            label = paragraph_label(line)
            if label is not None:
                body_title = label
            title = body_title if lang == primary else f"Translation ({lang})"
            current = (title, "body", lang)
            prev = out[-1] if out else None
            continues = (
                prev is not None
                and prev.kind == "paragraph"
                and not paragraph_breaks[i]
                and label is None
                and previous == current
                and not prev.text.rstrip().endswith(_TERMINAL)
            )
        opens = kind == "heading" or current != previous or (kind == "reference" and not out)
        out.append(
            LineInfo(
                text=line,
                kind=kind,
                section_title=current[0],
                section_kind=current[1],
                language=current[2],
                opens_section=opens,
                continues_paragraph=continues,
            )
        )
    return out
