import pytest

from rag.text.front_matter import is_front_matter

PROSE = (
    "Ziftomenib was given once daily to adults with relapsed or refractory acute myeloid "
    "leukaemia in the phase 1b dose-escalation and dose-validation parts of KOMET-001, and the "
    "complete remission rate at the recommended dose was 35%. "
)


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
def test_front_matter(text: str) -> None:
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
def test_text_that_is_not_front_matter(text: str) -> None:
    assert not is_front_matter(text)
