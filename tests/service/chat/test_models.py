"""Model names: modes, the -sources variants, and citeqa-llm only with a chat model."""

import pytest
from fastapi import HTTPException

from service.chat.models import ModelChoice, available, resolve


def test_llm_models_are_listed_only_with_a_chat_model() -> None:
    assert "citeqa-llm" not in available(llm_loaded=False)
    assert {"citeqa", "citeqa-sources", "citeqa-llm", "citeqa-llm-sources"} <= set(
        available(llm_loaded=True)
    )


def test_resolve() -> None:
    assert resolve("citeqa", False) == ModelChoice("extractive", False)
    assert resolve("citeqa-extractive-sources", False) == ModelChoice("extractive", True)
    assert resolve("citeqa-llm", True) == ModelChoice("llm", False)
    with pytest.raises(HTTPException) as unavailable:
        resolve("citeqa-llm", False)
    assert unavailable.value.status_code == 404 and "LOAD_LLM" in str(unavailable.value.detail)
    with pytest.raises(HTTPException):
        resolve("gpt-9", True)
