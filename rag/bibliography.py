"""Reference lists of documents, for reference managers: BibTeX and RIS, from their metadata.

Pure functions of :class:`rag.types.DocumentMeta` (and :func:`document_metas`, which picks the
stored documents to export): a document with a journal (``source``) is a
journal article (``@article``, ``TY  - JOUR``), any other a generic work (``@misc``,
``TY  - GEN``). Only what the metadata states is written; a field it lacks is left out, never
invented, and a document without metadata still gets an entry under its display title. Each
document gets one key, the same in both formats: the first author's surname and the year
(``stein2023``), with ``a``, ``b``, … where several share one, else the document id.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import count
from typing import Literal
from urllib.parse import quote

from rag.errors import DocumentNotFoundError
from rag.types import CleanDocument, DocumentMeta, DocumentSummary

ReferenceFormat = Literal["bibtex", "ris"]

#: Characters with a meaning in a BibTeX field, and how each is written as itself. Braces are
#: written as commands, since BibTeX counts even an escaped brace when it balances a field.
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_ESCAPE = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIAL))
#: Initials after a surname, as in "Stein EM" or "Sluis I.M." (Vancouver style).
_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,4}$")
_VERBATIM_ESCAPE = re.compile(r"[{}\\ ]")
_RIS_EOL = "\r\n"


def _line(value: str) -> str:
    """``value`` on one line: every run of whitespace or control characters one space."""
    return " ".join(
        "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in value).split()
    )


def _split_name(name: str) -> tuple[str, str, bool]:
    """A name's surname, the rest, and whether its order is certain: "Smith, John" (a comma) and
    "Stein EM" (initials after the surname) are; in "Eytan M. Stein" the surname is taken to be
    the last word. Lower-case particles go with the surname ("van der Sluis IM")."""
    if "," in name:
        surname, _, given = name.partition(",")
        return surname.strip(), given.strip(), True
    words = name.split()
    if len(words) < 2:
        return name, "", True
    if _INITIALS.match(words[-1]):
        end = next((i for i, word in enumerate(words) if not word.islower()), 0) + 1
        return " ".join(words[:end]), " ".join(words[end:]), True
    start = len(words) - 1
    while start > 1 and words[start - 1].islower():
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start]), False


def _inverted(name: str) -> str:
    """A name as "Surname, Given" where its order is certain (the form BibTeX and RIS read
    without ambiguity), else as written."""
    surname, given, certain = _split_name(_line(name))
    if not certain:
        return _line(name)
    return f"{surname}, {given}" if given else surname


def _base_key(meta: DocumentMeta) -> str:
    """The first author's surname (letters only, accents dropped, lower case) and the year, or
    the document id when either is missing or the surname has no Latin letter."""
    if meta.authors and meta.year is not None:
        surname = _split_name(_line(meta.authors[0]))[0]
        folded = unicodedata.normalize("NFKD", surname).encode("ascii", "ignore").decode()
        letters = re.sub(r"[^A-Za-z]", "", folded).lower()
        if letters:
            return f"{letters}{meta.year}"
    return meta.doc_id


def _suffix(number: int) -> str:
    """``a`` … ``z``, then ``aa``, ``ab``, …"""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def citation_keys(metas: Sequence[DocumentMeta]) -> list[str]:
    """One unique key per document, in order: :func:`_base_key`, with ``a``, ``b``, … appended
    (in document id order, so the order of ``metas`` does not change them) where several share
    one."""
    bases = [_base_key(meta) for meta in metas]
    shared = Counter(bases)
    used = {base for base in bases if shared[base] == 1}
    keys = {i: base for i, base in enumerate(bases) if shared[base] == 1}
    clashing = sorted(
        (base, meta.doc_id, index)
        for index, (base, meta) in enumerate(zip(bases, metas, strict=True))
        if shared[base] > 1
    )
    for base, _, index in clashing:
        key = next(base + _suffix(n) for n in count() if base + _suffix(n) not in used)
        used.add(key)
        keys[index] = key
    return [keys[i] for i in range(len(metas))]


def _unique(metas: Sequence[DocumentMeta]) -> list[DocumentMeta]:
    """The documents, each once (the first entry of a repeated id)."""
    first: dict[str, DocumentMeta] = {}
    for meta in metas:
        first.setdefault(meta.doc_id, meta)
    return list(first.values())


def _bibtex_text(value: str) -> str:
    return _BIBTEX_ESCAPE.sub(lambda match: _BIBTEX_SPECIAL[match.group(0)], _line(value))


def _bibtex_name(name: str) -> str:
    """An author for BibTeX's ``author`` field; a name with " and " in it is braced whole, so
    that BibTeX does not split it into two."""
    text = _bibtex_text(_inverted(name))
    return f"{{{text}}}" if re.search(r"\sand\s", text, re.IGNORECASE) else text


def _verbatim(value: str) -> str:
    """A DOI for BibTeX's verbatim ``doi`` field: as written, but for braces, backslashes and
    spaces, percent-encoded (a brace would unbalance the entry)."""
    return _VERBATIM_ESCAPE.sub(lambda match: f"%{ord(match.group(0)):02X}", _line(value))


def doi_url(doi: str) -> str:
    """The resolver address of a DOI (``https://doi.org/10.…``)."""
    return "https://doi.org/" + quote(_line(doi), safe="/:;()[]-._~!$&'*+,=@")


def to_bibtex(metas: Sequence[DocumentMeta]) -> str:
    """The documents as BibTeX entries, in order (each document once), UTF-8 text kept as it is.

    The title is double-braced, so that styles keep its capitals (gene names, acronyms); authors
    are written "Surname, Given" where the name's order is certain; ``doi`` and ``url`` (its
    resolver address) where a DOI is stated.
    """
    metas = _unique(metas)
    entries: list[str] = []
    for meta, key in zip(metas, citation_keys(metas), strict=True):
        fields = [("title", "{" + _bibtex_text(meta.display_title) + "}")]
        if meta.authors:
            fields.append(("author", " and ".join(_bibtex_name(a) for a in meta.authors)))
        if meta.source:
            fields.append(("journal", _bibtex_text(meta.source)))
        if meta.year is not None:
            fields.append(("year", str(meta.year)))
        if meta.doi:
            fields.append(("doi", _verbatim(meta.doi)))
            fields.append(("url", doi_url(meta.doi)))
        kind = "article" if meta.source else "misc"
        body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
        entries.append(f"@{kind}{{{key},\n{body}}}\n")
    return "\n".join(entries)


def to_ris(metas: Sequence[DocumentMeta]) -> str:
    """The documents as RIS records, in order (each document once), lines ending in CRLF.

    ``TY`` (``JOUR`` with a journal, else ``GEN``), ``ID`` (the BibTeX key), ``TI``, one ``AU``
    per author ("Surname, Given" where the name's order is certain), ``PY``, the journal as ``T2``
    and ``JO``, ``DO`` and ``UR`` (the DOI's resolver address), then ``ER``.
    """
    metas = _unique(metas)
    records: list[str] = []
    for meta, key in zip(metas, citation_keys(metas), strict=True):
        lines = [("TY", "JOUR" if meta.source else "GEN"), ("ID", key)]
        lines.append(("TI", _line(meta.display_title)))
        lines.extend(("AU", _inverted(author)) for author in meta.authors)
        if meta.year is not None:
            lines.append(("PY", str(meta.year)))
        if meta.source:
            lines.extend([("T2", _line(meta.source)), ("JO", _line(meta.source))])
        if meta.doi:
            lines.extend([("DO", _line(meta.doi)), ("UR", doi_url(meta.doi))])
        lines.append(("ER", ""))
        records.append("".join(f"{tag}  - {value}{_RIS_EOL}" for tag, value in lines))
    return _RIS_EOL.join(records)


def references(metas: Sequence[DocumentMeta], kind: ReferenceFormat) -> str:
    """The documents in the format ``kind`` (:func:`to_bibtex` or :func:`to_ris`)."""
    return to_bibtex(metas) if kind == "bibtex" else to_ris(metas)


def document_metas(
    summaries: Sequence[DocumentSummary],
    load: Callable[[str], CleanDocument | None],
    doc_ids: Sequence[str] | None = None,
) -> list[DocumentMeta]:
    """The metadata of stored documents, to export.

    Args:
        summaries: The stored documents.
        load: The archived cleaned document of an id (None when it is not archived: the entry
            then has the stored title alone).
        doc_ids: Which documents, in this order (each once); every stored one when None or empty.

    Raises:
        DocumentNotFoundError: An id in ``doc_ids`` is not stored; the message names each.
    """
    stored = {summary.doc_id: summary for summary in summaries}
    wanted = list(dict.fromkeys(doc_ids)) if doc_ids else list(stored)
    unknown = [doc_id for doc_id in wanted if doc_id not in stored]
    if unknown:
        names = ", ".join(repr(doc_id) for doc_id in unknown[:10])
        raise DocumentNotFoundError(
            f"no document {names}" if len(unknown) == 1 else f"no documents {names}"
        )
    metas: list[DocumentMeta] = []
    for doc_id in wanted:
        document = load(doc_id)
        title = stored[doc_id].title
        metas.append(document.meta if document else DocumentMeta(doc_id=doc_id, title=title))
    return metas
