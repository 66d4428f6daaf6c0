"""The answer contract, end to end on the real seed corpus."""

import re

import pytest

from rag.answering.engine import AnswerEngine
from rag.answering.types import Turn
from rag.assemble import make_engine
from rag.embeddings import Embedded
from rag.errors import InputError

pytestmark = pytest.mark.slow


def test_markers_and_citations_correspond_and_quotes_are_exact(engine, seed_docs) -> None:
    for question in [
        "What CR rate did ziftomenib reach in NPM1-mutant AML?",
        "What was the CRc rate after one cycle of Lipo-MIT plus CLAG?",
        "What does MRD relapse mean?",
    ]:
        answer = engine.answer(question)
        markers = [int(m) for m in re.findall(r"\[(\d+)\]", answer.answer)]
        assert sorted(set(markers)) == [c.marker for c in answer.citations]
        assert [c.marker for c in answer.citations] == list(range(1, len(answer.citations) + 1))
        for citation in answer.citations:
            text = seed_docs[citation.doc_id].text
            assert text[citation.start : citation.end] == citation.quote
        assert answer.mode == "extractive" and answer.model == "extractive"
        assert not answer.fallback
        timings = answer.timings_ms
        assert timings.total >= timings.retrieve > 0


def test_follow_up_is_rewritten_from_history(engine) -> None:
    history = [
        Turn(role="user", content="What was the median PFS with milademetan?"),
        Turn(role="assistant", content="The median PFS was 3.5 months (95% CI:1.8, 3.7). [1]"),
    ]
    answer = engine.answer("And what was its best overall response?", history=history)
    assert "milademetan" in answer.standalone_question
    assert not answer.refused
    assert answer.citations[0].doc_id == "milademetan-mantra-2"
    assert "19.4%" in answer.answer


def test_a_follow_up_comparing_with_a_control_is_one_question(engine) -> None:
    # "versus salvage chemotherapy" names no second subject: only the carried "(gilteritinib)"
    # had made it look like one.
    history = [
        Turn(role="user", content="What is gilteritinib approved for?"),
        Turn(role="assistant", content="Gilteritinib is approved for relapsed FLT3 mutated AML."),
    ]
    answer = engine.answer("What median OS did it reach versus salvage chemotherapy?", history)
    assert "9.3 vs 5.6 months" in answer.answer


def test_a_follow_up_naming_a_new_subject_or_only_an_endpoint_keeps_the_conversation(
    engine,
) -> None:
    # "And with enasidenib?" had carried "CR", not "composite", and answered gilteritinib plus
    # venetoclax's "composite complete response rate (CR + CRi + ...)" of 75% at 0.84.
    asked = "What composite CR rate did ASTX727 and venetoclax with ivosidenib reach?"
    history = [Turn(role="user", content=asked), Turn(role="assistant", content="50% [1]")]
    assert "56% in the enasidenib arm" in engine.answer("And with enasidenib?", history).answer
    # "What was the ORR?" names only an endpoint: it asks about what the conversation is about.
    asked = "What was the CRc rate with Lipo-MIT plus CLAG?"
    history = [Turn(role="user", content=asked), Turn(role="assistant", content="63.0% [1]")]
    assert "70.4%" in engine.answer("What was the ORR?", history).answer
    # "initiated at 120 mg/d" states what "dose" asks, though it does not say the word.
    asked = "What is gilteritinib approved for?"
    history = [Turn(role="user", content=asked), Turn(role="assistant", content="R/R AML [1]")]
    assert "120 mg/d" in engine.answer("What dose is used?", history).answer


def test_a_long_previous_turn_leaves_the_question_within_its_limit(engine) -> None:
    """Before: a 59 KB previous turn made a 58,921-character standalone question (9 s)."""
    long_turn = " ".join(f"zoltamab{i}" for i in range(6000)) + " in NPM1-mutant AML?"
    history = [Turn(role="user", content=long_turn)]
    answer = engine.answer("and what about its median OS?", history=history)
    assert len(long_turn) > 59_000
    assert len(answer.standalone_question) <= 2000
    assert answer.standalone_question.startswith("and what about its median OS? (")


