import pytest

from rag.answering.cues.kinds import (
    GATING,
    KIND_NAMES,
    answers_type,
    counts,
    counts_measures,
    defined_name,
    defines,
    quantified,
    question_types,
)


def test_question_types() -> None:
    assert question_types("What CR rate did ziftomenib reach?") == {"percent"}
    assert question_types("How many patients were enrolled?") == {"count"}
    assert question_types("Which trial enrolled more patients, A or B?") == {"count"}
    assert question_types("How long was the median follow-up?") == {"duration"}
    assert question_types("What MRD negativity was reported after blinatumomab?") == {"percent"}
    # What a rate endpoint was asks the rate, not the sentence naming it as the endpoint.
    assert question_types("What ORR did milademetan reach?") == {"percent"}
    assert question_types("and what CRh did B reach") == {"percent"}
    # A query of names alone ("milademetan ORR") asks what "what" asks; a dose named so too.
    assert question_types("milademetan ORR") == {"percent"}
    assert question_types("gilteritinib dose") == {"dose"}
    assert question_types("Was gilteritinib dose reduced?") == set()
    # A survival endpoint asks its rate at a time point, else a rate or a median time.
    assert question_types("What was the 3-year OS in the DISC-arm?") == {"percent"}
    assert question_types("What was the DFS with blinatumomab?") == {"outcome"}
    assert question_types("milademetan PFS") == {"outcome"}
    assert question_types("Did blinatumomab improve DFS?") == set()
    assert question_types("What was the hazard ratio for OS in VIALE-A?") == {"ratio"}
    assert question_types("What was the male to female ratio?") == set()
    # So in Spanish, French and German: survival at a time point is a rate.
    for rate in (
        "¿Cuál fue la supervivencia libre de enfermedad a dos años?",
        "¿Cuál fue la supervivencia global a los 2 años?", "Quelle était la survie à 2 ans?",
        "Wie hoch war das 2-Jahres-Überleben?",
    ):  # fmt: skip
        assert question_types(rate) == {"percent"}, rate
    assert question_types("¿Cuál fue la supervivencia global con blinatumomab?") == {"outcome"}
    assert question_types("¿Cuál fue la mediana de supervivencia global?") == {"duration"}
    assert question_types("What is ORR?") == {"definition"}
    assert question_types("Did ziftomenib induce CR?") == set()
    assert question_types("What was the data cut-off of the KOMET-001 study?") == {"date"}
    assert question_types("What MRD cut-off was used?") == set()  # a threshold, no date
    assert question_types("What dose was recommended?") == {"dose"}
    assert question_types("What is menin?") == {"definition"}
    assert question_types("What kind of drug is venetoclax?") == {"definition"}
    # what kind of thing took part asks no definition
    assert question_types("What kind of tumours did MANTRA-2 enrol?") == set()
    assert question_types("What was the median progression-free survival?") == {"duration"}
    assert question_types("What was the two-year overall survival?") == {"percent"}
    assert question_types("What 1-year survival after transplant was reached?") == {"percent"}
    assert question_types("What is the recommended daily dose of ziftomenib?") == {"dose"}
    assert question_types("What ORR did flotetuzumab reach at the phase 2 dose?") == {"percent"}
    assert question_types("What ages were eligible for the trial?") == {"age"}
    assert question_types("What was the primary endpoint of the MANTRA-2 study?") == {"endpoint"}
    assert question_types("What was the median age of the patients?") == {"age"}
    assert question_types("What is the trial's registry number?") == {"identifier"}
    assert question_types("Where was the trial registered?") == {"identifier"}
    assert question_types("What is the trial registration number of the study?") == {"identifier"}
    assert question_types("How often was Lipo-MIT plus CLAG given?") == {"schedule"}
    assert question_types("How often was the drug given, and at what rate?") == {
        "schedule", "percent"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("When was ziftomenib granted Breakthrough Therapy designation?", {"date"}),
        ("In what year was it approved, and when was it withdrawn?", {"date"}),
        ("¿Cuándo se aprobó el fármaco?", {"date"}),
        ("Between which years was the KOMET-001 trial conducted?", {"date"}),
        ("What percentage of blasts were on the blood smear when the disease recurred?",
         {"percent"}),
        ("Which marker is seldom lost when the disease comes back?", set()),
        ("Cuando el paciente recae, ¿qué dosis recibe?", {"dose"}),
    ],
)  # fmt: skip
def test_when_asks_a_date_only_where_a_question_or_its_clause_opens_with_it(
    question: str, kinds: set[str]
) -> None:
    assert question_types(question) == kinds


def test_a_registry_study_asks_for_no_identifier() -> None:
    question = "How many patients were in the EBMT registry study of relapse after a transplant?"
    assert question_types(question) == {"count"}


def test_every_gating_kind_has_a_name_for_refusals() -> None:
    assert set(KIND_NAMES) == GATING


