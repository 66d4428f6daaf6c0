"""Open WebUI's background task prompts: recognised by their output format, chat quoted."""

from service.chat.tasks import detect, title_from

# Open WebUI's default templates (backend/open_webui/config.py), rendered for a two-turn chat.
HISTORY = """<chat_history>
USER: What CR rate did ziftomenib reach in NPM1-mutant AML?
ASSISTANT: In the KOMET-001 clinical trial, 35% (7 out of 20) of patients achieved CR. [1]
</chat_history>"""
TITLE = (
    "### Task:\nGenerate a concise, 3-5 word title with an emoji summarizing the chat history.\n"
    "### Guidelines:\n- The title should clearly represent the main theme.\n### Output:\n"
    'JSON format: { "title": "your concise title here" }\n### Examples:\n'
    '- { "title": "📉 Stock Market Trends" },\n### Chat History:\n' + HISTORY
)
TAGS = (
    "### Task:\nGenerate 1-3 broad tags categorizing the main themes of the chat history.\n\n"
    '### Guidelines:\n- If content is too short, use only ["General"]\n\n### Output:\n'
    'JSON format: { "tags": ["tag1", "tag2", "tag3"] }\n\n### Chat History:\n' + HISTORY
)
FOLLOW_UPS = (
    "### Task:\nSuggest 3-5 relevant follow-up questions.\n### Output:\n"
    'JSON format: { "follow_ups": ["Question 1?", "Question 2?", "Question 3?"] }\n'
    "### Chat History:\n" + HISTORY
)


def test_tasks_are_told_by_their_output_key() -> None:
    title, tags, follow_ups = detect(TITLE), detect(TAGS), detect(FOLLOW_UPS)
    assert title is not None and title.kind == "title"
    assert tags is not None and tags.kind == "tags"
    assert follow_ups is not None and follow_ups.kind == "follow_ups"
    assert [t.role for t in title.turns] == ["user", "assistant"]
    assert title.question == "What CR rate did ziftomenib reach in NPM1-mutant AML?"


def test_questions_and_retrieval_templates_are_not_tasks() -> None:
    assert detect("What CR rate did ziftomenib reach?") is None
    assert detect("### Task:\nRespond to the user query.\n<context>x</context>\nWhy?") is None


def test_title_from_the_question() -> None:
    assert title_from("What CR rate did ziftomenib reach in NPM1-mutant AML?") == (
        "CR rate ziftomenib reach NPM1-mutant AML"
    )
    assert title_from("what is it?") == "Literature question"
