from rag.answering.cues.endpoints import (
    ANY_RESPONSE,
    abbreviates,
    endpoints,
    gives_time_to_event,
    is_composite,
    names_endpoint,
    names_median,
    without_examples,
)
from rag.answering.cues.kinds import question_types


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
    assert names_endpoint(cr, "35% (7 out of 20) of patients achieved complete remission")
    assert names_endpoint(cr, "Complete remissions were seen in 7 patients")
    assert not names_endpoint(cr, "the CRc rate after one cycle was 63.0%")
    assert not names_endpoint(cr, "The composite CR rate was 50% in the ivosidenib arm")
    assert not names_endpoint(cr, "the composite complete remission (CRc) rate")
    assert names_endpoint(crc, "The composite CR rate was 50% in the ivosidenib arm")
    assert not names_endpoint(crh, "In the preliminary report, CR and ORR rates were 30% and 40%")
    assert names_endpoint(crh, "CR with partial haematological recovery was reached by 12%")


def test_a_composite_of_remissions_is_an_endpoint_of_its_own() -> None:
    cr, cri = "complete remission", "complete remission with incomplete hematologic recovery"
    assert endpoints("What CR/CRh rate did gilteritinib reach?") == ["CR/CRh"]
    assert endpoints("What was the CR + CRi rate, and the CR rate?") == [cr, "CR/CRi"]
    assert endpoints("What were the CR/CRi/MLFS rates?") == ["CR/CRi/MLFS"]
    assert is_composite("CR/CRh") and not is_composite(cr)
    gilteritinib = "Rates of CR/CRh were higher with gilteritinib (34.0% vs 15.3%)"
    assert names_endpoint("CR/CRh", gilteritinib)
    assert names_endpoint("CR/CRh", "the CRh + CR rate was 30%")
    assert not names_endpoint(cr, gilteritinib)
    assert not names_endpoint(cri, "Overall, the CR/CRi rate in R/R AML was 69%")
    assert not names_endpoint("CR/CRh", "Overall, the CR/CRi rate in R/R AML was 69%")
    assert not names_endpoint("CR/CRi", "CR/CRi/MLFS was reached by 55%")
    assert names_endpoint(cr, "The CR/CRh rate was 30%, with CR in 20%")
    assert names_endpoint(cr, "Failure to achieve CR, CRh, or CRi after two courses")
    assert abbreviates("CR/CRh", "crh") and not abbreviates("CR/CRh", "cri")


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
