from rag.answering.cues.trials import (
    names_trial,
    phases,
    states_phase,
    states_phase_nearest,
    trial_names,
)


def test_the_nearest_text_naming_a_phase_decides_it() -> None:
    rfs = "The 2-year RFS was 85% with sorafenib."
    before = ("In a phase 2 trial, 83 patients received sorafenib or placebo.",)
    passage = f"{before[0]} {rfs} A phase 3 trial randomized 202 patients."
    assert not states_phase_nearest("3", [rfs, *before], passage)
    assert states_phase_nearest("2", [rfs, *before], passage)
    assert states_phase_nearest("3", [rfs], passage)  # no nearer phase: the passage's


def test_trial_phases_are_read_as_numbers() -> None:
    assert phases("What did the phase III trial show? Answer for phase 2.") == ["3"]
    assert phases("What CR rate was reached in the phase 1b/2 study?") == ["1/2"]
    assert phases("Which phase in the course was longest?") == []
    assert states_phase("3", "a randomized phase 3 trial")
    assert states_phase("2", "the phase 1b/2 study of ziftomenib")
    assert states_phase("1/2", "the phase 2 portion")
    assert not states_phase("3", "the phase 2 portion and two phase 1 trials")


def test_a_registry_identifier_is_the_trial_s_it_stands_beside() -> None:
    assert trial_names("What is the registration number of KOMET-001?") == ["KOMET-001"]
    assert trial_names("What was the median OS in VIALE-A and Interfant-06?") == [
        "VIALE-A",
        "Interfant-06",
    ]
    assert trial_names("What is the registration number of the Lipo-MIT study?") == []  # a drug
    others = "two phase 1 trials (NCT06001788 and NCT05735184) combining ziftomenib"
    assert not names_trial("KOMET-001", others)
    assert names_trial("KOMET-001", "KOMET-001 (NCT04067336) enrolled 83 patients")
