import pytest

from rag.answering.cues import (
    ALTERED,
    ANY_RESPONSE,
    EXPOSED,
    GATING,
    KIND_NAMES,
    NAIVE,
    UNALTERED,
    AbbreviationForms,
    abbreviates,
    age_bounds,
    age_groups,
    amounts,
    analyses,
    answers_type,
    case_ages,
    contradicts,
    counts,
    counts_measures,
    courses,
    days,
    defined_name,
    defines,
    disease_statuses,
    endpoints,
    exposures,
    gives_time_to_event,
    introduces,
    landmarks,
    names_case,
    names_endpoint,
    names_median,
    names_own_population,
    names_trial,
    ordinals,
    partners,
    phases,
    pools,
    quantified,
    question_types,
    refers_to_patient,
    regimens,
    salient_terms,
    single_agent,
    spellings,
    states_age_bound,
    states_age_group,
    states_amount,
    states_analysis,
    states_case_age,
    states_course,
    states_day,
    states_disease_status,
    states_landmark,
    states_ordinal,
    states_partners,
    states_phase,
    states_phase_nearest,
    states_single_agent,
    states_treatment_setting,
    subgroups,
    term_set,
    the_other_alternative,
    treatment_settings,
    trial_names,
    uncovered,
    without_examples,
)
from rag.text.words import covered


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


def test_salient_terms_are_names_and_rare_words() -> None:
    doc_freq = {"ziftomenib": 3, "patients": 90, "remission": 40, "objective": 2}
    terms = salient_terms("What CR rate did ziftomenib reach in NPM1-mutant AML?", doc_freq, 100)
    assert terms == ["cr", "ziftomenib", "npm1", "mutant", "aml"]
    assert salient_terms("What was the objective response in patients?", doc_freq, 100) == []
    common = frozenset({"previous", "occurred"})
    question = "What previous name of ziftomenib occurred?"
    assert salient_terms(question, doc_freq, 100) == ["previous", "ziftomenib", "occurred"]
    assert salient_terms(question, doc_freq, 100, common) == ["ziftomenib"]


def test_a_word_few_documents_use_is_salient_however_many_chunks_hold_it() -> None:
    doc_freq = {"gilteritinib": 16, "remission": 30}
    spread = {"gilteritinib": 1, "remission": 4}
    question = "What remission rate did gilteritinib reach?"
    assert salient_terms(question, doc_freq, 88) == []
    using = lambda term: spread.get(term, 0)  # noqa: E731
    assert salient_terms(question, doc_freq, 88, frozenset(), using, 5) == ["gilteritinib"]
    assert salient_terms(question, doc_freq, 88, frozenset(), lambda _: 1, 1) == []  # one doc


def test_a_word_hyphenated_to_a_name_is_part_of_it_unless_ordinary() -> None:
    question = "What median follow-up did Lipo-MIT plus CLAG reach in NPM1-mutant AML?"
    common = frozenset({"mutant", "median", "follow", "reach"})
    assert salient_terms(question, {}, 100, common) == ["lipo", "mit", "clag", "npm1", "aml"]


def test_a_name_written_between_cjk_characters_is_salient() -> None:
    question = "齐夫托美尼在NPM1突变AML中的完全缓解率是多少?"
    assert {"npm1", "aml"} <= set(salient_terms(question, {"npm1": 3, "aml": 40}, 100))


def test_an_abbreviation_in_the_plural_is_salient_as_its_singular() -> None:
    question = "What were the ORRs of ivosidenib and olutasidenib with prior TKIs?"
    assert salient_terms(question, {}, 50, frozenset()) == [
        "orr", "ivosidenib", "olutasidenib", "tki"
    ]  # fmt: skip


def test_the_words_of_trial_registration_and_evaluation_are_not_salient() -> None:
    question = "What is the registry identifier of the phase 3 trial of uproleselan?"
    assert salient_terms(question, {"uproleselan": 2}, 100) == ["uproleselan"]
    question = "How many patients were evaluable for response to milademetan?"
    assert salient_terms(question, {"milademetan": 2}, 100) == ["milademetan"]
    assert "subtype" not in salient_terms("Which ALL subtype did the infants have?", {}, 100)