def test_a_slip_of_the_keyboard_is_read_with_the_corpus_spelling(engine) -> None:
    answer = engine.answer("What CR rate did ziftomneib reach in NPM1-mutant AML?")
    assert answer.standalone_question == "What CR rate did ziftomenib reach in NPM1-mutant AML?"
    assert not answer.refused and "35%" in answer.answer


def test_a_name_run_together_is_read_as_the_corpus_writes_it(engine) -> None:
    answer = engine.answer("How many patients were enrolled in KOMET001?")
    assert answer.standalone_question == "How many patients were enrolled in KOMET-001?"
    assert not answer.refused and "enrolled 83 patients" in answer.answer
    # A trial the corpus does not report stays a name it lacks.
    absent = engine.answer("How many patients were enrolled in KOMET017?")
    assert absent.standalone_question == "How many patients were enrolled in KOMET017?"
    assert absent.refused and absent.refusal_reason == "missing_entity"


def test_a_sentence_opening_its_chunk_by_referring_back_follows_the_one_it_refers_to(
    engine, seed_docs
) -> None:
    # "These mutations, called DTA mutations, ..." opens a chunk of the review; the sentence
    # naming them (DNMT3A, ASXL1, TET2) ends the chunk before.
    answer = engine.answer("What are DTA mutations?")
    assert not answer.refused and answer.answer.index("DNMT3A") < answer.answer.index("called DTA")
    for citation in answer.citations:
        assert seed_docs[citation.doc_id].text[citation.start : citation.end] == citation.quote
    assert len({c.chunk_id for c in answer.citations}) >= 2


def test_a_sentence_opening_its_chunk_leans_on_the_one_ending_the_chunk_before(engine) -> None:
    # "The median duration of remission was 4.9 months." opens a chunk of the review; the
    # sentence before it, ending the chunk before, names gilteritinib plus venetoclax.
    answer = engine.answer(
        "What was the median duration of remission with gilteritinib plus venetoclax?"
    )
    assert "4.9 months" in answer.answer


def test_a_table_row_states_no_value_of_the_rows_around_it(engine) -> None:
    # The review's Table 2 flattened: "MRD relapse ... VEN-LDAC 54% MRDneg 2 y EFS, 54%", then
    # "2 y OS, 73%" on a line of its own, then "Molecular MRD failure ... Median OS, 18.4 mo".
    # The next row's median OS is not the asked 2-year OS with VEN-LDAC; the row's own is, the
    # line its cell broke onto quoted with it.
    answer = engine.answer("What was the 2-year overall survival with VEN-LDAC for MRD relapse?")
    assert "18.4" not in answer.answer
    assert "VEN-LDAC 54% MRDneg 2 y EFS, 54%\n2 y OS, 73%" in answer.answer


def test_a_table_row_broken_over_lines_is_quoted_with_the_label_opening_it(engine) -> None:
    # "NPM1 MRD relapse 30 27 chemotherapy + HCT" / "3 direct HCT" / "59% MRDneg ... 2 y OS,
    # 63%": the 2-year OS of the NPM1 MRD relapse row, not the 86% of the NPM1 MRD failure row
    # above it, whose value line names no more than this one's.
    answer = engine.answer(
        "What 2-year OS did NPM1 MRD relapse patients reach with chemotherapy and HCT?"
    )
    assert "63%" in answer.answer and "86%" not in answer.answer
    assert "NPM1 MRD relapse 30 27 chemotherapy + HCT" in answer.answer


