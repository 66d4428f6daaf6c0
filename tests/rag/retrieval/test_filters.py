from rag.retrieval.filters import Filters, allows, chroma_where
from rag.retrieval.sparse import ChunkInfo


def test_default_excludes_references_only() -> None:
    assert chroma_where(Filters()) == {"section_kind": {"$ne": "references"}}
    assert chroma_where(Filters(include_references=True)) is None


def test_clauses_combine_with_and() -> None:
    where = chroma_where(Filters(doc_ids=["a"], years=[2023], sections=["Results"]))
    assert where == {
        "$and": [
            {"doc_id": {"$in": ["a"]}},
            {"year": {"$in": [2023]}},
            {"section": {"$in": ["Results"]}},
            {"section_kind": {"$ne": "references"}},
        ]
    }


def test_allows_matches_the_chroma_clauses() -> None:
    body = ChunkInfo("a", 2023, "Results", "body")
    refs = ChunkInfo("a", 2023, "References", "references")
    assert allows(Filters(), body) and not allows(Filters(), refs)
    assert allows(Filters(include_references=True), refs)
    assert not allows(Filters(doc_ids=["b"]), body)
    assert not allows(Filters(years=[2024]), body)
    assert not allows(Filters(years=[2023]), ChunkInfo("a", None, "Results", "body"))
    assert allows(Filters(sections=["Results"]), body)