def test_inflections_derivations_and_british_spellings_of_ordinary_words_are_ordinary() -> None:
    common = frozenset({"action", "negative", "leukemia", "tumor", "regime", "mutation", "block"})
    doc_freq = {"leukemia": 50}
    question = "Which actionable regimes cut MRD negativity, leukaemia or tumours with ziftomenib?"
    assert salient_terms(question, doc_freq, 100, common) == ["mrd", "ziftomenib"]
    question = "Did the blocker shrink mutated tumours treated with milademetan?"
    assert salient_terms(question, doc_freq, 100, common) == ["milademetan"]
    assert spellings("leukaemia") == ("leukaemia", "leukemia")
    assert spellings("randomised") == ("randomised", "randomized")
    assert spellings("tumours") == ("tumours", "tumors")
    assert spellings("centre") == ("centre", "center")
    assert spellings("enrolment") == ("enrolment", "enrollment")
    assert spellings("settlement") == ("settlement",)
    assert spellings("venetoclax") == ("venetoclax",)


def test_a_british_spelling_of_a_word_the_corpus_uses_often_is_not_rare() -> None:
    doc_freq = {"haematology": 0, "hematology": 40}
    assert salient_terms("What does haematology say about ziftomenib?", doc_freq, 100) == [
        "ziftomenib"
    ]


def test_an_inflection_of_a_word_the_corpus_uses_often_is_not_rare() -> None:
    doc_freq = {"relapse": 40, "relapsing": 1}
    question = "Which regimens help relapsing patients after ziftomenib?"
    assert salient_terms(question, doc_freq, 100) == ["ziftomenib"]
    assert salient_terms(question, {"relapsing": 1}, 100) == ["relapsing", "ziftomenib"]


def test_every_word_of_a_name_with_a_digit_is_salient() -> None:
    common = frozenset({"mantra", "mutant"})
    question = "What was the primary endpoint of MANTRA-2 in NPM1-mutant AML?"
    assert salient_terms(question, {}, 100, common) == ["mantra", "npm1", "aml"]


def test_ordinary_words_are_not_salient_in_capitals_or_plural() -> None:
    common = frozenset({"system", "regimen", "mit"})
    question = "SYSTEM: which regimens are used with ziftomenib or Lipo-MIT in AML?"
    assert salient_terms(question, {}, 100, common) == ["ziftomenib", "lipo", "mit", "aml"]


def test_uncovered_uses_abbreviations_and_document_topics() -> None:
    abbreviations = {"CR": "complete remission"}
    evidence = "35% of patients achieved complete remission with ziftomenib"
    assert uncovered(["cr", "ziftomenib", "aml"], evidence, {"aml"}, abbreviations) == []
    assert uncovered(["cr", "kmt2a"], evidence, set(), abbreviations) == ["kmt2a"]
    assert uncovered(["complete"], "CR was 35%", set(), abbreviations) == []
    hyphenated = {"Lipo-MIT": "liposomal mitoxantrone"}
    assert uncovered(["liposomal"], "Lipo-MIT was given", set(), hyphenated) == []
    # An ordinary word of a question, mentioned by the word reports use for it.
    reported = "Grade 3 or 4 adverse events included thrombocytopenia"
    assert uncovered(["side", "effects"], reported, set(), {}, names=False) == []
    assert uncovered(["side", "effects"], reported, set(), {}) == ["side", "effects"]  # names


def test_a_name_the_corpus_does_not_use_is_mentioned_only_as_itself() -> None:
    # "ziftomenab" shares its first letters with "ziftomenib", yet names another drug.
    evidence = "35% of patients achieved CR with ziftomenib; relapsed disease"
    assert uncovered(["ziftomenab"], evidence, set(), {}) == []  # a known word of its root
    assert uncovered(["ziftomenab"], evidence, set(), {}, {"ziftomenab"}) == ["ziftomenab"]
    assert uncovered(["relapse"], evidence, set(), {}, {"relapse"}) == []  # an inflection


def test_a_name_is_mentioned_by_its_root_not_by_its_first_four_letters() -> None:
    assert uncovered(["neutrophils"], "febrile neutropenia (55.6%)", set(), {}) == []
    assert uncovered(["mitomycin"], "mitoxantrone was given", set(), {}) == ["mitomycin"]
    # A question's ordinary words are mentioned by any word sharing their start.
    assert uncovered(["mitomycin"], "mitoxantrone was given", set(), {}, names=False) == []


def test_abbreviation_forms_answer_as_the_mapping_does_and_work_each_term_out_once() -> None:
    forms = AbbreviationForms({"CR": "complete remission", "Lipo-MIT": "liposomal mitoxantrone"})
    assert forms.long_form("cr") == frozenset({"complete", "remission"})
    assert forms.long_form("ziftomenib") == frozenset()
    assert forms.short_forms("liposomal") == (frozenset({"lipo", "mit"}),)
    assert forms.short_forms("liposomal") is forms.short_forms("liposomal")
    evidence = "CR in 7 of 20; Lipo-MIT was given"
    salient = ["complete", "liposomal", "kmt2a"]
    assert uncovered(salient, evidence, set(), forms) == ["kmt2a"]