def test_a_subgroup_or_amount_of_treatment_asked_about_is_the_answers_own(engine) -> None:
    # Lipo-MIT plus CLAG: the whole trial's 6-month RFS (80.8%) is not that of the 6 patients
    # who received HSCT (100%), and its ORR after one cycle (70.4%) not one after two cycles,
    # which the abstract does not report.
    hsct = engine.answer(
        "What was the 6-month relapse-free survival of patients who received HSCT after "
        "Lipo-MIT plus CLAG?"
    )
    assert not hsct.refused and "100%" in hsct.answer and "80.8%" not in hsct.answer
    cycles = engine.answer("What was the ORR of Lipo-MIT plus CLAG after two cycles?")
    assert "70.4%" not in cycles.answer
    older = engine.answer(
        "What was the two-year overall survival of infants older than six months given "
        "blinatumomab?"
    )
    assert "93.3%" not in older.answer  # all infants, aged under 1 year
    # The RFS sentence after the one on the 7 patients given 2 cycles is no MRD negative rate.
    mrd = engine.answer("What was the MRD negative rate after two cycles of Lipo-MIT plus CLAG?")
    assert "80.8%" not in mrd.answer and "80.0%" not in mrd.answer
    # MANTRA-2 enrolled TP53-wildtype tumours only; its 19.4% is no rate of TP53-mutated ones.
    tp53 = engine.answer(
        "What objective response rate did milademetan reach in patients with TP53 mutations?"
    )
    assert "19.4%" not in tp53.answer
    # The review's ziftomenib CR rate is of "NPM1-mutated or KMT2A-rearranged AML" together.
    kmt2a = engine.answer("What CR rate did ziftomenib reach in KMT2A-rearranged AML?")
    assert "30%" not in kmt2a.answer
    # Survival with and without salvage therapy is not the whole cohort's median OS.
    salvage = engine.answer(
        "How long did patients survive with and without salvage therapy after relapsing on HMA/VEN?"
    )
    assert "2.9" in salvage.answer and "2.4 months" not in salvage.answer
    # NPM1-mutated AML is named two sentences before the 41 patients' median OS, not by it.
    npm1 = engine.answer(
        "What median OS did patients with NPM1 mutations reach after progression on HMA/VEN?"
    )
    assert "2.4 months" not in npm1.answer and "4.4 months" not in npm1.answer
    # The 78% 1-year survival after transplant is of patients with R/R AML.
    new = engine.answer(
        "What 1-year survival after transplant did patients with newly diagnosed AML reach?"
    )
    assert "78%" not in new.answer
    # Survival "after progression after HMA/VEN" is of relapsed patients, though the sentence
    # before speaks of frontline HMA/VEN.
    enasidenib = engine.answer("What median OS did enasidenib reach in newly diagnosed AML?")
    assert "4.4 months" not in enasidenib.answer


def test_patients_who_had_received_a_drug_are_not_those_naive_to_it(engine) -> None:
    # The review gives magrolimab plus AZA/VEN's median OS only with prior VEN exposure.
    naive = engine.answer(
        "What median OS did magrolimab plus AZA/VEN reach in venetoclax-naive patients?"
    )
    assert "3.1 months" not in naive.answer
    exposed = engine.answer(
        "What median OS did magrolimab plus AZA/VEN reach in patients with prior venetoclax "
        "exposure?"
    )
    assert "3.1 months" in exposed.answer


def test_another_stage_or_age_group_named_earlier_in_the_paragraph_is_not_the_one_asked(
    engine,
) -> None:
    # The review's gilteritinib paragraph opens with the phase 3 study in R/R AML; its 2-year
    # survival sentence names no stage. FLAG-IDA plus venetoclax was tested in adults.
    new = engine.answer("What was the 2-year survival with gilteritinib in newly diagnosed AML?")
    assert new.refused
    relapsed = engine.answer("What was the 2-year survival with gilteritinib in R/R AML?")
    assert "20.6%" in relapsed.answer
    assert engine.answer("What ORR did FLAG-IDA plus venetoclax reach in pediatric AML?").refused
    infants = engine.answer("What was the 2-year OS of the infants treated with blinatumomab?")
    assert "93.3%" in infants.answer


