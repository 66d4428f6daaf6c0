from rag.bench.covid_qa_pdf import gold_page

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