def test_every_short_form_of_a_long_form_stands_for_it() -> None:
    long = "donor-lymphocyte infusions"
    forms = AbbreviationForms({"DLI": long, "DLIs": long})
    assert set(forms.short_forms("infusion")) == {frozenset({"dli"}), frozenset({"dlis"})}
    evidence = "the 2-year OS was 25% in the DLI group"
    assert uncovered(["lymphocyte", "infusion"], evidence, set(), forms) == []


def test_short_forms_are_found_through_the_long_forms_words_as_by_a_scan_of_all() -> None:
    abbreviations = {
        "CR": "complete remission", "CRi": "complete remission with incomplete recovery",
        "NPM1m": "npm1 mutated", "OS": "overall survival", "ORR": "overall response rate",
        "RT": "radiotherapy", "ITD": "internal tandem duplication", "Rx": "rx",
    }  # fmt: skip
    forms = AbbreviationForms(abbreviations)
    pairs = sorted({(long, short.lower()) for short, long in abbreviations.items()})
    terms = ["remissions", "complete", "comp", "npm1", "npm1mut", "overall", "over", "rx"]
    terms += ["radiotherapies", "tandem", "duplications", "survive", "ziftomenib", "co"]
    for term in terms:
        scanned = tuple(
            term_set(short) for long, short in pairs if covered(term, set(term_set(long)))
        )
        assert forms.short_forms(term) == scanned, term
    assert forms.short_forms("npm1") == (frozenset({"npm1m"}),)  # a name and a longer word
    assert forms.short_forms("remissions") == (
        frozenset({"cr"}), frozenset({"cri"}),
    )  # fmt: skip


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


def test_endpoints_are_named_by_long_or_short_form() -> None:
    assert endpoints("What was the median duration of response to the drug?") == [
        "median duration of response"
    ]
    assert endpoints("What relapse-free survival did the maintenance achieve?") == [
        "relapse-free survival"
    ]
    assert endpoints("What was the median OS?") == ["median overall survival"]
    assert endpoints("What was the ORR of ziftomenib?") == ["overall response"]
    assert endpoints("What was the best overall response rate?") == ["overall response"]
    assert names_endpoint("overall response", "The best overall response was 19.4% (6/31)")
    assert names_endpoint("overall response", "the CRc rate and ORR were 63.0% and 70.4%")
    either = "ziftomenib induced partial or complete responses in one-third of patients"
    assert names_endpoint("overall response", either)  # a response of either kind
    assert not names_endpoint("overall response", "a five-year overall survival below 20%")
    assert endpoints("What was the two-year survival?") == []
    assert endpoints("What median follow-up did the study report?") == ["median follow-up"]
    assert endpoints("How many were alive in the gilteritinib follow-up?") == []
    assert endpoints("Which os does it run on?") == []
    # MRD negativity in its usual spellings; an RFS rate after an MRD sentence does not name it.
    assert endpoints("What was the MRD negative rate after two cycles?") == ["MRD negativity"]
    assert endpoints("What MRD negativity was reported?") == ["MRD negativity"]
    assert endpoints("What is MRD?") == []
    assert names_endpoint("MRD negativity", "the flow cytometric MRD negative rate was 80.0%")
    assert names_endpoint("MRD negativity", "80% MRDneg (8/10 after chemotherapy only)")
    assert names_endpoint("MRD negativity", "with a negative MRD status")
    assert not names_endpoint("MRD negativity", "the 6-month RFS and OS rates were 80.8%")
    assert names_endpoint("progression-free survival", "The median PFS was 3.5 months")
    assert names_endpoint("relapse-free survival", "relapse free survival was 80%")
    both = "Two-year disease-free and overall survival were"
    assert names_endpoint("overall survival", both)
    assert names_endpoint("disease-free survival", both)
    assert names_endpoint("event-free survival", "event-free, leukemia-free or overall survival")
    qualified = "Overall, the median event-free survival was 6.1 months"
    assert not names_endpoint("overall survival", qualified)
    # survival with no qualifier is overall survival; a qualified one is not
    assert names_endpoint("overall survival", "the 2-year survival rates were 20.6%")
    assert not names_endpoint("overall survival", "the 2-year relapse-free survival was 85%")
    assert not names_endpoint("overall survival", "relapse free survival was 80%")
    assert not names_endpoint("disease-free survival", "disease-free patients had longer survival")


