from rag.ids import chunk_id, content_hash


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
