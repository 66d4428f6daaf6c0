from rag.ids import MAX_DOC_ID_CHARS, chunk_id, content_hash, document_id


def test_content_hash_is_sha256() -> None:
    assert content_hash("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_chunk_id_depends_on_document_offset_and_text() -> None:
    base = chunk_id("h", 0, "text")
    assert base == chunk_id("h", 0, "text") and len(base) == 32
    assert (
        len({base, chunk_id("h2", 0, "text"), chunk_id("h", 1, "text"), chunk_id("h", 0, "t")}) == 4
    )


def test_document_ids_are_injective_and_their_own_ids() -> None:
    names = ["report", "report.v2", "α-trial", "β-trial", "trial", "My Paper (2024)", "a" * 300]
    ids = [document_id(name) for name in names]
    assert ids[:2] == ["report", "report.v2"] and ids[4] == "trial"
    assert len(set(ids)) == len(names)
    assert all(i is not None and len(i) <= MAX_DOC_ID_CHARS for i in ids)
    assert all(document_id(i) == i for i in ids if i is not None)
    assert document_id("α-trial") == "trial-" + content_hash("α-trial")[:8]
    assert document_id("---") is None
