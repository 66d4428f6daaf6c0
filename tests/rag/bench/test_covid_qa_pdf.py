from rag.bench.covid_qa_pdf import gold_page, quoted_part

PAGES = [
    "Journal 1\nThe drug was tested in 20 patients. The CR rate was 35%.",
    "Journal 2\nThe CR rate was 35% again; the drug was well tol-\nerated.",
]
RAW = (
    "The drug was tested in 20 patients. The CR rate was 35%.\n\n"
    "The CR rate was 35% again; the drug was well tolerated."
)


def span(answer: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = RAW.index(answer, start + 1)
    return start, start + len(answer)


def test_the_gold_page_is_where_the_answer_starts() -> None:
    assert gold_page(PAGES, RAW, span("The CR rate was 35%")) == 1
    assert gold_page(PAGES, RAW, span("The CR rate was 35%", 1)) == 2
    assert gold_page(PAGES, RAW, span("well tolerated")) == 2  # hyphenation does not matter
    assert gold_page(PAGES, RAW + " Not in the PDF.", (len(RAW) + 1, len(RAW) + 16)) is None
    assert gold_page(PAGES, RAW, (5, 5)) is None


def test_the_text_before_the_answer_picks_among_repeats_before_its_position() -> None:
    # The raw article runs longer than the PDF (a table the PDF lost), so the relative position
    # alone points at the wrong page; the words before the answer find the right one.
    raw = "Intro. The CR rate was 35%.\n\n" + "x " * 30 + "Later: The CR rate was 35% again."
    at = raw.rindex("The CR rate")
    pages = ["Intro. The CR rate was 35%.", "Later: The CR rate was 35% again."]
    assert gold_page(pages, raw, (at, at + 19)) == 2
    assert gold_page(pages, raw + "y " * 500, (at, at + 19)) == 2


def test_the_quoted_part_of_a_gold_span_keeps_its_distance_from_the_span_start() -> None:
    # Gold span at 100-160 of the cleaned text and 90-150 of the raw article.
    assert quoted_part((100, 160), (130, 200), (90, 150)) == (120, 150)  # its second half
    assert quoted_part((100, 160), (50, 110), (90, 150)) == (90, 100)  # its start
    assert quoted_part((100, 160), (50, 100), (90, 150)) == (90, 91)  # never empty
    # On a page break, the second half's page is the page of what the quote covers.
    raw = "The CR rate was 35% in the first cohort; the second cohort reached 50%."
    pages = ["The CR rate was 35% in the first cohort;", "the second cohort reached 50%."]
    second = raw.index("the second")
    assert gold_page(pages, raw, quoted_part((0, len(raw)), (second, len(raw)), (0, len(raw)))) == 2
