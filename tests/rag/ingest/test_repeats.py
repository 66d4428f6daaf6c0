from rag.ingest.clean import normalise
from rag.ingest.repeats import drop_immediate_repeats


def test_block_repeated_twice_is_kept_once() -> None:
    lines = ["Figure 1.", "A caption long enough to count as content here.", "Figure 1.",
             "A caption long enough to count as content here.", "Next paragraph."]  # fmt: skip
    assert drop_immediate_repeats(lines) == [0, 1, 4]


def test_three_copies_collapse_to_one() -> None:
    row = "Row with enough characters to be a repeated block"
    assert drop_immediate_repeats([row, row, row, "end"]) == [0, 3]


def test_short_repeats_and_distant_repeats_stay() -> None:
    assert drop_immediate_repeats(["%", "%", "CR,"]) == [0, 1, 2]
    long = "A sentence that appears twice but not one after the other."
    assert drop_immediate_repeats([long, "between", long]) == [0, 1, 2]


def test_review_tables_and_figures_appear_once(seed_docs, seed_raw) -> None:
    raw = normalise(seed_raw["rr-aml-how-i-treat"])
    text = seed_docs["rr-aml-how-i-treat"].text
    for probe in [
        "Figure 1.",
        "Proposed algorithm for the treatment of patients with R/R AML.",
        "Increase of blasts to ≥5%",
        "NPM1 MRD failure 10 AZA 7 of 10 molecular response",
        "Gilteritinib FLT3-mutated R/R AML 20-84 247 54 21 26 9.3 27",
    ]:
        assert raw.count(probe) == 2, probe
        assert text.count(probe) == 1, probe
