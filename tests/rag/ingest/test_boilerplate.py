import pytest

from rag.ingest.boilerplate import is_boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "Close modal",
        "Sign in via your Institution",
        "This feature is available to Subscribers Only",
        "Sign In or Create an Account Close Modal",
        "Log in through your institution",
        "Download slide",
        "View large",
        "Accept all cookies",
        "Skip to main content",
    ],
)
def test_interface_text_is_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Patients had to sign in at the infusion clinic before each dose.",
        "Close monitoring of MRD is advised",
        "Modal response rates were higher in the second cohort.",
        "Sign in via your Institution to see the 35% response rate",
        "",
        "Results",
    ],
)
def test_content_is_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_no_boilerplate_survives_cleaning(seed_docs, seed_raw) -> None:
    phrases = [
        "Close modal",
        "Sign in via your Institution",
        "Subscribers Only",
        "Create an Account",
    ]
    assert any(p.lower() in raw.lower() for raw in seed_raw.values() for p in phrases)
    for doc in seed_docs.values():
        for phrase in phrases:
            assert phrase.lower() not in doc.text.lower(), (doc.doc_id, phrase)
