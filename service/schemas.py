"""HTTP request and response models: the API contract, separate from the library's types."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rag.answering.types import Answer, AnswerMode, Citation, Turn

#: A document id in a request.
DocId = Annotated[str, Field(min_length=1, max_length=512)]


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False


class TextRequest(BaseModel):
    """A JSON request body whose strings must all be text: JSON can carry a lone surrogate
    (``"\\ud800"``), which no store, index or model can encode (a 500 or 502 later on)."""

    @model_validator(mode="before")
    @classmethod
    def _text_only(cls, data: Any) -> Any:
        if _has_lone_surrogate(data):
            raise ValueError("a string holds a lone surrogate (\\ud800-\\udfff), which is not text")
        return data


class Filters(BaseModel):
    """Restrict retrieval to some documents or years."""

    model_config = ConfigDict(extra="forbid")

    doc_ids: list[DocId] | None = Field(None, max_length=100)
    years: list[int] | None = Field(None, max_length=100)


class AskRequest(TextRequest):
    """A question, with optional settings and conversation history."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=2000)
    k: int | None = Field(None, ge=1, le=20, description="Passages to retrieve.")
    mode: AnswerMode | None = Field(None, description="extractive (default) or llm.")
    filters: Filters | None = None
    history: list[Turn] = Field(default_factory=list, max_length=50)
    explain: bool = Field(
        False, description="Include the scorer's best candidates with their features (explain)."
    )


class SearchRequest(TextRequest):
    """A retrieval-only query."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=2000)
    k: int = Field(5, ge=1, le=100)
    mode: Literal["hybrid", "dense", "sparse"] = "hybrid"
    filters: Filters | None = None
    include_references: bool = False


class SearchHit(BaseModel):
    """One ranked chunk, as ``citeqa search --json`` prints it."""

    doc_id: str
    chunk_id: str
    section: str
    text: str
    start: int
    end: int
    score: float


class ChatMessage(BaseModel):
    """An OpenAI chat message; text content only."""

    model_config = ConfigDict(extra="allow")

    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        """The message's text, joining text parts of a multi-part content."""
        if isinstance(self.content, list):
            return "".join(str(part.get("text", "")) for part in self.content)
        return self.content or ""


class ChatCompletionRequest(TextRequest):
    """The subset of OpenAI's chat completion request that citeqa honours (others are ignored)."""

    model_config = ConfigDict(extra="allow")

    model: str = "citeqa"
    messages: list[ChatMessage] = Field(min_length=1, max_length=100)
    stream: bool = False
    sources: Literal["annotations", "markdown"] = Field(
        "annotations",
        description="markdown: also write the sources into the message content as a numbered "
        "Markdown list, for clients that show only the content (as the model suffix -sources).",
    )


class DocumentInfo(BaseModel):
    """A stored document."""

    doc_id: str
    title: str
    source: str = ""
    year: int | None = None
    authors: list[str] = Field(default_factory=list)
    identifiers: list[str] = Field(default_factory=list)
    chunks: int


class DocumentDetail(DocumentInfo):
    """A stored document with its cleaned text and sections."""

    text: str
    sections: list[dict[str, Any]]
    pages: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Where each page of the file stands in the text (number, start, end); empty "
        "for files without pages.",
    )


class LinkedCitation(Citation):
    """A citation with the absolute address of the page that shows its quote in the document."""

    url: str = Field(description="Opens the document viewer at the quote.")


class LinkedAnswer(Answer):
    """An answer whose citations carry the viewer's address."""

    citations: list[LinkedCitation]  # type: ignore[assignment]


class ErrorDetail(BaseModel):
    """What went wrong, for a client: a kind to branch on and a sentence to show."""

    type: str = Field(description="The kind of error: invalid_request, not_found, ...")
    message: str = Field(description="What was wrong, naming the field, limit or setting.")


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


#: The error statuses every operation may answer with, as documented in the OpenAPI schema.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in {
        400: "Malformed request",
        401: "Missing or wrong API key",
        403: "Disabled (no API key is set)",
        404: "Unknown document, route or model",
        409: "Another process is changing the corpus, or the id is held by another upload",
        413: "Body, upload or document over a limit",
        415: "Upload of an unsupported type",
        422: "A field out of range, or a document that cannot be ingested",
        503: "Store unreachable or models not loaded (see Retry-After)",
    }.items()
}