def test_a_sentence_naming_an_endpoint_by_its_short_form_is_read_as_its_long_form(engine) -> None:
    # "Median OS was significantly longer in the gilteritinib arm" was embedded as letters "OS"
    # (cosine 0.49 with the question, 0.63 spelled out) and refused under the threshold.
    answer = engine.answer(
        "Did gilteritinib improve overall survival compared with salvage chemotherapy?"
    )
    assert "9.3 vs 5.6 months" in answer.answer


def test_a_case_patient_asked_about_by_age_is_the_one_the_review_introduces(engine) -> None:
    # The review's third case opens "In 2022, a 65-year-old man underwent a bone marrow biopsy";
    # it gives no median OS for him (that of a triplet trial had answered at 0.42).
    screening = engine.answer("What did molecular screening show in the 65-year-old man?")
    assert "TP53, DNMT3A, and NRAS" in screening.answer
    assert engine.answer("What was the median OS of the 65-year-old man?").refused
    # The second case's recurrence is four sentences after "In 2021, a 75-year-old man", in a
    # chunk that opens two sentences after it; "recurred" answers "recurrence".
    blasts = engine.answer("What blast percentage did the 75-year-old man have at recurrence?")
    assert "35% blasts" in blasts.answer
    # The case is searched for itself: no search for "Which genes were mutated" found it, and
    # the Lipo-MIT cohort's "most frequently mutated genes" set the bar it was measured against.
    genes = engine.answer("Which genes were mutated in the 65-year-old man?")
    assert "TP53, DNMT3A, and NRAS" in genes.answer
    assert (
        "5 months" in engine.answer("When did the 65-year-old man relapse after transplant?").answer
    )
    # The sentence introducing him answers nothing it says no word of.
    assert engine.answer("What induction did the 65-year-old man get?").refused


def test_a_phase_of_treatment_asked_is_the_one_named_nearest(engine) -> None:
    # The gilteritinib arm's median OS is the salvage trial's; the maintenance trial gives none.
    assert engine.answer("What was the median OS with gilteritinib maintenance?").refused
    salvage = (
        "For fit patients without actionable targets, what CR rates can salvage therapy reach?"
    )
    assert "40% to 60%" in engine.answer(salvage).answer
    assert "85%" in engine.answer("What was the 2-year RFS with sorafenib maintenance?").answer


def test_the_trial_phase_asked_is_the_one_named_nearest(engine) -> None:
    # The review's 2-year RFS of 85% follows "a ... phase 2 trial"; a phase 3 trial follows it.
    assert engine.answer("What was the 2-year RFS with sorafenib in the phase 3 trial?").refused
    phase_2 = engine.answer("What was the 2-year RFS with sorafenib in the phase 2 trial?")
    assert "85%" in phase_2.answer


def test_a_registry_identifier_asked_of_a_named_trial_is_that_trial_s(engine) -> None:
    # The ziftomenib report gives the identifiers of two other phase 1 trials, none of KOMET-001.
    assert engine.answer("What is the trial registration number of KOMET-001?").refused
    lipo = engine.answer("What is the trial registration number of the Lipo-MIT plus CLAG study?")
    assert "ChiCTR2400086291" in lipo.answer


def test_a_combination_s_value_is_not_a_single_agent_s(engine) -> None:
    # IMGN632 was studied "in combination with AZA/VEN ... with an ORR of 55%".
    assert engine.answer("What was the ORR of IMGN632 as a single agent?").refused
    assert "55%" in engine.answer("What was the ORR of IMGN632 with AZA/VEN?").answer


