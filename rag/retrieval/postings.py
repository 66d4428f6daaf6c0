"""A term matrix that grows by appending rows: the storage under the BM25 index.

Rows are chunks, columns are terms, values are counts. Rows are only ever appended, in
*segments* (one per update); a removed row stays until :meth:`Postings.compacted` drops it, and
whoever owns the matrix keeps the mask of live rows. A segment never changes once made, so an
updated matrix shares its old segments with the one it came from: readers of the old one are not
disturbed, and a saved segment is linked into the next build rather than written again.

Column access (all rows holding a term) serves search; row access (all terms of one row) serves
the corpus statistics. Each segment keeps both orientations of its (small) matrix.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
from scipy import sparse

from rag.stores.builds import read_arrays, reuse_or_write


def _name() -> str:
    return uuid.uuid4().hex[:16]


@dataclass(frozen=True)
class Segment:
    """Rows ``offset ..`` of the matrix, over the columns known when it was made."""

    name: str
    offset: int
    by_term: sparse.csc_matrix
    by_row: sparse.csr_matrix

    @property
    def rows(self) -> int:
        """How many rows the segment holds."""
        return int(self.by_row.shape[0])

    @classmethod
    def of(cls, offset: int, matrix: sparse.spmatrix, name: str | None = None) -> Segment:
        """A segment of ``matrix`` (rows by columns) starting at global row ``offset``."""
        csr = sparse.csr_matrix(matrix, dtype=np.int32)
        csr.sort_indices()
        return cls(name or _name(), offset, csr.tocsc(), csr)


class Postings:
    """Counts of terms by row, in append-only segments (see the module docstring)."""

    def __init__(
        self,
        terms: list[str],
        segments: Sequence[Segment],
        vocabulary: dict[str, int] | None = None,
    ) -> None:
        """Wrap the terms (by column) and segments; use ``empty``, ``appended`` and ``load``."""
        self.terms = terms
        self.segments = tuple(segments)
        self.vocabulary = (
            vocabulary if vocabulary is not None else {t: i for i, t in enumerate(terms)}
        )

    @classmethod
    def empty(cls) -> Postings:
        """No rows, no terms."""
        return cls([], ())

    @property
    def rows(self) -> int:
        """How many rows (live or not) the matrix holds."""
        return sum(segment.rows for segment in self.segments)

    def appended(self, rows: Sequence[Sequence[str]]) -> Postings:
        """A matrix with one more segment: a row per token list (repeats are counted)."""
        if not rows:
            return self
        vocabulary = dict(self.vocabulary)
        terms = list(self.terms)
        indptr = [0]
        indices: list[int] = []
        counts: list[int] = []
        for tokens in rows:
            row: dict[int, int] = {}
            for token in tokens:
                column = vocabulary.get(token)
                if column is None:
                    column = vocabulary[token] = len(terms)
                    terms.append(token)
                row[column] = row.get(column, 0) + 1
            indices += row
            counts += row.values()
            indptr.append(len(indices))
        matrix = sparse.csr_matrix(
            (np.asarray(counts, np.int32), np.asarray(indices, np.int32), np.asarray(indptr)),
            shape=(len(rows), len(vocabulary)),
        )
        return Postings(terms, (*self.segments, Segment.of(self.rows, matrix)), vocabulary)

    def column(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The global rows holding ``term`` and their counts (empty arrays for an unknown term)."""
        column = self.vocabulary.get(term)
        rows: list[np.ndarray] = []
        counts: list[np.ndarray] = []
        if column is not None:
            for segment in self.segments:
                matrix = segment.by_term
                if column < matrix.shape[1]:
                    start, end = matrix.indptr[column], matrix.indptr[column + 1]
                    rows.append(matrix.indices[start:end].astype(np.int64) + segment.offset)
                    counts.append(matrix.data[start:end])
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int32)
        return np.concatenate(rows), np.concatenate(counts)

    def row(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """The columns of global row ``row`` and their counts."""
        for segment in self.segments:
            if segment.offset <= row < segment.offset + segment.rows:
                matrix = segment.by_row
                local = row - segment.offset
                start, end = matrix.indptr[local], matrix.indptr[local + 1]
                return matrix.indices[start:end], matrix.data[start:end]
        raise IndexError(row)

    def items(self) -> Iterator[tuple[int, str, int]]:
        """Every ``(row, term, count)``."""
        for segment in self.segments:
            coo = segment.by_row.tocoo()
            for r, c, n in zip(coo.row, coo.col, coo.data, strict=True):
                yield int(r) + segment.offset, self.terms[int(c)], int(n)

    def compacted(self, keep: np.ndarray) -> Postings:
        """One segment holding the rows where ``keep`` is true, in order, over the terms they
        use (columns renumbered)."""
        width = len(self.terms)
        parts = [
            sparse.csr_matrix(
                (s.by_row.data, s.by_row.indices, s.by_row.indptr), shape=(s.rows, width)
            )
            for s in self.segments
        ]
        if not parts:
            return self
        matrix = sparse.vstack(parts, format="csr")[np.flatnonzero(keep)]
        used = np.flatnonzero(np.bincount(matrix.indices, minlength=width))
        matrix = matrix[:, used]
        terms = [self.terms[int(c)] for c in used]
        return Postings(terms, (Segment.of(0, matrix),) if matrix.shape[0] else ())

    # -- files ---------------------------------------------------------------------------------

    def save(self, directory: Path, previous: Path | None) -> list[dict[str, int | str]]:
        """Write each segment into ``directory`` (linked from ``previous``, where an earlier
        build wrote it); return the segments' descriptions for the caller's sidecar.

        Raises:
            OSError: A file could not be written.
        """
        described: list[dict[str, int | str]] = []
        for segment in self.segments:
            matrix = segment.by_row
            arrays = {"data": matrix.data, "indices": matrix.indices, "indptr": matrix.indptr}
            reuse_or_write(directory / f"{segment.name}.npz", previous, partial(np.savez, **arrays))
            described.append(
                {"name": segment.name, "offset": segment.offset, "columns": segment.by_row.shape[1]}
            )
        return described

    @classmethod
    def load(
        cls, directory: Path, terms: list[str], described: list[dict[str, int | str]]
    ) -> Postings:
        """Read segments written by ``save``.

        Raises:
            OSError, ValueError, KeyError: A file is missing or unreadable.
        """
        segments = []
        for entry in described:
            name, offset, columns = str(entry["name"]), int(entry["offset"]), int(entry["columns"])
            arrays = read_arrays(directory / f"{name}.npz")
            indptr = arrays["indptr"]
            matrix = sparse.csr_matrix(
                (arrays["data"], arrays["indices"], indptr), shape=(len(indptr) - 1, columns)
            )
            segments.append(Segment.of(offset, matrix, name))
        return cls(terms, segments)
