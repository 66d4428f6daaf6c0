"""The append-only term matrix under the BM25 index."""

from pathlib import Path

import numpy as np

from rag.retrieval.postings import Postings


def _column(postings: Postings, term: str) -> dict[int, int]:
    rows, counts = postings.column(term)
    return dict(zip(rows.tolist(), counts.tolist(), strict=True))


def test_rows_append_in_segments_and_the_old_matrix_is_unchanged() -> None:
    first = Postings.empty().appended([["remission", "rate", "rate"], ["survival"]])
    second = first.appended([["rate", "relapse"]])
    assert len(second.segments) == 2 and second.rows == 3
    assert _column(second, "rate") == {0: 2, 2: 1}
    assert _column(first, "rate") == {0: 2} and "relapse" not in first.vocabulary
    columns, counts = second.row(2)
    assert sorted(second.terms[c] for c in columns) == ["rate", "relapse"]
    assert counts.tolist() == [1, 1]
    assert _column(second, "unknown") == {}
    assert sorted(second.items()) == [
        (0, "rate", 2), (0, "remission", 1), (1, "survival", 1), (2, "rate", 1), (2, "relapse", 1),
    ]  # fmt: skip


def test_compaction_drops_rows_and_unused_terms() -> None:
    postings = Postings.empty().appended([["a1", "b2"], ["c3"]]).appended([["a1", "d4"]])
    compact = postings.compacted(np.array([True, False, True]))
    assert len(compact.segments) == 1 and compact.rows == 2
    assert sorted(compact.terms) == ["a1", "b2", "d4"]
    assert _column(compact, "a1") == {0: 1, 1: 1} and _column(compact, "c3") == {}


def test_saved_segments_are_linked_into_the_next_build(tmp_path: Path) -> None:
    first = Postings.empty().appended([["remission"]])
    (tmp_path / "r1").mkdir()
    described = first.save(tmp_path / "r1", None)
    second = first.appended([["relapse", "remission"]])
    (tmp_path / "r2").mkdir()
    again = second.save(tmp_path / "r2", tmp_path / "r1")
    assert again[0] == described[0]
    assert (tmp_path / "r2" / f"{described[0]['name']}.npz").stat().st_nlink == 2
    loaded = Postings.load(tmp_path / "r2", second.terms, again)
    assert sorted(loaded.items()) == sorted(second.items())