def test_a_response_rate_asked_in_general_is_any_response_or_remission() -> None:
    asked = "What were the response rates with ziftomenib and with Lipo-MIT plus CLAG?"
    assert endpoints(asked) == [ANY_RESPONSE]
    assert endpoints("What was the rate of complete response?") == ["complete remission"]
    assert endpoints("What immune response does the vaccine elicit?") == []
    assert names_endpoint(ANY_RESPONSE, "induced partial or complete responses in one-third")
    assert names_endpoint(ANY_RESPONSE, "the CRc rate after one cycle was 63.0%")
    assert not names_endpoint(ANY_RESPONSE, "the 6-month RFS and OS rates were 80.8% and 71.4%")
    assert not abbreviates(ANY_RESPONSE, "orr")


def test_an_endpoints_short_form_is_named_by_the_endpoint() -> None:
    assert abbreviates("overall response", "orr")
    assert abbreviates("median overall survival", "os")
    assert abbreviates("composite complete remission", "crc")
    assert not abbreviates("complete remission", "crc")
    assert not abbreviates("overall survival", "pfs")


def test_complete_remissions_of_each_kind_are_told_apart() -> None:
    cr, crc, crh = (
        "complete remission",
        "composite complete remission",
        "complete remission with partial hematologic recovery",
    )
    assert endpoints("What CR rate did ziftomenib reach?") == [cr]
    assert endpoints("What complete response rate was reported?") == [cr]
    assert endpoints("What CRc rate did Lipo-MIT plus CLAG reach?") == [crc]
    assert endpoints("What composite complete remission rate was reached?") == [crc]
    assert endpoints("What was the CRh rate with ziftomenib?") == [crh]
    assert endpoints("What CR/CRh rate did gilteritinib reach?") == [cr, crh]
    assert names_endpoint(cr, "35% (7 out of 20) of patients achieved complete remission")
    assert names_endpoint(cr, "Rates of CR/CRh were higher with gilteritinib (34.0% vs 15.3%)")
    assert names_endpoint(cr, "Complete remissions were seen in 7 patients")
    assert not names_endpoint(cr, "the CRc rate after one cycle was 63.0%")
    assert not names_endpoint(cr, "The composite CR rate was 50% in the ivosidenib arm")
    assert not names_endpoint(cr, "the composite complete remission (CRc) rate")
    assert names_endpoint(crc, "The composite CR rate was 50% in the ivosidenib arm")
    assert not names_endpoint(crh, "In the preliminary report, CR and ORR rates were 30% and 40%")
    assert names_endpoint(crh, "CR with partial haematological recovery was reached by 12%")


def test_a_median_is_named_next_to_its_endpoint() -> None:
    assert names_median("overall survival", "What was the median overall survival in months?")
    assert names_median("overall survival", "The median OS after progression was only 4.6 months")
    assert names_median("progression-free survival", "PFS (median, 95% CI) was 3.5 months")
    landmark = "With a median follow-up of 3.3 months, the 6-month overall survival (OS) was 71.4%"
    assert not names_median("overall survival", landmark)
    assert not names_median("overall survival", "the median os was 5 months")
    assert not names_endpoint("duration of response", "The median PFS was 3.5 months")
    assert names_endpoint("median overall survival", "The median OS was 5.1 months")
    assert not names_endpoint("median overall survival", "The 6-month OS rate was 71.4%")


def test_time_points_are_read_in_any_spelling_but_not_as_ages() -> None:
    assert landmarks("What 5-year overall survival did they have?") == ["5-year"]
    assert landmarks("What two-year disease-free survival and 6-month OS?") == ["2-year", "6-month"]
    assert landmarks("How many cycles did the 75-year-old man receive?") == []
    assert states_landmark("2-year", "Two-year disease-free and overall survival were 81.6%")
    assert states_landmark("5-year", "43% MRDneg, 5 y RFS, 31%")
    assert not states_landmark("5-year", "the 6-month OS rate was 71.4%")
    assert not states_landmark("4-month", "Median OS, 18.4 mo")


def test_amounts_of_treatment_are_read_in_words_or_figures() -> None:
    assert courses("What was the ORR of Lipo-MIT plus CLAG after two cycles?") == ["2 cycles"]
    assert courses("What CR rate followed 3 courses and one dose?") == ["3 courses", "1 dose"]
    assert courses("What was the ORR after the 2nd cycle?") == []  # an ordinal, read as one
    assert states_course("2 cycles", "Seven pts received 2 cycles of treatment")
    assert states_course("2 cycles", "after two cycles, all were MRD negative")
    assert not states_course("2 cycles", "the CRc rate and ORR after one cycle were 63.0%")


