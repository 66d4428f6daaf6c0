"""Replies: url_citation annotations over markers, in the delta that carries them; Markdown
sources."""

import json
from typing import Any

from service.chat.reply import Envelope, answer_reply, markdown_sources
from service.schemas import LinkedAnswer, LinkedCitation


def citation(marker: int, start: int) -> LinkedCitation:
    return LinkedCitation(
        marker=marker, doc_id=f"doc-{marker}", title=f"Title [{marker}]", chunk_id="c",
        quote='A "quoted"\n sentence.', start=start, end=start + 10, score=0.5,
        url=f"http://host/documents/doc-{marker}?start={start}&end={start + 10}",
    )  # fmt: skip


ANSWER = LinkedAnswer(
    question="q", standalone_question="q", answer="First claim. [1] Second claim. [2]",
    refused=False, citations=[citation(1, 0), citation(2, 40)], mode="extractive",
    model="extractive", fallback=False,
)  # fmt: skip


def events(text: str) -> list[dict[str, Any]]:
    return [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: {")]


def test_annotations_ride_in_the_delta_of_their_marker() -> None:
    reply = answer_reply(ANSWER, with_markdown_sources=False)
    envelope = Envelope("id", 1, "citeqa")
    chunks = events("".join(envelope.chunks(reply)))
    content = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert content == ANSWER.answer
    deltas = [c["choices"][0]["delta"] for c in chunks]
    annotated = [d for d in deltas if "annotations" in d]
    assert [d["content"].strip() for d in annotated] == ["[1]", "[2]"]
    for delta in annotated:
        (note,) = delta["annotations"]
        start, end = note["url_citation"]["start_index"], note["url_citation"]["end_index"]
        assert content[start:end] == delta["content"].strip()
        assert note["url_citation"]["url"].startswith("http://host/documents/")
    assert chunks[-1]["citations"][1]["url"].endswith("start=40&end=50")
    assert all("citations" not in c for c in chunks[:-1])


def test_markdown_sources_follow_the_answer() -> None:
    reply = answer_reply(ANSWER, with_markdown_sources=True)
    assert reply.content.startswith(ANSWER.answer + "\n\n**Sources**\n\n")
    link = "[Title (1)](http://host/documents/doc-1?start=0&end=10)"
    assert f"1. {link}: \"A 'quoted' sentence.\"" in reply.content
    assert markdown_sources([]) == "**Sources**\n"
    plain = answer_reply(ANSWER.model_copy(update={"citations": []}), with_markdown_sources=True)
    assert plain.content == ANSWER.answer and plain.annotations == []


def test_a_paged_source_is_named_with_its_pages() -> None:
    paged = ANSWER.model_copy(
        update={"citations": [citation(1, 0).model_copy(update={"pages": [4, 5]}), citation(2, 40)]}
    )
    reply = answer_reply(paged, with_markdown_sources=True)
    titles = [note["url_citation"]["title"] for note in reply.annotations]
    assert titles == ["Title [1], pp. 4–5", "Title [2]"]
    assert "1. [Title (1), pp. 4–5](http://host/" in reply.content
    assert "2. [Title (2)](http://host/" in reply.content
