"""Recognise a paper's front matter by a sentence's own text (pure functions).

Author lists, affiliations, citation lines with a DOI, addresses, bare dates and labelled fields
("Received: ...") open many papers. Chunking keeps them in the text, where they sit in the
abstract's chunk and score as candidate answers ("Clin Cancer Res. 2025 Aug 11. doi: ..." is
no answer to anything asked of the trial); the answer scorer's ``front_matter`` feature uses
:func:`is_front_matter` to know them wherever they stand.
"""

from __future__ import annotations

import re

_DOI = re.compile(r"\b(?:doi\s*:?\s*)?10\.\d{4,9}/\S", re.IGNORECASE)
#: Year;volume:pages, bounded repeats so the search stays linear in the text's length.
_CITATION = re.compile(r"\b(?:19|20)\d{2} ?; ?\d{1,6}(?: ?\([^)]{0,40}\))? ?: ?[\w-]+")
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
#: Running text is at least this long and ends like a sentence; front matter other than an
#: author list or a labelled field is shorter.
_PROSE_MIN_CHARS = 200
_SENTENCE_END = re.compile(r"[.!?)\]](?:\d+(?:[,–-]\d+)*)?$")
_AFFILIATION_MAX_WORDS = 30


def is_byline(text: str) -> bool:
    """A list of author names: three or more capitalised names of up to four words, separated
    by commas or semicolons ("Dumbrava Ecaterina E, Stinchcombe Thomas E, ..."), any length."""
    names = [n.strip() for n in re.split(r"[,;]", text.strip().rstrip(".")) if n.strip()]
    named = sum(bool(_NAME.match(n)) and any(c.islower() for c in n) for n in names)
    return len(names) >= 3 and named >= 0.8 * len(names)


def is_affiliation(text: str) -> bool:
    """An affiliation: a short text naming an institution, its words capitalised like a name
    ("Duke Cancer Institute, Durham, North Carolina, United States.")."""
    words = [w for w in _WORD.findall(text) if len(w) > 3]
    capitalised = sum(1 for w in words if w[0].isupper())
    return (
        bool(_AFFILIATION.search(text))
        and len(text.split()) <= _AFFILIATION_MAX_WORDS
        and capitalised >= 0.7 * len(words)
    )


def is_front_matter(text: str) -> bool:
    """Whether ``text`` (a sentence or a line) is front matter: a labelled field, an author
    list, or, short of running text, a citation line with a DOI or volume and pages, an
    address, a bare date or an affiliation. A sentence of running text that cites a DOI is
    not."""
    text = text.strip()
    if _FIELD.match(text) or is_byline(text):  # author lists run long
        return True
    if len(text) >= _PROSE_MIN_CHARS and _SENTENCE_END.search(text):
        return False
    if _DOI.search(text) or _CITATION.search(text) or _ADDRESS.match(text):
        return True
    return bool(_DATE.match(text)) or is_affiliation(text)
