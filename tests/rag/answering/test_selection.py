"""How the extractive answerer chooses among scored candidates, and why it refuses."""

import math
from dataclasses import replace

import numpy as np
import pytest

from rag.answering.extractive import (
    Candidate,
    ExtractiveAnswerer,
    QueryVectors,
    antecedent,
    lead_in,
    paragraph_before,
    refers_back,
)
from rag.answering.features import FEATURES, Coverage
from rag.answering.passages import number_passages, preceding
from rag.answering.question import Question
from rag.answering.scorer import LEAD_CAP, ScorerModel
from rag.retrieval.sentences import SentenceIndex
from rag.retrieval.statistics import TermStatistics
from rag.settings import AnswerSettings
from rag.types import Chunk, ScoredChunk
from tests.rag.answering.helpers import passages
from tests.stand_ins import HashingEmbedder

PASSAGES = passages(
    "Drug A reached a CR rate of 35%. Drug A was well tolerated.",
    "Drug B reached a CR rate of 20%. Enrolment took two years.",
)
SCORER = ScorerModel(FEATURES, (0.0,) * len(FEATURES), (1.0,) * len(FEATURES),
                     (0.0,) * len(FEATURES), 0.0, 0.6, 0.4, 0.6)  # fmt: skip


def question(salient: tuple[str, ...] = ("a",), kinds: frozenset[str] = frozenset({"percent"})):
    return Question("q", salient, {}, {}, kinds, foreign=False)


def candidate(
    marker: int, unit: int, p: float, salient=(), kinds=(), named: bool = True, related=True
) -> Candidate:
    span = PASSAGES[marker].units[unit]
    return Candidate(marker, span, PASSAGES[marker].unit_text(span),
                     Coverage(tuple(salient), tuple(kinds), related), (0.0,) * len(FEATURES), p,
                     named)  # fmt: skip


def answerer(max_sentences: int = 3) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(
        HashingEmbedder(), AnswerSettings(max_sentences=max_sentences), SCORER
    )


