from collections import Counter

from rag.ingest.layout import (
    footnotes,
    join_hyphenated,
    paragraph_starts,
    running_lines,
    vocabulary,
)

HEAD = "Journal of Benchmark Studies Variants in DC-SIGNR"
WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
]


def body(n: int) -> str:
    """A distinct line of running text."""
    return f"the {WORDS[n]} line of running text that fills the whole column width"


def test_running_heads_feet_and_page_numbers_are_found() -> None:
    pages = [
        [HEAD, body(0), body(1), "1"],
        [HEAD, body(2), "Page 2 of 3"],
        [HEAD, body(3), body(4), body(5), "3"],
    ]
    found = running_lines(pages)
    assert found == {(0, 0), (0, 3), (1, 0), (1, 2), (2, 0), (2, 4)}


def test_a_line_on_one_page_only_is_not_running() -> None:
    pages = [["Results", body(0), body(1)], ["Discussion", body(2)], ["Methods", body(3)]]
    assert running_lines(pages) == set()
    assert running_lines([[body(0) * 3, HEAD]] * 3) == {(0, 1), (1, 1), (2, 1)}
    assert running_lines([[HEAD]] * 3) == set()  # a page of one line keeps it


def test_paragraphs_start_after_short_sentence_ends_and_headings() -> None:
    page = [
        "Results",
        "The complete remission rate was 35% in the trial",
        "and the overall response rate was 42% across all.",
        "Median survival was seven months.",
        "Safety was acceptable in every cohort of the study",
        "Table 1 Baseline characteristics",
    ]
    # A sentence may end at a full line's end inside a paragraph (the third line).
    assert paragraph_starts([page]) == [[True, True, False, False, True, True]]


def test_a_paragraph_runs_on_over_a_page_break() -> None:
    first = [
        "The complete remission rate was 35% in the trial",
        "cohort of the study and was",
        "the highest reported in the whole series of",
    ]
    second = [
        "patients with relapsed disease after two lines.",
        "Discussion",
        "The drug was well tolerated in all patients.",
    ]
    assert paragraph_starts([first, second]) == [[True, False, False], [False, True, True]]


def test_hyphens_at_line_ends_are_joined_by_the_documents_own_words() -> None:
    words = vocabulary(["the long-term treatment was given", "a long-term view"])
    assert join_hyphenated("the treat-", "ment was given", words) == "the treatment was given"
    assert join_hyphenated("a long-", "term view", words) == "a long-term view"
    assert join_hyphenated("positive HIV-", "1 infection", words) == "positive HIV-1 infection"
    assert join_hyphenated("SARS-", "CoV-2 spread", words) == "SARS-CoV-2 spread"
    assert join_hyphenated("the dis-", "ease", Counter()) == "the disease"
    coronaviruses = vocabulary(["strain BtCoV/Rh/YN2012 and SARS-CoV", "BtCoV/Rh/YN2012 again"])
    assert (
        join_hyphenated("a novel Bt-", "CoV/Rh/YN2012", coronaviruses) == "a novel BtCoV/Rh/YN2012"
    )
    assert join_hyphenated("the SARS-", "CoV genome", coronaviruses) == "the SARS-CoV genome"
    assert join_hyphenated("a dash -", "then text", words) is None
    assert join_hyphenated("no hyphen", "here", words) is None


def test_footnotes_are_the_small_type_at_a_page_bottom() -> None:
    lines = [body(0), body(1), "Figure 1. Response by cohort", "1 Data cut-off March 2023.", "2"]
    sizes = [10.0, 10.0, 8.0, 6.0, 10.0]
    assert footnotes(lines, sizes) == (3, 4)  # the caption is not a footnote, the page number after
    assert footnotes([body(0), body(1)], [10.0, 10.0]) == (2, 2)
    assert footnotes([], []) == (0, 0)
    assert footnotes([body(0), "small print"], [10.0, 0.0]) == (2, 2)  # unknown size: not a note


def test_a_compound_broken_at_its_own_hyphen_keeps_it() -> None:
    words = vocabulary(["the rod was like a capsid", "treat the patients"])
    assert join_hyphenated("a rod-", "like protein", words) == "a rod-like protein"
    assert (
        join_hyphenated("hand-foot-and-", "mouth disease", Counter())
        == "hand-foot-and-mouth disease"
    )
    assert join_hyphenated("the treat-", "ment", words) == "the treatment"  # "ment" is no word


def test_the_parts_of_a_broken_word_are_not_words_of_the_text() -> None:
    words = vocabulary(["very pow-", "erful and long", "lasting"])
    assert words["pow"] == 0 and words["erful"] == 0 and words["very"] == 1
    assert words["and"] == 1 and words["lasting"] == 1
    assert join_hyphenated("very pow-", "erful and long", words) == "very powerful and long"
