from rag.answering.cues.stages import (
    analyses,
    disease_statuses,
    states_analysis,
    states_disease_status,
    states_treatment_setting,
    treatment_settings,
)


def test_a_phase_of_treatment_asked_must_be_the_one_named_nearest() -> None:
    assert treatment_settings("What was the median OS with gilteritinib maintenance?") == [
        "maintenance"
    ]
    assert treatment_settings("Was induction or salvage used?") == []  # both: neither
    salvage = ["Median OS was 9.3 months.", "247 patients were randomized to salvage therapy."]
    assert not states_treatment_setting("maintenance", salvage)
    assert not states_treatment_setting("maintenance", ["The median OS was 5.8 months."])
    kept = ["The 2-year RFS was 85%.", "Two trials studied sorafenib as maintenance therapy."]
    assert states_treatment_setting("maintenance", kept)
    assert states_treatment_setting("induction", ["She was treated with 7 + 3."])  # unsaid
    assert not states_treatment_setting("induction", salvage)


def test_the_analysis_asked_is_the_one_the_nearest_text_naming_one_names() -> None:
    assert analyses("What was the median follow-up in VIALE-A's first analysis?") == [
        "first analysis"
    ]
    assert analyses("What OS did the updated analysis of VIALE-A report?") == ["updated analysis"]
    assert analyses("What was the median OS in VIALE-A?") == []
    updated = "In an updated analysis with a median follow-up of 43.2 months, OS declined."
    first = "VIALE-A reported a median OS of 14.7 months at a median follow-up of 20.5 months."
    assert not states_analysis("first analysis", [updated, first])
    assert states_analysis("first analysis", [first])  # the first analysis goes unsaid
    assert not states_analysis("updated analysis", [first])  # an updated one must be named
    assert states_analysis("updated analysis", [updated])


def test_a_stage_of_disease_asked_stands_unless_only_the_other_is_named() -> None:
    new = "newly diagnosed"
    assert disease_statuses(
        "What 1-year survival did patients with newly diagnosed AML reach?"
    ) == [new]
    assert disease_statuses("What ORR was reached in R/R AML?") == ["relapsed or refractory"]
    assert disease_statuses("What ORR in relapsed and in newly diagnosed AML?") == []  # both
    assert disease_statuses("What ORR did ziftomenib reach?") == []
    assert disease_statuses("Where did the leukaemia come back in the babies who relapsed?") == []
    assert not states_disease_status(new, ["46% of patients with R/R AML proceeded to HCT"])
    assert states_disease_status(new, ["97% in those with newly diagnosed AML"])
    assert states_disease_status(new, ["a phase 3 trial is ongoing for firstline therapy"])
    assert states_disease_status(new, ["previously untreated and relapsed patients alike"])
    assert states_disease_status(new, ["The 1-year survival was 78%"])  # no stage named
    # The nearest text naming a stage decides: the sentence, then the one before, the title.
    after = "The median OS after progression was only 4.4 months."
    assert not states_disease_status(new, [after, "Salvage after frontline HMA/VEN."])
    assert states_disease_status(new, ["The ORR was 40%.", "In frontline AML.", "R/R AML"])
    for relapsed in (
        "salvage therapy", "after failure of HMA/VEN", "progressed on HMA/VEN",
        "patients who had received two or more prior treatments", "heavily pretreated patients",
        "resistance to multiple prior therapies", "previously treated patients",
    ):  # fmt: skip
        assert not states_disease_status(new, [relapsed]), relapsed
    assert states_disease_status(new, ["progression-free survival was 3.5 months"])
    assert states_disease_status(new, ["patients with no prior therapy for AML"])
