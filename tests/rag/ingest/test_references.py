from rag.ingest.references import find_token_runs, join_tokens, reflow_entries


def test_join_tokens_uses_citation_spacing() -> None:
    tokens = ["1.", "Thol", "F", ",", "Heuser", "M", ".", "Treatment for R/R AML", ".",
              "Hemasphere", ".", "2021", ";", "5", "(", "6", "):", "e572", "."]  # fmt: skip
    assert (
        join_tokens(tokens)
        == "1. Thol F, Heuser M. Treatment for R/R AML. Hemasphere. 2021;5(6):e572."
    )


def test_page_ranges_and_et_al() -> None:
    tokens = ["Döhner", "H", ", et al", ".", "Blood", ".", "2022", ";", "140", ":", "1345", "-",
              "1377", "."]  # fmt: skip
    assert join_tokens(tokens) == "Döhner H, et al. Blood. 2022;140:1345-1377."


def test_entries_split_only_at_the_next_number() -> None:
    tokens = ["1.", "A", "B", ".", "J", ".", "1999", ";", "2", ":", "3.", "3", ".", "2.", "C", "."]
    assert reflow_entries(tokens) == [(0, "1. A B. J. 1999;2:3. 3."), (13, "2. C.")]


def test_run_needs_short_lines_and_two_markers() -> None:
    lines = ["Intro paragraph that is long enough to matter.", "1.", "Ab", "C", ",", "D", "E", ".",
             "2.", "F", "G", "."]  # fmt: skip
    breaks = [False] * len(lines)
    breaks[1] = True
    assert find_token_runs(lines, breaks) == [(1, len(lines))]
    assert find_token_runs(lines[:8], breaks[:8]) == []


def test_review_reference_list_is_reflowed(seed_docs) -> None:
    doc = seed_docs["rr-aml-how-i-treat"]
    refs = [s for s in doc.sections if s.kind == "references"]
    assert len(refs) == 1
    entries = doc.text[refs[0].start : refs[0].end].split("\n")
    assert len(entries) == 97
    assert entries[0] == (
        "1. Thol F, Heuser M. Treatment for relapsed/refractory acute myeloid leukemia. "
        "Hemasphere. 2021;5(6):e572."
    )
    assert entries[96].startswith("97. Larson RA, Sievers EL, Stadtmauer EA, et al. Final report")
    assert all(entry.startswith(f"{n}. ") for n, entry in enumerate(entries, 1))