def test_a_value_of_the_other_alternative_is_not_the_asked_one_s(engine) -> None:
    # "the HMAs azacitidine (AZA) or decitabine plus venetoclax", then VIALE-A's AZA/VEN arm.
    assert engine.answer(
        "What was the median OS with decitabine plus venetoclax in VIALE-A?"
    ).refused
    azacitidine = engine.answer(
        "What was the median OS with azacitidine plus venetoclax in VIALE-A?"
    )
    assert "14.7 months" in azacitidine.answer


def test_a_regimen_s_value_is_none_of_a_regimen_with_another_partner_s(engine) -> None:
    # "The triplet combination AZA/VEN plus gilteritinib ... The median OS was 5.8 months, and
    # the 1-year OS rate was 27%": the triplet's, not gilteritinib plus venetoclax's.
    assert engine.answer("What was the 1-year OS with gilteritinib plus venetoclax?").refused
    assert "27%" in engine.answer("What was the 1-year OS with AZA/VEN plus gilteritinib?").answer
    # "with ASTX727 and venetoclax plus gilteritinib" is one regimen, which no text reports on
    assert engine.answer(
        "What was the composite CR rate with ASTX727 and venetoclax plus gilteritinib?"
    ).refused


def test_a_sentence_introducing_a_drug_ends_what_came_before_it(engine) -> None:
    # revumenib's sentence, then "Ziftomenib, an oral inhibitor of menin-KMT2A ... In the
    # preliminary report, CR and ORR rates were 30% and 40%"
    assert engine.answer("What was the ORR of revumenib?").refused
    assert "40%" in engine.answer("What ORR did ziftomenib reach in the preliminary report?").answer
    # "Flotetuzumab and vibecotamab are ... molecules. Flotetuzumab was studied in a phase 1/2
    # study in 88 patients. The ORR was 30% ..."
    assert engine.answer("What ORR did vibecotamab reach?").refused
    assert "30%" in engine.answer("What ORR did flotetuzumab reach?").answer


def test_a_sentence_opening_with_its_people_is_about_them_not_a_subgroup_before(engine) -> None:
    # "... followed by FLT3-ITD, TP53, ASXL1 and U2AF1 (each 7.4%, 2/27). Among all 27
    # efficacy-evaluable pts, the CRc rate and ORR after one cycle were 63.0% ..."
    assert engine.answer(
        "What was the CRc rate with Lipo-MIT plus CLAG in TP53-mutated patients?"
    ).refused


def test_the_analysis_asked_is_the_one_reported(engine) -> None:
    # "... VIALE-A trial, in which a median OS of 14.7 months ... at a median follow-up of 20.5
    # months. In an updated analysis with a median follow-up of 43.2 months, ..."
    first = engine.answer("What was the median follow-up in VIALE-A's first analysis?")
    assert "20.5 months" in first.answer and "43.2" not in first.answer
    updated = engine.answer("What was the median follow-up in VIALE-A's updated analysis?")
    assert "43.2 months" in updated.answer
    followed = engine.answer("How long were infants followed in the blinatumomab study?")
    assert "26.3 months" in followed.answer


def test_a_sentence_naming_its_subject_as_this_method_is_quoted_after_the_one_naming_it(
    engine,
) -> None:
    answer = engine.answer("Which MRD method is not yet established in routine practice?")
    assert "Next-generation sequencing (NGS)" in answer.answer


def test_a_follow_up_about_a_case_patient_stays_with_that_patient(engine) -> None:
    question = "What did the 52-year-old woman receive as consolidation?"
    first = engine.answer(question)
    history = [Turn(role="user", content=question), Turn(role="assistant", content=first.answer)]
    assert "3 cycles" in engine.answer("And how many cycles?", history=history).answer


def test_a_case_patient_s_story_told_in_later_paragraphs_answers_about_her(engine) -> None:
    # "In 2020, a 52-year-old woman was diagnosed ..." opens her case; eleven chunks later,
    # "Already 4 weeks after detecting MRD, the patient developed a morphological relapse. ...
    # Treatment with gilteritinib monotherapy was initiated at 120 mg/d."
    drug = engine.answer("Which drug was started at 120 mg/d at the 52-year-old woman's relapse?")
    assert "gilteritinib" in drug.answer
    later = engine.answer("How long after transplant was the 52-year-old woman still in CR?")
    assert "180 days" in later.answer
    # the discussion around "our patient 3" is not the 65-year-old man's story
    assert (
        "5 months" in engine.answer("When did the 65-year-old man relapse after transplant?").answer
    )