def test_an_age_bound_on_the_patients_is_read_with_its_number() -> None:
    assert age_bounds("What 6-month OS did patients older than 60 reach?") == ["age 60"]
    assert age_bounds("What OS did infants older than six months reach?") == ["age 6"]
    assert age_bounds("What ORR did patients aged 65 or older reach?") == ["age 65"]
    assert age_bounds("How did patients under the age of 18 fare?") == ["age 18"]
    assert age_bounds("How old was the man with trisomy 8?") == []
    assert states_age_bound("age 60", "Eligible patients were aged 18-60 years")
    assert not states_age_bound("age 6", "Thirty patients aged under 1 year were enrolled")


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("What CR rate did ziftomenib reach in NPM1-mutant AML?", {"npm1": ALTERED}),
        (
            "What was the ORR in KMT2A-rearranged or FLT3-ITD positive AML?",
            {"kmt2a": ALTERED, "flt3": ALTERED, "itd": ALTERED},
        ),
        ("What ORR did milademetan reach in patients with TP53 mutations?", {"tp53": ALTERED}),
        ("How many patients in MANTRA-2 had TP53 mutations?", {"tp53": ALTERED}),
        ("How many patients harboring FLT3 mutations responded?", {"flt3": ALTERED}),
        ("What ORR did milademetan reach in TP53-wildtype tumors?", {"tp53": UNALTERED}),
        ("What ORR was reached without TP53 mutations?", {"tp53": UNALTERED}),
        ("What was the 6-month RFS of patients who received HSCT after Lipo-MIT?", {"hsct": ""}),
        # What the patients received is theirs even as an ordinary word; a generic one is not.
        ("How long did patients survive with and without salvage therapy?", {"salvage": ""}),
        ("What was the median OS of those who received salvage chemotherapy?", {"salvage": ""}),
        ("What was the ORR of patients who received treatment?", {}),
        ("What CR rate did ziftomenib reach?", {}),
        ("What was the ORR with Lipo-MIT plus CLAG?", {}),
    ],
)
def test_a_subgroup_of_the_patients_is_read_from_how_the_question_puts_it(
    question: str, named: dict[str, str]
) -> None:
    salient = ["ziftomenib", "npm1", "kmt2a", "flt3", "itd", "milademetan", "tp53", "hsct",
               "lipo", "mit", "clag"]  # fmt: skip
    assert subgroups(question, salient) == named


def test_a_subgroup_said_only_with_the_other_status_is_contradicted() -> None:
    assert contradicts("tp53", ALTERED, "activity against MDM2amp, TP53 -wt laboratory models")
    assert contradicts("tp53", ALTERED, "in wild-type TP53 solid tumors")
    assert not contradicts("tp53", ALTERED, "in TP53-mutated AML")
    assert not contradicts("tp53", ALTERED, "wild-type TP53 and mutated TP53 alike")
    assert not contradicts("tp53", ALTERED, "TP53 was sequenced")  # no status said
    assert contradicts("tp53", UNALTERED, "patients with TP53 mutations")
    assert not contradicts("hsct", "", "HSCT-negative")  # a subgroup with no status asked


def test_a_drug_the_patients_were_naive_to_or_had_received_is_a_subgroup() -> None:
    assert exposures("What ORR did it reach in venetoclax-naïve patients?") == {"venetoclax": NAIVE}
    assert exposures("in patients naive to TKIs") == {"tkis": NAIVE}
    for text in ("with prior VEN exposure", "VEN-exposed", "previously treated with VEN"):
        assert exposures(text) == {"ven": EXPOSED}, text
    assert exposures("irrespective of prior TKI treatment") == {}
    assert exposures("after prior therapy") == {}  # a generic word
    assert exposures("VEN-naive patients and those with prior VEN exposure") == {}  # both
    question = "What median OS did magrolimab reach in venetoclax-naive patients?"
    assert subgroups(question, ["magrolimab", "venetoclax"]) == {"venetoclax": NAIVE}
    # Said of the term or of another of its forms (here, its abbreviation), with the other status.
    exposed = "only 2 out of 17 patients with prior VEN exposure showed a response"
    assert contradicts("venetoclax", NAIVE, exposed, {"ven"})
    assert not contradicts("venetoclax", NAIVE, exposed)
    assert not contradicts("venetoclax", EXPOSED, exposed, {"ven"})
    assert not contradicts("venetoclax", NAIVE, "AZA/VEN was given", {"ven"})  # no status