def leading() -> ExtractiveAnswerer:
    """Calibrated with half a unit of log-odds per unit of lead."""
    return ExtractiveAnswerer(
        HashingEmbedder(), AnswerSettings(), replace(SCORER, calibration=(1.0, 0.5, 0.0))
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


def test_an_answer_far_ahead_of_any_rival_needs_less_probability() -> None:
    # A 0.5 sentence that no other complete sentence rivals is right with confidence 0.92; one
    # in a near tie is not.
    alone = leading().select(
        question(), [candidate(1, 0, 0.5), candidate(1, 1, 0.4, kinds=("percent",))], PASSAGES
    )
    assert [s.text for s in alone.sentences] == ["Drug A reached a CR rate of 35%."]
    assert alone.confidence == pytest.approx(1 / (1 + math.exp(-0.5 * LEAD_CAP)))
    tied = leading().select(question(), [candidate(1, 0, 0.5), candidate(2, 0, 0.45)], PASSAGES)
    assert tied.refused and tied.reason == "low_confidence"
    assert tied.confidence is not None and tied.confidence < 0.6
    # The same sentence offered twice (overlapping chunks) is no rival of itself.
    twice = leading().select(question(), [candidate(1, 0, 0.5), candidate(1, 0, 0.49)], PASSAGES)
    assert not twice.refused
    # A lone sentence the model finds improbable (under the part threshold, 0.4) answers nothing,
    # however far ahead ("What is the capital of France?" and the one sentence naming France).
    improbable = leading().select(question(), [candidate(1, 0, 0.3)], PASSAGES)
    assert improbable.reason == "low_confidence" and "probability 0.30, under the 0.40" in (
        improbable.detail
    )
    # Its capped lead would read as a confidence of 0.92: a refusal no sentence could have
    # answered says 0.
    assert improbable.confidence == 0.0


def test_close_runners_up_join_in_document_order() -> None:
    scored = [candidate(2, 0, 0.9), candidate(1, 0, 0.85), candidate(1, 1, 0.5)]
    result = answerer().select(question(), scored, PASSAGES)
    assert [s.markers for s in result.sentences] == [[2], [1]]


def test_a_description_takes_every_runner_up_over_the_threshold_a_value_only_close_ones() -> None:
    scored = [candidate(2, 0, 0.9), candidate(1, 0, 0.65)]
    strict = ExtractiveAnswerer(
        HashingEmbedder(), AnswerSettings(secondary_ratio=0.8), SCORER
    )  # a runner-up needs 0.72 for a value; any complete one over the threshold (0.6) else
    value = strict.select(question(), scored, PASSAGES)
    assert [s.markers for s in value.sentences] == [[2]]
    described = strict.select(question(kinds=frozenset()), scored, PASSAGES)
    assert [s.markers for s in described.sentences] == [[2], [1]]


def test_a_value_answered_by_a_table_row_is_not_added_to_from_other_rows() -> None:
    rows = passages(
        "NPM1 MRD relapse 30 chemotherapy + HCT 2 y OS, 63%\nNPM1 MRD failure 33 2 y OS, 86%",
        "MRD relapse 26 VEN-LDAC 2 y OS, 73%",
        kind="table",
    )

    def row(marker: int, unit: int, p: float) -> Candidate:
        span = rows[marker].units[unit]
        return Candidate(marker, span, rows[marker].unit_text(span), Coverage((), (), True),
                         (0.0,) * len(FEATURES), p)  # fmt: skip

    scored = [row(1, 0, 0.95), row(1, 1, 0.9), row(2, 0, 0.85)]
    value = answerer().select(question(), scored, rows)
    assert [s.text for s in value.sentences] == [
        "NPM1 MRD relapse 30 chemotherapy + HCT 2 y OS, 63%"
    ]
    described = answerer().select(question(kinds=frozenset()), scored, rows)
    assert len(described.sentences) == 3


def test_under_the_threshold_is_a_refusal_for_low_confidence() -> None:
    result = answerer().select(question(), [candidate(1, 0, 0.5)], PASSAGES)
    assert result.refused and result.reason == "low_confidence"
    assert "0.50" in result.detail and result.confidence == 0.5


def test_evidence_about_something_else_is_a_missing_entity() -> None:
    scored = [candidate(2, 0, 0.9, salient=("a",)), candidate(2, 1, 0.2, salient=("a",))]
    result = answerer().select(question(), scored, PASSAGES)
    assert result.reason == "missing_entity" and "about a" in result.detail
    # A 0.9 sentence about something else far ahead of the next is no confident answer.
    assert result.confidence == 0.0


def test_a_missing_entity_is_one_the_best_evidence_lacks() -> None:
    # The best sentence names "a" but not phase 3; the others name neither. Phase 3 is what is
    # missing: "a" is found.
    scored = [
        candidate(2, 0, 0.9, salient=("phase 3",)),
        candidate(2, 1, 0.5, salient=("a", "phase 3")),
        candidate(1, 1, 0.4, salient=("a", "phase 3")),
    ]
    result = answerer().select(question(salient=("a", "phase 3")), scored, PASSAGES)
    assert result.reason == "missing_entity" and result.detail.endswith("about phase 3")


def test_evidence_without_the_asked_value_is_a_missing_value() -> None:
    scored = [candidate(1, 1, 0.9, kinds=("percent",))]
    result = answerer().select(question(), scored, PASSAGES)
    assert result.reason == "missing_value" and "percentage" in result.detail


def test_a_value_about_other_words_is_no_missing_value() -> None:
    # The best sentence states a percentage but is not about the question's words; the others
    # are about them and state none. "No passage states a percentage" would be untrue.
    scored = [candidate(1, 0, 0.9, related=False), candidate(1, 1, 0.2, kinds=("percent",))]
    result = answerer().select(question(), scored, PASSAGES)
    assert result.reason == "no_evidence" and "too few of the question's words" in result.detail
    assert "0.90" in result.detail


def test_a_refusal_names_every_kind_of_value_it_missed() -> None:
    scored = [candidate(1, 1, 0.9, kinds=("venue",))]
    result = answerer().select(question(kinds=frozenset({"venue"})), scored, PASSAGES)
    assert result.reason == "missing_value" and "journal" in result.detail


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


def test_a_time_point_or_dose_the_question_states_is_no_part_another_sentence_adds() -> None:
    five_years = Question("q", ("a",), {}, {}, frozenset({"percent"}), foreign=False,
                          landmarks=("5-year",))  # fmt: skip
    scored = [
        candidate(1, 0, 0.7, salient=("5-year",)),  # a rate at another time
        candidate(2, 0, 0.65, salient=("a",), kinds=("percent",)),  # says "5 y", no rate
    ]
    assert answerer().select(five_years, scored, PASSAGES).refused
    anyone = question(salient=("a", "b"))
    scored = [candidate(1, 0, 0.7, salient=("b",)), candidate(2, 0, 0.65, salient=("a",))]
    assert not answerer().select(anyone, scored, PASSAGES).refused  # names may be joined


def test_a_value_of_all_patients_is_no_part_another_sentence_names_the_subgroup_for() -> None:
    # "What CR rate did A reach in KMT2A-rearranged AML?": a CR rate of all patients (not naming
    # the subgroup) and a sentence on the subgroup's survival are no joint answer.
    subgroup = Question("q", ("a", "kmt2a"), {}, {}, frozenset({"percent"}), foreign=False,
                        subgroups={"kmt2a": "altered"})  # fmt: skip
    scored = [
        candidate(1, 0, 0.7, salient=("a",)),
        candidate(2, 0, 0.65, salient=("kmt2a",)),
    ]
    assert answerer().select(subgroup, scored, PASSAGES).refused
    assert not answerer().select(replace(subgroup, subgroups={}), scored, PASSAGES).refused


def test_a_value_of_another_stage_of_disease_is_no_part_another_sentence_names() -> None:
    new = Question("q", ("a",), {}, {}, frozenset({"percent"}), foreign=False,
                   statuses=("newly diagnosed",))  # fmt: skip
    scored = [
        candidate(1, 0, 0.7, salient=("newly diagnosed",)),  # a rate of R/R patients
        candidate(2, 0, 0.65, salient=("a",), kinds=("percent",)),  # newly diagnosed, no rate
    ]
    assert answerer().select(new, scored, PASSAGES).refused


def test_a_value_of_an_endpoint_not_asked_is_no_part_another_sentence_names() -> None:
    # "What was the 2-year OS with A?": the row "A ... 2 y EFS, 54%" (an EFS, not an OS) and a
    # sentence giving some other 2-year OS rate are no joint answer; two sentences each giving
    # one of two asked endpoints are.
    overall = Question("q", ("a",), {}, {}, frozenset({"percent"}), foreign=False,
                       endpoints=("overall survival",))  # fmt: skip
    scored = [
        candidate(1, 0, 0.7, salient=("overall survival",)),
        candidate(2, 0, 0.65, salient=("a",)),
    ]
    assert answerer().select(overall, scored, PASSAGES).refused
    both = replace(overall, endpoints=("overall survival", "event-free survival"))
    scored = [
        candidate(1, 0, 0.7, salient=("overall survival",)),
        candidate(2, 0, 0.65, salient=("event-free survival",)),
    ]
    assert [s.markers for s in answerer().select(both, scored, PASSAGES).sentences] == [[1], [2]]


def test_sentences_covering_a_question_together_each_reach_the_answer_threshold() -> None:
    both = question(salient=("a", "b"))
    scored = [candidate(1, 0, 0.7, salient=("b",)), candidate(2, 0, 0.5, salient=("a",))]
    assert answerer().select(both, scored, PASSAGES).refused  # 0.5: over the part threshold


def test_sentences_covering_a_question_together_must_lead_every_other_sentence() -> None:
    both = question(salient=("a", "b"))
    joint = [candidate(1, 0, 0.7, salient=("b",)), candidate(2, 0, 0.65, salient=("a",))]
    alone = leading().select(both, joint, PASSAGES)
    assert len(alone.sentences) == 2 and (alone.confidence or 0) > 0.9
    # A more probable sentence about neither part (so no part of the joint answer) leaves it
    # a confidence of 0.54, under the answer threshold: refused.
    other = candidate(1, 1, 0.9, salient=("a", "b"), related=False)
    assert leading().select(both, [other, *joint], PASSAGES).refused


def test_each_part_of_a_question_is_answered_by_its_own_best_complete_sentence() -> None:
    both = question(salient=("a", "b"))
    whole = [candidate(1, 0, 0.2, salient=("b",)), candidate(2, 0, 0.1, salient=("a",))]
    part_a = [candidate(1, 1, 0.9, kinds=("percent",)), candidate(1, 0, 0.7)]
    part_b = [candidate(2, 0, 0.65), candidate(1, 0, 0.3, salient=("b",))]
    result = answerer().select(both, whole, PASSAGES, [part_a, part_b])
    assert [s.text for s in result.sentences] == [
        "Drug A reached a CR rate of 35%.",
        "Drug B reached a CR rate of 20%.",
    ]
    assert result.confidence == 0.7 and result.candidates == whole


def test_a_part_without_an_answer_leaves_the_whole_question_to_the_usual_rules() -> None:
    both = question(salient=("a", "b"))
    whole = [candidate(1, 0, 0.2, salient=("b",))]
    part_a = [candidate(1, 0, 0.7)]
    part_b = [candidate(2, 0, 0.3)]  # under the part threshold (0.4)
    result = leading().select(both, whole, PASSAGES, [part_a, part_b])
    assert result.refused and result.reason == "missing_entity"
    # Over the part threshold, and confident (no rival): answered.
    part_b = [candidate(2, 0, 0.5)]
    assert not leading().select(both, whole, PASSAGES, [part_a, part_b]).refused
    # In a near tie with another sentence naming drug B: not confident enough (0.52).
    part_b = [candidate(2, 0, 0.5), candidate(2, 1, 0.45)]
    assert leading().select(both, whole, PASSAGES, [part_a, part_b]).refused


def test_a_part_prefers_a_sentence_not_about_its_subject_through_its_lead_in_alone() -> None:
    # The review's sentence on another drug after one listing drug B is complete for part B
    # through its lead-in, and more probable; the sentence on drug B itself answers part B.
    both = question(salient=("a", "b"))
    part_a = [candidate(1, 0, 0.9)]
    lead_in_only = candidate(1, 1, 0.8, named=False)
    own = candidate(2, 0, 0.45)
    whole = [candidate(1, 0, 0.2, salient=("b",))]
    result = leading().select(both, whole, PASSAGES, [part_a, [lead_in_only, own]])
    assert [s.text for s in result.sentences][1] == "Drug B reached a CR rate of 20%."
    # Under the part threshold (0.4) it is no answer, nor is the sentence about another drug:
    # part B goes unanswered and the whole question, which no sentence covers, is refused.
    low = candidate(2, 0, 0.3)
    result = leading().select(both, whole, PASSAGES, [part_a, [lead_in_only, low]])
    assert result.sentences == [] and result.reason == "missing_entity"
    # Where no sentence names drug B itself, one whose lead-in does answers for it.
    result = leading().select(both, whole, PASSAGES, [part_a, [lead_in_only]])
    assert [s.text for s in result.sentences][1] == "Drug A was well tolerated."


def test_a_part_subject_is_named_by_the_sentence_or_its_document_not_its_lead_in() -> None:
    review = passages(
        "Revumenib and ziftomenib were tested in trials. Gilteritinib reached a rate of 35%. "
        "Revumenib reached a rate of 20%."
    )
    vectors = QueryVectors([1.0] * 64, [1.0] * 64, np.ones((3, 64), np.float32))
    statistics = TermStatistics(chunks=1, doc_freq={}, topics={})
    index = SentenceIndex.empty("hashing-64")
    scored = answerer().candidates(
        question(salient=("revumenib",)), vectors, review, index, statistics, {},
        subject=frozenset({"revumenib"}),
    )  # fmt: skip
    named = {c.text: c.names_subject for c in scored}
    assert named == {
        "Revumenib and ziftomenib were tested in trials.": True,
        "Gilteritinib reached a rate of 35%.": False,
        "Revumenib reached a rate of 20%.": True,
    }
    # Complete through its lead-in, all the same.
    assert not [c for c in scored if c.text.startswith("Gilteritinib")][0].missing.salient
    titled = passages("Gilteritinib reached a rate of 35%.")
    scored = answerer().candidates(
        question(salient=("title",)), vectors, titled, index, statistics, {},
        subject=frozenset({"title"}),
    )  # fmt: skip
    assert scored[0].names_subject  # its document's title ("Title 0") names it


def test_a_part_is_measured_against_the_sentences_about_its_own_subject() -> None:
    # The gaps of similarity and BM25 are taken to the best sentence that could answer the part:
    # a sentence about another part's subject that repeats the question's words is no rival.
    review = passages(
        "Gilteritinib reached a remission rate of 75%, a remission rate never seen.",
        "Revumenib reached a remission rate of 30%.",
    )
    vectors = QueryVectors([1.0] * 64, [1.0] * 64, np.ones((3, 64), np.float32))
    statistics = TermStatistics(chunks=2, doc_freq={}, topics={})
    index = SentenceIndex.empty("hashing-64")
    asked = Question("q", ("revumenib",), {}, {"remission": 1.0, "rate": 1.0}, frozenset(), False)
    bm25 = FEATURES.index("bm25")

    def revumenib(subject: frozenset[str]) -> float:
        scored = answerer().candidates(
            asked, vectors, review, index, statistics, {}, subject=subject
        )  # fmt: skip
        return next(c.values[bm25] for c in scored if c.text.startswith("Revumenib"))

    assert revumenib(frozenset({"revumenib"})) == 1.0
    assert revumenib(frozenset()) < 1.0


def test_one_sentence_answering_every_part_is_given_once() -> None:
    both = question(salient=("a", "b"))
    best = candidate(1, 0, 0.8)
    result = answerer().select(both, [best], PASSAGES, [[best], [best]])
    assert [s.markers for s in result.sentences] == [[1]]


def test_a_sentence_referring_back_is_quoted_after_the_one_it_refers_to() -> None:
    listed = passages(
        "Enrolment ended.\n\nDNMT3A, TET2 and ASXL1 mark clonal hematopoiesis. These mutations "
        "should not be used as MRD markers. They persist in remission."
    )
    units = listed[1].units
    these = Candidate(1, units[2], listed[1].unit_text(units[2]), Coverage((), ()),
                      (0.0,) * len(FEATURES), 0.9)  # fmt: skip
    result = answerer().select(question(kinds=frozenset()), [these], listed)
    assert [s.text for s in result.sentences] == [
        "DNMT3A, TET2 and ASXL1 mark clonal hematopoiesis.",
        "These mutations should not be used as MRD markers.",
    ]
    assert [s.quotes for s in result.sentences] == [{1: units[1]}, {1: units[2]}]
    first = Candidate(1, units[1], listed[1].unit_text(units[1]), Coverage((), ()),
                      (0.0,) * len(FEATURES), 0.9)  # fmt: skip
    assert len(answerer().select(question(kinds=frozenset()), [first], listed).sentences) == 1
    opening = passages("These mutations persist. Nothing else.")
    span = opening[1].units[0]
    alone = Candidate(1, span, opening[1].unit_text(span), Coverage((), ()),
                      (0.0,) * len(FEATURES), 0.9)  # fmt: skip
    assert len(answerer().select(question(kinds=frozenset()), [alone], opening).sentences) == 1


def test_a_sentence_naming_its_subject_as_this_method_is_quoted_after_the_one_naming_it() -> None:
    assert refers_back("However, challenges remain, so this method is not established.")
    assert refers_back("These agents were approved.")
    assert not refers_back("NGS-based MRD assessment has gained interest.")
    assert not refers_back("In this study, 40 patients were enrolled.")  # the report's own
    said = passages("NGS-based MRD assessment gained interest. Still, this method is not used.")
    units = said[1].units
    method = Candidate(1, units[1], said[1].unit_text(units[1]), Coverage((), ()),
                       (0.0,) * len(FEATURES), 0.9)  # fmt: skip
    result = answerer().select(question(kinds=frozenset()), [method], said)
    assert [s.text for s in result.sentences] == [
        "NGS-based MRD assessment gained interest.", "Still, this method is not used.",
    ]  # fmt: skip


def test_an_answer_sentence_leaves_out_the_papers_reference_markers() -> None:
    # "[6]" in an answer would read as a citation of its own; the quote keeps the exact text.
    cited = passages("Ten MAPK phosphatases are known [6] [7] .")
    span = cited[1].units[0]
    best = Candidate(1, span, cited[1].unit_text(span), Coverage((), ()),
                     (0.0,) * len(FEATURES), 0.9)  # fmt: skip
    result = answerer().select(question(kinds=frozenset()), [best], cited)
    assert [s.text for s in result.sentences] == ["Ten MAPK phosphatases are known."]
    assert result.sentences[0].quotes == {1: span}


def test_a_part_ranks_the_passages_its_own_searches_found_first() -> None:
    # Passage 2 is numbered after the whole question's passage 1, but the part's own search
    # found it first: for that part it is rank 1, and the passages it did not find rank after
    # what it found, in their order (before, passage 3 ranked 4th of 3, as if 2 were not found).
    three = passages("Drug A reached 35%.", "Drug B reached 20%.", "Drug C reached 10%.")
    vectors = QueryVectors([1.0] * 64, [1.0] * 64, np.ones((3, 64), np.float32))
    statistics = TermStatistics(chunks=3, doc_freq={}, topics={})
    index = SentenceIndex.empty("hashing-64")
    rank = FEATURES.index("passage_rank")

    def ranks(found: dict[int, int] | None) -> dict[int, float]:
        scored = answerer().candidates(
            question(), vectors, three, index, statistics, {}, ranks=found
        )
        return {c.marker: c.values[rank] for c in scored}

    assert ranks(None) == {1: 1.0, 2: 0.5, 3: 1 / 3}
    assert ranks({2: 1}) == {1: 0.5, 2: 1.0, 3: 1 / 3}
    assert ranks({3: 1, 1: 2}) == {1: 0.5, 2: 1 / 3, 3: 1.0}  # no rank left out


def test_a_chunk_found_by_its_sentences_offers_only_those_and_keeps_its_context() -> None:
    text = "Drug A was tested. These patients responded in 35%. Drug A was well tolerated."
    chunk = passages(text)[1].hit
    every = passages(text)[1].units
    found = number_passages([chunk], {chunk.chunk.id: {every[1]}})[1]
    assert found.units == (every[1],) and found.all_units == every
    assert found.facts.percentages == {35.0}
    assert not number_passages([chunk], {chunk.chunk.id: {every[0]}})[1].facts.percentages
    assert lead_in(found, every[1]) == "Drug A was tested. "
    assert antecedent(found, every[1], found.unit_text(every[1])) == every[0]


def _chunks(*texts: str, gap: str = " ") -> list[Chunk]:
    """Chunks of one paragraph (or, with ``gap`` a paragraph break, of several)."""
    out, offset = [], 0
    for i, text in enumerate(texts):
        out.append(
            Chunk(
                id=f"k{i}",
                doc_id="review",
                text=text,
                start=offset,
                end=offset + len(text),
                section="Results",
                section_kind="body",
                language="en",
            )  # fmt: skip
        )
        offset += len(text) + len(gap)
    return out


def test_a_lead_in_reads_on_into_the_chunk_before_within_its_paragraph() -> None:
    earlier, later = _chunks(
        "Drug B was tested in 20 patients. Drug A plus drug B reached a rate of 75%.",
        "The median duration of remission was 4.9 months. Drug C was tested.",
    )
    hit = ScoredChunk(chunk=later, score=1.0)
    [found] = number_passages([hit], None, {later.id: earlier}).values()
    assert found.before == (
        "Drug B was tested in 20 patients.",
        "Drug A plus drug B reached a rate of 75%.",
    )
    first, second = found.units
    assert lead_in(found, first) == " ".join(found.before)
    # a sentence with a lead-in of its own takes only what it lacks from the chunk before
    assert lead_in(found, second) == (
        "Drug A plus drug B reached a rate of 75%. The median duration of remission was 4.9 months."
    )
    assert lead_in(number_passages([hit])[1], first) == ""  # no chunk before: no lead-in


def test_a_lead_in_starts_no_earlier_than_a_sentence_introducing_its_subject() -> None:
    earlier, later = _chunks(
        "Drug B was tested in 68 patients. Revumab, an oral inhibitor, was tested in 40.",
        "The ORR was 40%.",
    )
    hit = ScoredChunk(chunk=later, score=1.0)
    [found] = number_passages([hit], None, {later.id: earlier}).values()
    assert lead_in(found, found.units[0]) == "Revumab, an oral inhibitor, was tested in 40."
    [own] = passages(
        "Drug B was tested in 68 patients. Revumab, an oral inhibitor, was tested. The ORR was 40%."
    ).values()
    assert lead_in(own, own.units[2]) == "Revumab, an oral inhibitor, was tested. "
    [linked] = passages(
        "Drug B was tested. Overall, the ORR was 40%. The CR rate was 30%."
    ).values()
    assert lead_in(linked, linked.units[2]).startswith("Drug B was tested.")
    [new] = passages(
        "The CR rate was 56% in the enasidenib arm. Imgn, a CD123 conjugate, had an ORR of 55%."
    ).values()
    assert lead_in(new, new.units[1]) == ""  # it introduces a subject of its own


def test_a_lead_in_reaches_back_to_a_sentence_introducing_the_results_after_it() -> None:
    results = "The ORR was 75%. The CR rate was 69%. Median OS was not reached."
    last = "In all, 46% went to HCT."
    [own] = passages(
        f"Drug B was given. Flagida has been tested with venetoclax. {results} {last}"
    ).values()
    assert lead_in(own, own.units[5]) == f"Flagida has been tested with venetoclax. {results} "
    [farther] = passages(
        f"Flagida has been tested with venetoclax. The trial was small. {results} {last}"
    ).values()
    assert lead_in(farther, farther.units[5]) == "The CR rate was 69%. Median OS was not reached. "
    earlier, later = _chunks(
        "Drug B was given. Flagida has been tested with venetoclax. The ORR was 75%.",
        "The CR rate was 69%. Median OS was not reached. In all, 46% went to HCT.",
    )
    hit = ScoredChunk(chunk=later, score=1.0)
    [found] = number_passages([hit], None, {later.id: earlier}).values()
    assert lead_in(found, found.units[2]) == (
        "Flagida has been tested with venetoclax. The ORR was 75%. The CR rate was 69%. "
        "Median OS was not reached."
    )


def test_a_paragraph_reads_back_through_all_of_the_chunk_before_it_runs_on_from() -> None:
    earlier, later = _chunks(
        "In 2021, a 75-year-old man was diagnosed. He received AZA/VEN. He reached CRi.",
        "He took a drug holiday. The disease recurred with 35% blasts.",
    )
    hit = ScoredChunk(chunk=later, score=1.0)
    [found] = number_passages([hit], None, {later.id: earlier}).values()
    holiday, recurred = found.units
    assert paragraph_before(found, recurred) == (
        "He took a drug holiday.",
        "He reached CRi.",
        "He received AZA/VEN.",
        "In 2021, a 75-year-old man was diagnosed.",
    )
    assert lead_in(found, holiday) == "He received AZA/VEN. He reached CRi."  # two sentences


def test_a_paragraph_break_ends_what_is_read_from_the_chunk_before() -> None:
    earlier, later = _chunks("Drug B was tested.\n\nDrug A reached a rate of 75%.", "It lasted.")
    assert preceding(later, earlier) == ("Drug A reached a rate of 75%.",)
    apart, after = _chunks("Drug A reached a rate of 75%.", "It lasted.", gap="\n\n")
    assert preceding(after, apart) == ()  # ends before a break: nothing runs on
    hit = ScoredChunk(chunk=later, score=1.0)
    opening = replace(number_passages([hit])[1], before=("Drug A reached 75%.",))
    opened = later.model_copy(update={"text": "\n\nIt lasted."})
    broken = replace(
        number_passages([ScoredChunk(chunk=opened, score=1.0)])[1], before=opening.before
    )
    assert lead_in(opening, opening.units[0]) == "Drug A reached 75%."
    assert lead_in(broken, broken.units[0]) == ""  # the chunk opens a paragraph of its own


def test_a_sentence_that_cannot_answer_sets_no_bar_for_the_gaps() -> None:
    # "What was the ORR of drug A?" asks a percentage: the sentence naming the ORR as the
    # endpoint states none, so the one stating 19% is measured against no better rival.
    found = passages("The ORR of drug A was the primary endpoint. Drug A gave responses in 19%.")
    embedder = HashingEmbedder()
    text = "What was the ORR of drug A?"
    [vector] = embedder.embed_documents([text])
    vectors = QueryVectors(vector, vector, embedder.embed_with_tokens([text])[0].tokens)
    statistics = TermStatistics(chunks=1, doc_freq={}, topics={})
    asked = Question(text, ("orr", "drug"), {}, {}, frozenset({"percent"}), foreign=False)
    scored = answerer().candidates(
        asked, vectors, found, SentenceIndex.empty("hashing-64"), statistics, {}
    )
    gap = FEATURES.index("similarity_gap")
    by_text = {c.text: c for c in scored}
    endpoint = by_text["The ORR of drug A was the primary endpoint."]
    stated = by_text["Drug A gave responses in 19%."]
    assert endpoint.missing.kinds == ("percent",) and not stated.missing.kinds
    assert endpoint.values[gap] > 0 and stated.values[gap] == 0.0
