import pytest
from pydantic import ValidationError

from rag.settings import Settings
from service.app import create_app
from service.schemas import AskRequest, SearchRequest


@pytest.mark.parametrize("doc_id", ["ziftomenib\ud800", "\udfff", ""])
def test_a_document_id_filter_refuses_lone_surrogates_and_empty_ids(doc_id: str) -> None:
    # A lone surrogate reached Chroma (502) and the BM25 filter's JSON key (500).
    with pytest.raises(ValidationError):
        SearchRequest.model_validate({"query": "x", "filters": {"doc_ids": [doc_id]}})
    with pytest.raises(ValidationError):
        AskRequest.model_validate({"question": "x", "filters": {"doc_ids": [doc_id]}})
    ok = SearchRequest.model_validate({"query": "x", "filters": {"doc_ids": ["ziftomenib"]}})
    assert ok.filters is not None and ok.filters.doc_ids == ["ziftomenib"]


def test_a_lone_surrogate_in_the_history_is_refused() -> None:
    # It reached the store through the rewritten standalone question: 502.
    turn = {"role": "user", "content": "Tell me about ziftomenib\udbff"}
    with pytest.raises(ValidationError, match="lone surrogate"):
        AskRequest.model_validate({"question": "And its CR rate?", "history": [turn]})
    turn["content"] = "Tell me about ziftomenib 💊"  # a pair is text
    assert AskRequest.model_validate({"question": "And its CR rate?", "history": [turn]}).history


def test_every_operation_documents_the_error_model() -> None:
    """Before: FastAPI's own 422 body ({"detail": [...]}) was documented and no other error."""
    schema = create_app(Settings()).openapi()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            errors = {code: r for code, r in operation["responses"].items() if code >= "400"}
            assert {"401", "413", "422", "503"} <= set(errors), (method, path)
            for response in errors.values():
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorResponse"), (method, path)