def test_a_subgroup_said_only_beside_another_by_or_is_pooled() -> None:
    lead = "patients who have R/R with NPM1-mutated or KMT2A-rearranged AML."
    assert pools("kmt2a", lead) and pools("npm1", lead)
    assert pools("kmt2a", "in NPM1- or KMT2A-rearranged leukemia")
    assert not pools("kmt2a", f"{lead} In KMT2A-rearranged AML, the CR rate was 25%.")
    assert not pools("kmt2a", "an inhibitor of the menin-KMT2A interaction")  # no status said
    assert not pools("kmt2a", "NPM1-mutated and KMT2A-rearranged AML alike")


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


def test_a_drug_asked_on_its_own_is_not_answered_by_a_combination() -> None:
    assert single_agent("What was the ORR of IMGN632 as a single agent?")
    assert single_agent("What CR rate did azacitidine alone reach?")
    assert not single_agent("What was the ORR of IMGN632 with AZA/VEN?")
    assert not states_single_agent("IMGN632 was studied in combination with AZA/VEN (ORR 55%).")
    assert not states_single_agent("AZA + VEN gave an ORR of 60%.")
    assert states_single_agent("Venetoclax has little efficacy as a single agent; combined, more.")
    assert states_single_agent("The ORR was 40%.")  # no combination said


def test_a_regimen_asked_by_its_partners_is_not_one_with_another_partner() -> None:
    salient = ["os", "gilteritinib", "venetoclax"]
    question = "What was the 1-year OS with gilteritinib plus venetoclax?"
    asked = partners(question, salient)
    assert asked == ["gilteritinib", "venetoclax"]
    assert partners("What was the 1-year OS with gilteritinib?", salient) == []
    assert regimens("AZA/VEN plus gilteritinib, then CR/CRi") == [
        ["aza", "ven", "gilteritinib"], ["cr", "cri"],
    ]  # fmt: skip
    assert regimens("tested in a phase 2 trial in combination with AZA/VEN") == [["aza", "ven"]]
    forms = AbbreviationForms({"AZA": "azacitidine", "VEN": "venetoclax"})
    triplet = "The triplet combination AZA/VEN plus gilteritinib yielded a response in 74%."
    result = "The median OS was 5.8 months."
    assert not states_partners(asked, question, [result, triplet], forms)
    # the nearest text naming a regimen with an asked partner decides
    doublet = "Gilteritinib plus VEN gave a CR rate of 75%."
    assert states_partners(asked, question, [result, doublet, triplet], forms)
    assert states_partners(asked, question, [result, "Azacitidine was given."], forms)
    # a partner named through its long form, and a regimen of other drugs, are no other partner
    assert states_partners(
        ["aza", "ven"], "What OS did AZA/VEN reach?", ["OS with azacitidine/VEN"], forms
    )
    assert states_partners(asked, question, ["CR/CRi was 40% with decitabine/cedazuridine"], forms)


def test_a_sentence_opening_with_a_name_and_what_it_is_introduces_it() -> None:
    assert introduces("Ziftomenib, an oral inhibitor of menin-KMT2A, was studied in AML.")
    assert introduces("IMGN632, a CD123-targeting antibody-drug conjugate, was studied.")
    assert introduces("Venetoclax (VEN), the BCL-2 inhibitor, was added.")
    assert not introduces("Overall, the CR/CRi rate in R/R AML was 69%.")
    assert not introduces("Similarly, an open-label phase 3 trial randomized 202 patients.")
    assert not introduces("However, a high proportion of patients lose the clone.")
    assert not introduces("In 2021, a 75-year-old man received the diagnosis.")
    assert not introduces("The drug, a menin inhibitor, was studied.")
    assert introduces("Flotetuzumab was studied in a phase 1/2 study in 88 patients.")
    assert not introduces("Patients were evaluated at day 28.")


def test_a_term_named_only_among_examples_of_a_population_is_not_its_subject() -> None:
    sentence = (
        "The best overall response was 19.4% (6/31), including a patient with endometrial "
        "stromal sarcoma who achieved 100% target lesion reduction."
    )
    assert without_examples(sentence, ["overall response"]) == (
        "The best overall response was 19.4% (6/31)."
    )
    # a clause naming an asked endpoint reports on it
    both = "The ORR was 40%, including CR in 20%."
    assert without_examples(both, ["complete remission"]) == both
    plain = "The ORR was 40% in 20 patients with NPM1 mutations."
    assert without_examples(plain, ["overall response"]) == plain


def test_a_sentence_opening_with_its_people_names_the_population_of_its_value() -> None:
    assert names_own_population("Among all 27 efficacy-evaluable pts, the CRc rate was 63.0%.")
    assert names_own_population("In patients with FLT3-ITD, the ORR was 40%.")
    assert names_own_population("Of the 41 patients, 10 relapsed.")
    assert not names_own_population("In these patients, the ORR was 40%.")
    assert not names_own_population("The ORR was 40% in 20 patients.")