def test_an_endpoint_named_as_a_point_in_time_need_not_be_named_by_the_answer(engine) -> None:
    # "He received ... AZA/VEN and achieved a CRi after the first cycle. He was treated with an
    # additional 12 cycles of AZA/VEN ..."
    answer = engine.answer("How many cycles of AZA/VEN did the 75-year-old man receive after CRi?")
    assert "12 cycles" in answer.answer


def test_an_abbreviation_in_the_plural_names_what_its_singular_does(engine) -> None:
    # "DLIs can be combined with other therapies, ... but require careful monitoring for the
    # development of graft-versus-host disease." was missing "dli"
    answer = engine.answer("What must be monitored when DLIs are combined with other therapies?")
    assert "graft-versus-host disease" in answer.answer


def test_a_median_survival_given_without_the_word_answers(engine) -> None:
    # "failed to show an OS benefit ... (6.5 months with enasidenib vs 6.2 months ...)"
    answer = engine.answer("What median OS did enasidenib reach in the phase 3 trial?")
    assert "6.5 months" in answer.answer


def test_a_population_named_only_as_an_example_is_not_the_one_a_value_is_of(engine) -> None:
    # "The best overall response was 19.4% ..., including a patient with endometrial stromal
    # sarcoma who achieved 100% target lesion reduction."
    assert engine.answer("What was the ORR of milademetan in endometrial stromal sarcoma?").refused
    assert "19.4%" in engine.answer("What was the best overall response with milademetan?").answer


def test_a_question_in_everyday_words_is_answered_in_the_report_s_words(engine) -> None:
    # "side effects" for "adverse events"; "subtype" is an ordinary word, not a name to find.
    assert "thrombocytopenia" in engine.answer("What side effects did milademetan cause?").answer
    assert "KMT2A-rearranged" in engine.answer("Which ALL subtype did the infants have?").answer


def test_a_landmark_survival_rate_asked_is_answered_with_a_rate(engine) -> None:
    # The review says only that the arms' 3-year OS was similar.
    assert engine.answer("What was the 3-year OS in the DISC-arm?").refused


def test_a_dose_on_a_day_the_schedule_does_not_give_is_refused(engine) -> None:
    # Lipo-MIT is given on day 1 and cladribine on days 1-5; neither on the day asked.
    assert engine.answer("What dose of Lipo-MIT was given on day 8?").refused
    assert engine.answer("What dose of cladribine was given on day 6?").refused
    assert "5 mg/m" in engine.answer("What dose of cladribine was given on day 3?").answer


def test_what_a_rate_endpoint_was_is_answered_with_its_rate(engine) -> None:
    # Not with "The primary endpoint was objective response rate (ORR)".
    orr = engine.answer("What ORR did milademetan reach?")
    assert "19.4%" in orr.answer and "primary endpoint" not in orr.answer
    # Nor is that sentence the bar the one stating the rate is measured against.
    assert "19.4%" in engine.answer("What was the ORR of milademetan?").answer
    assert "70.4%" in engine.answer("What was the ORR of Lipo-MIT plus CLAG?").answer


def test_a_query_of_names_alone_is_answered_with_the_value_it_names(engine) -> None:
    # Not with the sentences naming ORR and PFS as the trial's endpoints, nor the one on the
    # difficulty of dosing triplets; "DFS" is written out in the report only.
    assert "19.4%" in engine.answer("milademetan ORR").answer
    assert "3.5 months" in engine.answer("milademetan PFS").answer
    assert "81.6%" in engine.answer("blinatumomab DFS").answer
    assert "120 mg" in engine.answer("gilteritinib dose").answer


