from functools import partial

from rag.answering.cues import salient_terms
from rag.answering.rewrite import carry_over, is_follow_up, keeps_subject
from rag.answering.types import Turn

SALIENT = partial(salient_terms, doc_freq={"ziftomenib": 3, "survival": 50}, chunks=100)
HISTORY = [
    Turn(role="user", content="What CR rate did ziftomenib reach in NPM1-mutant AML?"),
    Turn(role="assistant", content="35% [1]."),
]


def test_follow_up_gets_the_previous_subject() -> None:
    standalone, carried = carry_over("and what about its median OS?", HISTORY, SALIENT)
    assert standalone.startswith("and what about its median OS? (")
    assert carried == {"cr", "ziftomenib", "npm1", "mutant", "aml"}
    for word in ("ziftomenib", "NPM1-mutant", "AML"):
        assert word in standalone


def test_standalone_questions_are_left_alone() -> None:
    question = "What was the median PFS with milademetan?"
    assert carry_over(question, HISTORY, SALIENT) == (question, set())
    assert carry_over("and its OS?", [], SALIENT) == ("and its OS?", set())


def test_follow_up_detection() -> None:
    assert is_follow_up("And the dose?", ["dose"])
    assert is_follow_up("What was the median?", [])
    assert not is_follow_up("What was the median PFS with milademetan?", ["milademetan"])


def test_a_rewrite_must_keep_the_subject() -> None:
    carried = "And what daily dose was that at? (ziftomenib NPM1-mutant AML)"
    assert keeps_subject(carried, "What daily dose of ziftomenib was used in NPM1-mutant AML?")
    assert not keeps_subject(carried, "Conversation:")