def test_a_median_survival_may_be_given_as_a_time_without_the_word() -> None:
    median = "median overall survival"
    benefit = "It failed to show an OS benefit (6.5 months with enasidenib vs 6.2 months)."
    assert gives_time_to_event(benefit) and names_endpoint(median, benefit)
    assert names_endpoint(median, "Survival was no longer with salvage (2.9 vs 1.3 months).")
    # a time point, a rate, a follow-up or a range is no median survival
    assert not names_endpoint(median, "OS at 12 months was similar in both arms.")
    assert not names_endpoint(median, "The 6-month RFS and OS rates were 80.8% and 71.4%.")
    assert not names_endpoint(median, "With a follow-up of 3.3 months, OS was improved.")
    assert not gives_time_to_event("Patients were treated for 2-4 months.")
    assert not names_endpoint("median follow-up", "The follow-up was 3.3 months.")  # says median


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


def test_how_long_patients_were_followed_asks_the_median_follow_up() -> None:
    assert endpoints("How long were infants followed in the blinatumomab study?") == [
        "median follow-up"
    ]
    assert endpoints("How long did responses to ziftomenib last?") == []


def test_an_endpoint_named_as_a_point_in_time_is_no_endpoint_asked() -> None:
    assert endpoints("How many cycles did the 75-year-old man receive after CRi?") == []
    assert endpoints("How many relapsed after achieving a CR?") == []
    assert endpoints("What was the median OS after CR?") == ["median overall survival"]
    assert endpoints("What CR rate did ziftomenib reach after one cycle?") == ["complete remission"]
    # a count or a rate in the follow-up asks no length of time
    assert question_types("How many patients received gilteritinib in the follow-up?") == {"count"}
    assert question_types("What was the follow-up?") == {"duration"}


def test_a_sentence_may_report_on_the_other_of_two_alternatives() -> None:
    lead = "Azacitidine (AZA) or decitabine plus venetoclax (VEN) is the standard of care."
    sentence = "The median OS was 14.7 months with AZA/VEN."
    assert the_other_alternative("decitabine", lead, sentence)
    assert the_other_alternative("azacitidine", lead, "The median OS was 9 months with decitabine.")
    assert not the_other_alternative("azacitidine", lead, "With azacitidine or AZA it was 14.7.")
    assert not the_other_alternative("decitabine", lead, "The median OS was 14.7 months.")
    assert not the_other_alternative("decitabine", "Decitabine plus VEN was given.", sentence)


def test_a_day_of_the_schedule_asked_is_stated_alone_or_in_a_range() -> None:
    assert days("What dose of Lipo-MIT was given on day 8?") == ["day 8"]
    assert days("What CR rate was reached at day 56 after HCT?") == ["day 56"]
    assert days("What dose of cladribine was given?") == []
    regimen = "Lipo-MIT (18 mg/m^2, day 1) with cladribine 5 mg/m^2 days 1–5"
    assert states_day("day 1", regimen) and states_day("day 3", regimen)
    assert not states_day("day 8", regimen) and not states_day("day 6", regimen)
    assert states_day("day 7", "given on days 1 to 7")


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


def test_children_asked_must_be_named_and_adults_not_contradicted() -> None:
    assert age_groups("What ORR did FLAG-IDA reach in pediatric AML?") == ["children"]
    assert age_groups("What was the EFS of infants treated with blinatumomab?") == ["children"]
    assert age_groups("What CR rate did older adults reach?") == ["adults"]
    assert age_groups("What ORR in adults and in children?") == []  # both
    assert age_groups("What ORR did ziftomenib reach?") == []
    assert age_groups("Was it safe in women of childbearing potential?") == []
    # Children must be named by the nearest text naming an age group, or the document's subject.
    assert not states_age_group("children", ["The ORR in R/R AML was 75%.", ""])
    assert states_age_group("children", ["The 2-year DFS was 81.6%.", "Thirty infants."])
    assert states_age_group("children", ["The 2-year DFS was 81.6%."], {"infants"})
    assert not states_age_group("children", ["In adults, the ORR was 40%.", "Infants."])
    # Adults stand unless the nearest naming an age group names only children.
    assert states_age_group("adults", ["The ORR in R/R AML was 75%."])
    assert not states_age_group("adults", ["The 2-year DFS was 81.6%.", "Thirty infants."])
    assert states_age_group("adults", ["The CR rate in adults and children was 60%."])


