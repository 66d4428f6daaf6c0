import pytest

from rag.text.references import without_references


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Some DUSPs are also known as MAPK phosphatases (MKPs) [6] [7] [8] .",
            "Some DUSPs are also known as MAPK phosphatases (MKPs).",
        ),
        ("Lederberg et al. [1] first pointed to it.", "Lederberg et al. first pointed to it."),
        ("as shown [12, 13], and before [4–6].", "as shown, and before."),
        # Brackets holding values are no reference markers.
        ("RR=1.4 [0.98-2.00]", "RR=1.4 [0.98-2.00]"),
        ("3.7% [1.3%-9.7%]", "3.7% [1.3%-9.7%]"),
        ("in trial [NCT01234567]", "in trial [NCT01234567]"),
    ],
)
def test_reference_markers_are_taken_out_and_values_kept(text: str, expected: str) -> None:
    assert without_references(text) == expected
