from rag.bench.covid_qa_pdf import gold_page

PAGES = [
    "Journal 1\nThe drug was tested in 20 patients. The CR rate was 35%.",
    "Journal 2\nThe CR rate was 35% again; the drug was well tol-\nerated.",
]


def test_the_gold_page_is_where_the_answer_starts_nearest_its_position() -> None:
    assert gold_page(PAGES, "The CR rate was 35%", relative=0.1) == 1
    assert gold_page(PAGES, "The CR rate was 35%", relative=0.9) == 2
    assert gold_page(PAGES, "well tolerated", relative=0.5) == 2  # hyphenation does not matter
    assert gold_page(PAGES, "not in the article", relative=0.5) is None
    assert gold_page(PAGES, "", relative=0.5) is None
