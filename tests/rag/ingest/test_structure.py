import pytest

from rag.ingest.structure import (
    caption_title,
    detect_language,
    float_title,
    is_front_matter,
    is_heading,
    paragraph_label,
)

PROSE = "This paragraph is long enough to count as running text. " * 5


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The median PFS was 3.5 months.", "en"),
        ("中位PFS为3.5个月(95%CI:1.8,3.7)。", "zh"),
        ("急性骨髄性白血病の治療について", "ja"),
        ("급성 골수성 백혈병", "ko"),
        ("12 34", "en"),
    ],
)
def test_detect_language_by_script(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_headings_need_shape_and_following_prose() -> None:
    assert is_heading("Mechanism of Action", PROSE)
    assert is_heading("Question", "What does it mean?")  # a known section name
    assert not is_heading("Mechanism of Action", "Short line")
    assert not is_heading("Duke Cancer Institute, Durham, North Carolina.", PROSE)
    assert not is_heading("the lowercase start", PROSE)


def test_float_titles_and_labels() -> None:
    assert float_title("Table 2.") == ("Table 2", "table")
    assert float_title("Figure 1.") == ("Figure 1", "figure")
    assert float_title("Table 2 shows the results.") is None
    assert paragraph_label("Methods: Eligible patients were aged 18-60 years.") == "Methods"
    assert paragraph_label("Background:Relapsed disease") == "Background"
    assert paragraph_label("Correspondence: Arnold Ganser") is None


@pytest.mark.parametrize(
    "text",
    [
        "Dumbrava Ecaterina E, Stinchcombe Thomas E, Gounder Mrinal, Cote Gregory M",
        "Tsukamoto, Takashi; Li, Xianglan; Morita, Hiromi; Minowa, Takashi",
        "Authors: " + "Kin, Nathalie; " * 40,  # a labelled author list of any length
        "The University of Texas MD Anderson Cancer Center, Houston, TX, United States.",
        "Department of Hematology, Peking University People's Hospital, Beijing 100044, China",
        "Clin Cancer Res. 2025 Aug 11. doi: 10.1158/1078-0432.CCR-25-0762.",
        "Blood. 2024;143(12):1101-1115.",
        "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC2752805/",
        "DOI:10.1371/journal.pone.0007211",
        "2009-10-07",
        "Received: 3 May 2024",
    ],
)
def test_front_matter_lines(text: str) -> None:
    assert is_front_matter(text)


@pytest.mark.parametrize(
    "text",
    [
        "Patient 1 was treated at the University hospital with 120 mg daily.",
        "AML, ALL, CML",
        "Ziftomenib, revumenib, and gilteritinib were tested.",
        "Mechanism of Action",
        "The median PFS was 3.5 months (95% CI:1.8, 3.7).",
        PROSE + "See doi: 10.1158/1078-0432.",
    ],
)
def test_lines_that_are_not_front_matter(text: str) -> None:
    assert not is_front_matter(text)


def _titles(doc) -> list[str]:
    return [s.title for s in doc.sections]


def test_news_article_headings(seed_docs) -> None:
    assert _titles(seed_docs["ziftomenib-komet-001"]) == [
        "Main text",
        "Mechanism of Action",
        "Clinical Trial Results",
        "Impact on AML Treatment",
        "Ongoing Research",
    ]


def test_structured_abstract_labels(seed_docs) -> None:
    titles = _titles(seed_docs["lipo-mit-clag-rr-aml"])
    assert titles == ["Abstract", "Background", "Methods", "Results", "Conclusions"]


def test_review_sections(seed_docs) -> None:
    doc = seed_docs["rr-aml-how-i-treat"]
    titles = _titles(doc)
    assert titles.count("Question") == 4
    assert titles.count("Treatment considerations") >= 3
    kinds = {s.title: s.kind for s in doc.sections}
    assert kinds["Table 1"] == kinds["Table 2"] == kinds["Table 3"] == "table"
    assert kinds["Figure 1"] == "figure"
    assert kinds["References"] == "references"
    table2 = next(s for s in doc.sections if s.title == "Table 2")
    assert "VEN-LDAC 54% MRDneg" in doc.text[table2.start : table2.end]


def test_title_line_and_bullet_reference(seed_docs) -> None:
    doc = seed_docs["blinatumomab-interfant-06"]
    assert [(s.title, s.kind) for s in doc.sections] == [
        ("Title", "front"),
        ("Main text", "body"),
        ("References", "references"),
    ]


def test_chinese_translation_is_its_own_section(seed_docs) -> None:
    doc = seed_docs["milademetan-mantra-2"]
    assert [(s.title, s.language) for s in doc.sections] == [
        ("Main text", "en"),
        ("Translation (zh)", "zh"),
    ]
    zh = doc.sections[1]
    assert doc.text[zh.start : zh.end].startswith("MDM2是一种E3泛素连接酶")
    assert "米拉德美坦" not in doc.text[: zh.start]


def test_caption_lines_name_their_float() -> None:
    assert caption_title("Table 2: Responses by cohort") == ("Table 2", "table")
    assert caption_title("Fig. 3. Kaplan-Meier estimate of OS.") == ("Figure 3", "figure")
    assert caption_title("Table 2 shows the results.") is None
    assert caption_title("Table 2.") is None  # a bare label is float_title's
    assert caption_title("Table 1: " + "a very long caption " * 30) is None
