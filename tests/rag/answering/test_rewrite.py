from functools import partial

from rag.answering.cues.patients import case_ages
from rag.answering.cues.salience import salient_terms
from rag.answering.rewrite import carry_over, is_follow_up, keeps_subject, recent
from rag.answering.types import Turn

SALIENT = partial(salient_terms, doc_freq={"ziftomenib": 3, "survival": 50}, chunks=100)
HISTORY = [
    Turn(role="user", content="What CR rate did ziftomenib reach in NPM1-mutant AML?"),
    Turn(role="assistant", content="35% [1]."),
]


def test_follow_up_gets_the_previous_subject() -> None:
    standalone, carried = carry_over("and what about its median OS?", HISTORY, SALIENT, 2000)
    assert standalone.startswith("and what about its median OS? (")
    # Its own endpoint replaces the previous one: the CR rate is not what is asked now.
    assert carried == {"ziftomenib", "npm1", "mutant", "aml"}
    for word in ("ziftomenib", "NPM1-mutant", "AML"):
        assert word in standalone
    assert "CR" not in standalone
    history = [Turn(role="user", content="What was the median PFS with milademetan?")]
    assert carry_over("What was its ORR?", history, SALIENT, 2000)[0] == (
        "What was its ORR? (milademetan)"
    )
    kept, _ = carry_over("And in KMT2A-rearranged AML?", HISTORY, SALIENT, 2000)
    # It asks nothing of its own: the previous endpoint is carried, and what was asked of it.
    assert kept == "And in KMT2A-rearranged AML? (CR rate ziftomenib reach NPM1-mutant)"
    # A kind of value no endpoint has is a measure of its own too.
    counted, _ = carry_over("How many patients received it?", history, SALIENT, 2000)
    assert counted == "How many patients received it? (milademetan)"
    # A safety measure of its own replaces the previous endpoint too.
    assert carry_over("And the grade 3 or 4 adverse events?", history, SALIENT, 2000)[0] == (
        "And the grade 3 or 4 adverse events? (milademetan)"
    )


def test_a_follow_up_keeps_the_case_patient_asked_about_before() -> None:
    history = [
        Turn(role="user", content="What did the 52-year-old woman receive as consolidation?")
    ]
    standalone, _ = carry_over("And how many cycles?", history, SALIENT, 2000)
    assert standalone.startswith("And how many cycles? (the 52-year-old")
    assert case_ages(standalone) == ["52-year-old"]
    # one naming a case patient of its own keeps its own
    own, _ = carry_over("And what did the 75-year-old man receive?", history, SALIENT, 2000)
    assert "52" not in own


def test_a_follow_up_asking_the_same_by_a_pronoun_gets_the_previous_measure_too() -> None:
    standalone, carried = carry_over("And what was it in KMT2A-r AML?", HISTORY, SALIENT, 2000)
    assert standalone == "And what was it in KMT2A-r AML? (CR rate ziftomenib reach NPM1-mutant)"
    assert carried == {"cr", "ziftomenib", "npm1", "mutant"}
    about, _ = carry_over("and what about its median OS?", HISTORY, SALIENT, 2000)
    assert "rate" not in about


def test_a_follow_up_naming_only_a_new_subject_asks_what_was_asked_before() -> None:
    history = [
        Turn(role="user", content="What composite CR rate did ASTX727 with ivosidenib reach?")
    ]
    standalone, carried = carry_over("And with enasidenib?", history, SALIENT, 2000)
    assert standalone == "And with enasidenib? (composite CR rate ASTX727 ivosidenib reach)"
    assert not {"rate", "reach"} & carried  # they name no subject


def test_a_question_naming_only_an_endpoint_asks_it_of_the_conversation_s_subject() -> None:
    history = [Turn(role="user", content="What was the CRc rate with Lipo-MIT plus CLAG?")]
    assert carry_over("What was the ORR?", history, SALIENT, 2000)[0] == (
        "What was the ORR? (Lipo-MIT CLAG)"
    )
    assert carry_over("What was the ORR of ziftomenib?", history, SALIENT, 2000)[1] == set()


def test_standalone_questions_are_left_alone() -> None:
    question = "What was the median PFS with milademetan?"
    assert carry_over(question, HISTORY, SALIENT, 2000) == (question, set())
    assert carry_over("and its OS?", [], SALIENT, 2000) == ("and its OS?", set())


def test_follow_up_detection() -> None:
    assert is_follow_up("And the dose?", ["dose"])
    assert is_follow_up("What was the median?", [])
    assert not is_follow_up("What was the median PFS with milademetan?", ["milademetan"])


def test_a_rewrite_must_keep_the_subject() -> None:
    carried = "And what daily dose was that at? (ziftomenib NPM1-mutant AML)"
    assert keeps_subject(carried, "What daily dose of ziftomenib was used in NPM1-mutant AML?")
    assert not keeps_subject(carried, "Conversation:")


def test_a_long_previous_turn_carries_no_more_than_a_question_may_hold() -> None:
    """Before: every salient word of a 59 KB previous turn was appended (58,921 characters)."""
    long_turn = " ".join(f"zoltamab{i}" for i in range(6000)) + " in NPM1-mutant AML?"
    history = [Turn(role="user", content=long_turn), Turn(role="assistant", content="x" * 9000)]
    bounded = recent(history, turns=6, chars=2000)
    assert [len(t.content) for t in bounded] == [2000, 2000]
    assert bounded[0].content.endswith("NPM1-mutant AML?") and bounded[1].content == "x" * 2000
    standalone, carried = carry_over("and its median OS?", bounded, SALIENT, 300)
    assert 250 < len(standalone) <= 300 and standalone.endswith(")")
    assert {"npm1", "aml"} <= carried


def test_only_the_newest_turns_are_read() -> None:
    turns = [Turn(role="user", content=f"question {i}") for i in range(10)]
    assert [t.content for t in recent(turns, turns=3, chars=100)] == [
        "question 7", "question 8", "question 9",
    ]  # fmt: skip
    assert recent(turns, turns=0, chars=100) == []