def test_an_endpoint_asked_in_another_language_is_answered_by_the_sentence_naming_it(
    engine,
) -> None:
    # Not by the sentence on how blinatumomab was given, which the embedding model, reading
    # English only, had found closest; the report gives no event-free survival at all.
    spanish = engine.answer("¿Cuál fue la supervivencia global con blinatumomab en lactantes?")
    assert "93.3%" in spanish.answer and "4-week" not in spanish.answer
    french = engine.answer("Quelle était la survie sans événement avec le blinatumomab?")
    assert french.refused


def test_response_rates_asked_of_two_subjects_are_response_rates(engine) -> None:
    # Not the median survival of NPM1-mutated AML, nor Lipo-MIT plus CLAG's survival rates.
    both = engine.answer(
        "What were the response rates with ziftomenib in NPM1-mutated AML and with Lipo-MIT plus "
        "CLAG?"
    )
    assert "35%" in both.answer and "70.4%" in both.answer


def test_a_rate_of_another_kind_of_remission_is_no_answer(engine) -> None:
    # The review gives ziftomenib's CR rate, and gilteritinib's CR/CRh; none is ziftomenib's
    # CRh. The Lipo-MIT plus CLAG abstract gives a composite CR rate only (and survival rates).
    crh = engine.answer("What was the CRh rate with ziftomenib?")
    assert "34.0%" not in crh.answer and "30%" not in crh.answer
    cr = engine.answer("What complete remission rate did Lipo-MIT plus CLAG reach?")
    assert "80.8%" not in cr.answer and "63.0%" not in cr.answer
    crc = engine.answer("What CRc rate did Lipo-MIT plus CLAG reach?")
    assert "63.0%" in crc.answer


@pytest.mark.parametrize("question", ["", "   ", "x" * 2001])
def test_bad_questions(engine, question: str) -> None:
    with pytest.raises(InputError):
        engine.answer(question)


def test_llm_mode_needs_an_llm(engine) -> None:
    with pytest.raises(InputError, match="llm"):
        engine.answer("What is menin?", mode="llm")


def test_the_best_passages_short_document_is_read_whole(engine, seeded_corpus) -> None:
    """The Lipo-MIT abstract's result chunk names neither drug; it is a candidate because its
    document's best chunk was retrieved. The 104-chunk review is never read whole."""
    considered = engine.consider("What was the dosing schedule of Lipo-MIT plus CLAG?")
    by_doc: dict[str, set[str]] = {}
    for passage in considered.passages.values():
        by_doc.setdefault(passage.hit.chunk.doc_id, set()).add(passage.hit.chunk.id)
    store = seeded_corpus.snapshot().store
    assert by_doc["lipo-mit-clag-rr-aml"] == store.chunk_ids("lipo-mit-clag-rr-aml")
    review = by_doc.get("rr-aml-how-i-treat", set())
    assert len(review) < len(store.chunk_ids("rr-aml-how-i-treat"))
    markers = [p.marker for p in considered.passages.values()]
    assert markers == list(range(1, len(markers) + 1))


def test_a_multi_part_question_is_considered_part_by_part(engine) -> None:
    considered = engine.consider("Which trial enrolled more patients, KOMET-001 or MANTRA-2?")
    assert len(considered.parts) == 2
    best = [next(c for c in part if c.complete) for part in considered.parts]
    assert "83 patients" in best[0].text and "40 patients" in best[1].text
    assert not engine.consider("What CR rate did ziftomenib reach?").parts


