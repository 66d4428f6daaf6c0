import subprocess
import sys

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


def test_importing_one_module_leaves_the_answering_stack_unloaded() -> None:
    """``citeqa --help`` and a module's own tests do not pay for LangChain and torch."""
    check = (
        "import sys, rag.cli, rag.pages; "
        "print(sorted(m for m in ('langchain_core', 'torch', 'chromadb') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert rag.AnswerEngine.__name__ == "AnswerEngine"  # and a public name still loads on use
