"""Questions inside client templates; the conversation of a message list."""

import pytest

from rag.errors import InputError
from service.chat.conversation import conversation, question_of
from service.schemas import ChatMessage

RAG_TEMPLATE = """### Task:
Respond to the user query using the provided context, incorporating inline citations in the format [id] **only when the <source> tag includes an explicit id attribute** (e.g., <source id="1">).

### Guidelines:
- If you don't know the answer, clearly state that.
- Respond in the same language as the user's query.

### Output:
Provide a clear and direct response to the user's query.

<context>
<source id="1" name="notes.pdf">{context}</source>
</context>
"""  # noqa: E501


def test_a_plain_question_is_kept() -> None:
    assert question_of("  What was the median PFS?  ") == "What was the median PFS?"


def test_the_question_before_an_appended_retrieval_template() -> None:
    text = "What dose was used in the trial?\n" + RAG_TEMPLATE.format(context="x " * 3000)
    assert len(text) > 2000
    assert question_of(text) == "What dose was used in the trial?"


def test_the_question_after_a_prepended_template_and_in_user_query_tags() -> None:
    prepended = RAG_TEMPLATE.format(context="y " * 3000) + "\nWhich gene was mutated?"
    assert question_of(prepended) == "Which gene was mutated?"
    tagged = RAG_TEMPLATE.format(context="z") + "<user_query>\nHow many patients?\n</user_query>"
    assert question_of(tagged) == "How many patients?"


def test_a_long_plain_message_keeps_its_last_question_within_the_limit() -> None:
    text = "Background. " * 400 + "\n\nWhat was the response rate?"
    assert question_of(text) == "What was the response rate?"
    no_question = "word " * 1000
    kept = question_of(no_question)
    assert len(kept) <= 2000 and kept.startswith("word")


def test_conversation_splits_history_and_rejects_a_last_assistant_message() -> None:
    messages = [
        ChatMessage(role="system", content="be brief"),
        ChatMessage(role="user", content="What was the median PFS with milademetan?"),
        ChatMessage(role="assistant", content="The median PFS was 3.5 months. [1]"),
        ChatMessage(role="user", content=[{"type": "text", "text": "And its response rate?"}]),
    ]
    question, history = conversation(messages)
    assert question == "And its response rate?"
    assert [t.role for t in history] == ["user", "assistant"]
    with pytest.raises(InputError):
        conversation(messages[:3])
    with pytest.raises(InputError):
        conversation([ChatMessage(role="user", content="   ")])