def test_a_question_its_parts_and_what_they_ask_are_embedded_in_one_call(
    engine: AnswerEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedder = engine.corpus.embedder
    batches: list[list[str]] = []
    embed_with_tokens = embedder.embed_with_tokens

    def recording(texts: list[str], *, query: bool = False) -> list[Embedded]:
        assert query
        batches.append(list(texts))
        return embed_with_tokens(texts, query=query)

    def elsewhere(*texts: object) -> list[float]:
        raise AssertionError(f"embedded in another call: {texts}")

    monkeypatch.setattr(embedder, "embed_with_tokens", recording)
    monkeypatch.setattr(embedder, "embed_queries", elsewhere)
    monkeypatch.setattr(embedder, "embed_query", elsewhere)
    question = "Which trial enrolled more patients, KOMET-001 or MANTRA-2?"
    answer = engine.answer(question)
    assert not answer.refused
    assert len(batches) == 1
    assert batches[0][0] == question
    assert {"Which trial enrolled more patients, KOMET-001",
            "Which trial enrolled more patients, MANTRA-2"} <= set(batches[0])  # fmt: skip
    assert len(batches[0]) == len(set(batches[0])) > 3  # what each asks too, each text once


def test_explain_shows_the_whole_question_and_each_part(engine) -> None:
    answer = engine.answer(
        "Which trial enrolled more patients, KOMET-001 or MANTRA-2?", explain=True
    )
    explained = answer.explain or []
    whole = [c for c in explained if c.part is None]
    parts = list(dict.fromkeys(c.part for c in explained if c.part is not None))
    assert len(whole) == 10 and len(parts) == 2
    assert all(c.part_subject_named is None for c in whole)
    assert all(c.part_subject_named is not None for c in explained if c.part is not None)
    quoted = {(c.doc_id, c.start) for c in answer.citations}
    assert quoted <= {(c.doc_id, c.start) for c in explained if c.part is not None}
    for candidate in explained:
        assert set(candidate.features) == set(candidate.contributions)
    single = engine.answer("What CR rate did ziftomenib reach?", explain=True)
    assert single.explain and all(c.part is None for c in single.explain)
    assert engine.answer("What CR rate did ziftomenib reach?").explain is None


def test_sentences_of_retrieved_documents_outside_the_passages_are_candidates(
    engine, seeded_corpus
) -> None:
    settings = seeded_corpus.settings
    assert settings.answer.sentence_hits == 5  # on by default
    answer = settings.answer.model_copy(update={"sentence_hits": 0})
    plain = make_engine(settings.model_copy(update={"answer": answer}), corpus=seeded_corpus)
    question = "Why should mutational analysis be repeated at relapse?"
    assert not any(p.context for p in plain.consider(question).passages.values())
    considered = engine.consider(question)
    passages = list(considered.passages.values())
    found = [p for p in passages if p.context]  # offering only the sentences the search found
    assert found and passages[-len(found) :] == found  # numbered after the retrieved chunks
    assert sum(len(p.units) for p in found) <= 5
    deeper = {hit.chunk.doc_id for hit in engine.search(question, k=30)}
    assert settings.answer.sentence_hit_chunks == 30
    assert all(p.hit.chunk.doc_id in deeper and set(p.units) < set(p.context) for p in found)
    assert len({p.hit.chunk.id for p in passages}) == len(passages)


def test_sentence_hits_come_from_the_documents_of_chunks_ranked_below_the_passages(
    engine, seeded_corpus
) -> None:
    settings = seeded_corpus.settings
    question = "How many infants were enrolled in the blinatumomab Interfant-06 study?"

    def outside(considered_by: AnswerEngine) -> set[str]:
        passages = considered_by.consider(question).passages.values()
        retrieved = {p.hit.chunk.doc_id for p in passages if not p.context}
        return {p.hit.chunk.doc_id for p in passages if p.context} - retrieved

    assert outside(engine) == {"milademetan-mantra-2"}  # "40 patients received milademetan"
    answer = settings.answer.model_copy(update={"sentence_hit_chunks": 1})  # as deep as k
    shallow = make_engine(settings.model_copy(update={"answer": answer}), corpus=seeded_corpus)
    assert outside(shallow) == set()
