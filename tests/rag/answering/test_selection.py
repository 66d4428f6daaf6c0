"""How the extractive answerer chooses among scored candidates, and why it refuses."""

from rag.answering.extractive import Candidate, ExtractiveAnswerer
from rag.answering.features import FEATURES, Coverage
from rag.answering.question import Question
from rag.answering.scorer import ScorerModel
from rag.settings import AnswerSettings
from tests.rag.answering.helpers import passages
from tests.stand_ins import HashingEmbedder

PASSAGES = passages(
    "Drug A reached a CR rate of 35%. Drug A was well tolerated.",
    "Drug B reached a CR rate of 20%. Enrolment took two years.",
)
SCORER = ScorerModel(FEATURES, (0.0,) * len(FEATURES), (1.0,) * len(FEATURES),
                     (0.0,) * len(FEATURES), 0.0, 0.6, 0.4)  # fmt: skip


def question(salient: tuple[str, ...] = ("a",), kinds: frozenset[str] = frozenset({"percent"})):
    return Question("q", salient, {}, {}, kinds, foreign=False)


def candidate(marker: int, unit: int, p: float, salient=(), kinds=()) -> Candidate:
    span = PASSAGES[marker].units[unit]
    return Candidate(marker, span, PASSAGES[marker].unit_text(span),
                     Coverage(tuple(salient), tuple(kinds)), (0.0,) * len(FEATURES), p)  # fmt: skip


def answerer(max_sentences: int = 3) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(
        HashingEmbedder(), AnswerSettings(max_sentences=max_sentences), SCORER
    )


def test_the_most_probable_complete_sentence_answers() -> None:
    scored = [
        candidate(2, 0, 0.9, salient=("a",)),
        candidate(1, 0, 0.8),
        candidate(1, 1, 0.3, kinds=("percent",)),
    ]
    result = answerer().select(question(), scored, PASSAGES)
    assert [s.text for s in result.sentences] == ["Drug A reached a CR rate of 35%."]
    assert result.confidence == 0.8 and result.reason is None


def test_close_runners_up_join_in_document_order() -> None:
    scored = [candidate(2, 0, 0.9), candidate(1, 0, 0.85), candidate(1, 1, 0.5)]
    result = answerer().select(question(), scored, PASSAGES)
    assert [s.markers for s in result.sentences] == [[2], [1]]


def test_under_the_threshold_is_a_refusal_for_low_confidence() -> None:
    result = answerer().select(question(), [candidate(1, 0, 0.5)], PASSAGES)
    assert result.refused and result.reason == "low_confidence"
    assert "0.50" in result.detail and result.confidence == 0.5


def test_evidence_about_something_else_is_a_missing_entity() -> None:
    scored = [candidate(2, 0, 0.9, salient=("a",)), candidate(2, 1, 0.2, salient=("a",))]
    result = answerer().select(question(), scored, PASSAGES)
    assert result.reason == "missing_entity" and "about a" in result.detail


def test_evidence_without_the_asked_value_is_a_missing_value() -> None:
    scored = [candidate(1, 1, 0.9, kinds=("percent",))]
    result = answerer().select(question(), scored, PASSAGES)
    assert result.reason == "missing_value" and "percentage" in result.detail


def test_nothing_retrieved_is_no_evidence() -> None:
    result = answerer().select(question(), [], PASSAGES)
    assert result.reason == "no_evidence" and result.confidence is None


def test_two_subjects_are_answered_by_one_sentence_each() -> None:
    both = question(salient=("a", "b"))
    scored = [
        candidate(1, 0, 0.7, salient=("b",)),
        candidate(2, 0, 0.6, salient=("a",)),
        candidate(2, 1, 0.5, salient=("a",), kinds=("percent",)),
    ]
    result = answerer().select(both, scored, PASSAGES)
    assert [s.markers for s in result.sentences] == [[1], [2]]
    alone = answerer().select(both, scored[:1], PASSAGES)
    assert alone.refused


def test_a_part_must_reach_the_part_threshold() -> None:
    both = question(salient=("a", "b"))
    scored = [candidate(1, 0, 0.7, salient=("b",)), candidate(2, 0, 0.3, salient=("a",))]
    assert answerer().select(both, scored, PASSAGES).refused
