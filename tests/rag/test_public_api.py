import rag


def test_all_is_sorted_and_importable() -> None:
    assert rag.__all__ == sorted(rag.__all__)
    for name in rag.__all__:
        assert getattr(rag, name) is not None


def test_errors_form_one_tree() -> None:
    for name in rag.__all__:
        member = getattr(rag, name)
        if isinstance(member, type) and issubclass(member, Exception):
            assert issubclass(member, rag.RagError)
    assert rag.StoreUnavailableError.retryable and not rag.InputError.retryable