def test_a_journal_is_named_or_cited() -> None:
    assert answers_type("ratio", "a median OS of 14.7 vs 9.6 months (HR, 0.66; 95% CI, 0.52-0.85)")
    assert answers_type("ratio", "9.3 vs 5.6 months; hazard ratio [HR], 0.49-0.83")
    assert not answers_type("ratio", "The HR was not significant.")
    assert not answers_type("ratio", "with AZA or 5 cycles of LDAC")  # "or" is no odds ratio
    assert answers_type("outcome", "Two-year disease-free survival was 81.6%.")
    assert answers_type("outcome", "The median PFS was 3.5 months (95% CI: 1.8, 3.7).")
    assert answers_type("outcome", "Median OS was not reached after 12 months.")
    assert not answers_type("outcome", "Secondary endpoints included PFS and adverse events.")
    assert answers_type("venue", "Results were published in The Lancet Oncology.")
    assert answers_type("venue", "They were reported in the New England Journal of Medicine.")
    assert answers_type("venue", "Clin Cancer Res. 2025 Aug 11. doi: 10.1158/1078-0432.")
    assert not answers_type("venue", "The drug was well tolerated in 2025.")
    assert not answers_type("venue", "as shown before. 2025 data were mature")


def test_answers_type() -> None:
    assert answers_type("percent", "35% (7 out of 20) responded")
    assert not answers_type("percent", "Many responded")
    assert answers_type("percent", "more than half of AML patients lack actionable mutations")
    assert answers_type("percent", "about one-third of patients can be cured")
    assert answers_type("percent", "two thirds relapsed; the majority within a year")
    # A vague share is no rate: "For a small fraction of patients, a second HCT can be
    # considered" states none.
    assert not answers_type("percent", "For a small fraction of patients, a second HCT")
    assert not answers_type("percent", "one third-line regimen was given")
    assert not answers_type("percent", "a third course of therapy was given")
    assert answers_type("count", "Thirty patients were enrolled")
    assert not answers_type("count", "Building on data (EHA 2024 Abstract P1749), we present")
    assert answers_type("count", "In 2003, 8096 cases were reported")
    assert answers_type("count", "2000 patients were enrolled in 2019")
    assert not answers_type("count", "Some DUSPs are known as MAPK phosphatases [6] [7] [8].")
    assert answers_type("duration", "after 26.3 months")
    assert answers_type("dose", "600 mg daily")
    assert answers_type("date", "After one month of induction, patients received blinatumomab")
    assert answers_type("date", "the patient relapsed 5 months after allogeneic HCT")
    assert answers_type("date", "CR on day 56 after allogeneic HCT")
    assert not answers_type("date", "a 4-week continuous infusion")
    assert answers_type("age", "Eligible patients (pts) were aged 18-60 years old")
    assert answers_type("age", "27 patients (median age 43 years, range 19-60)")
    assert answers_type("age", "Thirty infants younger than 1 year, aged 2 to 11 months")
    assert answers_type("age", "patients ≥ 65 years")
    assert answers_type("age", "In 2020, a 52-year-old woman was diagnosed with AML")
    assert not answers_type("age", "27 patients were enrolled in 2024")
    assert answers_type("endpoint", "The primary endpoint was objective response rate (ORR)")
    assert not answers_type("endpoint", "This supported a phase II basket study (MANTRA-2)")


def test_a_measure_of_time_or_treatment_is_no_count_of_those_treated() -> None:
    infants = counts_measures("How many infants received blinatumomab?")
    schedule = "After one month, patients received one cycle as a 4-week infusion on days 1-28."
    assert not answers_type("count", schedule, infants)
    assert answers_type("count", "Thirty patients aged under 1 year were enrolled.", infants)
    cycles = counts_measures("How many cycles were given?")
    assert cycles and not infants
    assert answers_type("count", "Patients received 2 cycles.", cycles)


def test_a_definition_names_the_term_as_its_subject_or_in_brackets() -> None:
    assert defines("mdm2", "MDM2 is an E3 ubiquitin ligase that degrades p53.")
    assert defines("venetoclax", "Venetoclax, an oral BCL-2 inhibitor, was approved.")
    assert defines("lipo-mit", "Mitoxantrone hydrochloride liposome (Lipo-MIT), the first.")
    assert not defines("mdm2", "In cancers, MDM2 amplification (MDM2amp) leads to loss of p53.")
    assert defines("npm1", "NPM1 (nucleophosmin 1) is mutated in a third of AML.")
    assert not defines("lipo-mit", "Pts received the Lipo-MIT (18 mg/m^2, day 1) with CLAG.")


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("What is Lipo-MIT?", "Lipo-MIT"),
        ("What are DTA mutations?", "DTA mutations"),
        ("What does MRD stand for?", "MRD"),
        ("What kind of drug is venetoclax?", "venetoclax"),
        ("What CR rate did ziftomenib reach?", ""),
    ],
)
def test_the_name_a_definition_question_asks_about_is_taken_as_written(
    question: str, name: str
) -> None:
    assert defined_name(question) == name


def test_a_count_of_what_was_asked_or_of_people() -> None:
    assert counts({"hospitals"}, "It was conducted across 22 hospitals in France.")
    assert counts({"infants"}, "Thirty patients aged under 1 year were enrolled.")
    assert counts(set(), "Seven pts received 2 cycles of treatment.")
    assert not counts({"infants"}, "They received a 4-week continuous infusion.")
    assert not counts(set(), "Treatment was given every 4 weeks for up to 2 cycles.")


def test_what_a_question_counts_itself_is_a_condition() -> None:
    assert quantified("How many patients received two cycles of B?") == ["cycles"]
    assert quantified("How many patients responded?") == []


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How does ziftomenib work?", "mechanism"),
        ("What is the mechanism of action of milademetan?", "mechanism"),
        ("What is MDM2?", "definition"),
        ("What does CRc stand for?", "definition"),
    ],
)
def test_soft_kinds_of_question(question: str, kind: str) -> None:
    assert kind in question_types(question)