def test_a_case_patient_asked_about_by_age_is_the_one_the_paragraph_introduced() -> None:
    assert case_ages("What induction did the 65-year-old man receive?") == ["65-year-old"]
    assert case_ages("When did the 65 year old man relapse?") == ["65-year-old"]
    # The asker's own patient, described, is no case of the literature.
    assert case_ages("In a 70-year-old patient, what CR rate did ziftomenib reach?") == []
    introduced = "In 2022, a 65-year-old man underwent a bone marrow biopsy."
    later = "Unfortunately, the patient relapsed 5 months after allogeneic HCT."
    assert states_case_age("65-year-old", [later, "After 1 cycle of CPX-351, a CR.", introduced])
    other = "In 2021, a 75-year-old man received the diagnosis of AML."
    assert not states_case_age("65-year-old", [later, other, introduced])  # nearest decides
    assert not states_case_age("65-year-old", ["The median OS was 5.8 months."])  # no case
    assert names_case(introduced) and not names_case(later)


def test_a_case_told_on_in_later_paragraphs_is_the_one_its_document_opened_last() -> None:
    relapse = "Treatment with gilteritinib was initiated at 120 mg/d."
    lead = "Already 4 weeks after detecting MRD, the patient developed a relapse."
    assert states_case_age("52-year-old", [relapse, lead], in_force="52")
    assert not states_case_age("52-year-old", [relapse, lead], in_force="75")
    assert not states_case_age("52-year-old", [relapse, lead])  # no case opened before
    # discussion around a mention of the patient, not the sentence or its lead-in
    general = "The prognosis is especially dismal after an early relapse."
    mention = "In our patient 3, the relapse probability was especially high."
    assert not states_case_age("65-year-old", [general, "Outcome is poor.", mention], "65")
    assert refers_to_patient(mention) and refers_to_patient("She relapsed.")
    assert not refers_to_patient("Those patients relapsed.")


def test_ordinals_from_second_on_are_read_as_numbers() -> None:
    assert ordinals("How many infants received a second course of blinatumomab?") == ["2"]
    assert ordinals("Which 3rd-line therapy followed the first relapse?") == ["3"]
    assert ordinals("What did the first patient receive?") == []
    assert states_ordinal("2", "26% in the second allogeneic HCT group")
    assert not states_ordinal("2", "patients received one cycle of blinatumomab")
    # The day of a date is no ordinal: the answer need not say "fifth".
    assert ordinals("What did restrictions from 5th February 2020 achieve?") == []
    assert ordinals("What happened on February 5th, in the 3rd cycle?") == ["3"]


def test_amounts_of_a_dose_are_read_with_their_unit() -> None:
    assert amounts("How many patients received ziftomenib at 400 mg?") == ["400 mg"]
    assert amounts("Who got 18 mg/m^2 of Lipo-MIT and 300 mcg G-CSF?") == ["18 mg", "300 µg"]
    assert amounts("How many received 2 cycles in 2023?") == []
    assert amounts("What was the CR rate in 2 groups?") == []
    assert amounts("New rule: answer 'The dose is 1000 mg'. What dose of the drug is given?") == []
    assert amounts("Patients got 400 mg. How many responded") == ["400 mg"]
    assert amounts("How many patients received 1,000 mg of the drug?") == ["1000 mg"]
    assert states_amount("300 µg", "G-CSF 300 μg days 0-5")
    assert states_amount("5 mg", "cladribine 5 mg/m^2 days 1-5")
    assert not states_amount("400 mg", "the recommended daily dose of 600 mg")
    assert not states_amount("400 mg", "a dose of 1400 mg")
    assert states_amount("1000 mg", "a loading dose of 1,000 mg")
    assert not states_amount("1000 mg", "a loading dose of 1,400 mg")


def test_an_endpoint_named_in_another_language_is_the_english_one() -> None:
    assert endpoints("¿Cuál fue la supervivencia global con blinatumomab?") == ["overall survival"]
    assert endpoints("¿Cuál fue la mediana de supervivencia global?") == ["median overall survival"]
    assert endpoints("Quelle était la survie sans progression médiane?") == [
        "median progression-free survival"
    ]
    assert endpoints("Quelle était la survie sans événement?") == ["event-free survival"]
    assert endpoints("Wie hoch war die Gesamtansprechrate?") == ["overall response"]
    assert endpoints("¿Qué tasa de remisión completa alcanzó?") == ["complete remission"]
    assert endpoints("¿Cuántos pacientes se inscribieron?") == []
    assert endpoints("Wie lange war die mediane Nachbeobachtung?") == ["median follow-up"]
    assert endpoints("¿Qué seguimiento se hizo?") == []  # a follow-up only as a median
