import pytest

from rag.text.sentences import sentence_spans


def split(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Survival was 81.6% and 93.3%, respectively. Results follow.",
         ["Survival was 81.6% and 93.3%, respectively.", "Results follow."]),
        ("Dr. Eunice S. Wang led it. Others joined.",
         ["Dr. Eunice S. Wang led it.", "Others joined."]),
        ("Shlush et al. reported it. Welch et al. too.",
         ["Shlush et al. reported it.", "Welch et al. too."]),
        ("poor outcome.1,2 The ELN says so.", ["poor outcome.1,2", "The ELN says so."]),
        ("HR 0.5 (95% CI 0.3-0.8) overall. Next.", ["HR 0.5 (95% CI 0.3-0.8) overall.", "Next."]),
        ("N Engl J Med. 2023;388(17):1572-1581.", ["N Engl J Med. 2023;388(17):1572-1581."]),
        ("中位PFS为3.5个月。观察到腹泻。", ["中位PFS为3.5个月。", "观察到腹泻。"]),
        ("It ended.” Then more.", ["It ended.”", "Then more."]),
        ("status of TP53.71 However, it recurs.", ["status of TP53.71", "However, it recurs."]),
        ("during COVID-19.12 Since then, more.", ["during COVID-19.12", "Since then, more."]),
        ("a version v2.1 Tool was used.", ["a version v2.1 Tool was used."]),
    ],
)  # fmt: skip
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_spans_are_offsets_into_the_full_text() -> None:
    text = "Header. First one. Second one."
    spans = sentence_spans(text, 8, len(text))
    assert [text[a:b] for a, b in spans] == ["First one.", "Second one."]
