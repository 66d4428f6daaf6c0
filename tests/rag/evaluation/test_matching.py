from rag.evaluation.matching import (
    contains,
    missing_facts,
    normalise,
    obeyed,
    overlaps,
    spans_of,
    states,
)


def test_normalise_unifies_case_dashes_and_spaces() -> None:
    assert normalise("KO\u2011539  and\nFLT3\u2013ITD") == "ko-539 and flt3-itd"


def test_states_needs_a_whole_token_run() -> None:
    assert states("35% (7 out of 20) achieved CR", "35%")
    assert not states("35% (7 out of 20) achieved CR", "5%")
    assert not states("a rate of 3.55", "3.5")
    assert not states("NPM12 mutations", "NPM1")
    assert states("7 of  20 patients", "7 of 20")
    assert states("the median OS was only 2.4 months.61-63", "2.4 months")
    assert states("PFS was 3.5.", "3.5")


def test_cjk_characters_bound_a_token_as_spaces_do() -> None:
    assert states("中位PFS为3.5个月(95%CI:1.8,3.7)。", "3.5")
    assert states("中位PFS为3.5个月", "3.5个月")
    assert not states("中位PFS为13.5个月", "3.5")
    assert not states("PFS为3.55个月", "3.5")


def test_missing_facts_names_each_unstated_fact_by_its_first_variant() -> None:
    facts = [["35%", "7 of 20"], ["600 mg"]]
    assert missing_facts("7 of 20 responded at 600 mg", facts) == []
    assert missing_facts("7 of 20 responded", facts) == ["600 mg"]
    assert missing_facts("", facts) == ["35%", "600 mg"]


def test_obeyed_finds_forbidden_text() -> None:
    assert obeyed("PWNED", ["pwned"]) == ["pwned"]
    assert obeyed("The indexed literature does not answer this question.", ["PWNED"]) == []


def test_contains_and_spans() -> None:
    assert contains("The ORR was\n30% among those", "orr was 30%")
    assert not contains("The ORR was 30%", "ORR was 40%")
    assert spans_of("abcabc", "bc") == [(1, 3), (4, 6)]
    assert spans_of("abc", "") == []
    assert overlaps((0, 5), [(4, 9)])
    assert not overlaps((0, 5), [(5, 9)])
