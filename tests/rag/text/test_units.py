from rag.text.units import RECORD_LINES, quotable_units, table_records

BROKEN_ROWS = (
    "Patient characteristics N Treatment MRD response Clinical outcome\n"
    "NPM1 MRD failure 33 20 chemotherapy/HMA ± HCT\n"
    "13 direct HCT\n"
    "80% MRDneg 2 y OS, 86% 90\n"
    "NPM1 MRD relapse 30 27 chemotherapy + HCT\n"
    "3 direct HCT\n"
    "59% MRDneg 2 y OS, 63% 19"
)


def texts(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[start:end] for start, end in spans]


def test_a_row_broken_over_lines_is_one_record_with_its_label() -> None:
    assert texts(BROKEN_ROWS, table_records(BROKEN_ROWS)) == [
        "Patient characteristics N Treatment MRD response Clinical outcome",
        "NPM1 MRD failure 33 20 chemotherapy/HMA ± HCT\n13 direct HCT\n80% MRDneg 2 y OS, 86% 90",
        "NPM1 MRD relapse 30 27 chemotherapy + HCT\n3 direct HCT\n59% MRDneg 2 y OS, 63% 19",
    ]


def test_rows_of_a_table_numbered_in_its_first_column_stay_apart() -> None:
    table = "Dose level Dose N DLT\n1 200 mg 3 0\n2 400 mg 6 1\n3 600 mg 6 2"
    assert texts(table, table_records(table)) == table.split("\n")


def test_a_line_after_a_header_or_a_label_without_values_starts_a_record() -> None:
    table = "Age, years\n18-59 20 (30%)\nVEN + HMA/LDAC\n5 of 5 CR MRDneg"
    assert texts(table, table_records(table)) == table.split("\n")


def test_a_record_spans_at_most_its_limit_of_lines() -> None:
    lines = ["Cohort A 12 patients", *(f"{n} more" for n in range(RECORD_LINES + 1))]
    table = "\n".join(lines)
    records = texts(table, table_records(table))
    assert records[0] == "\n".join(lines[:RECORD_LINES])
    assert records[1:] == lines[RECORD_LINES:]


def test_prose_is_cut_into_sentences_and_references_into_lines() -> None:
    prose = "The ORR was 30%. The CR rate was 20%.\n\nA new paragraph."
    assert texts(prose, quotable_units(prose, "body")) == [
        "The ORR was 30%.", "The CR rate was 20%.", "A new paragraph."
    ]  # fmt: skip
    references = "1. Smith J. Blood. 2020.\n2. Doe A. Leukemia. 2021."
    assert texts(references, quotable_units(references, "references")) == references.split("\n")
    assert texts(BROKEN_ROWS, quotable_units(BROKEN_ROWS, "table"))[2].startswith(
        "NPM1 MRD relapse"
    )
