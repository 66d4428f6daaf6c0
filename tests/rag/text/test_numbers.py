import pytest

from rag.text.numbers import extract_facts


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        ("35 %", "35%"),
        ("35 percent", "35%"),
        ("7/20", "7 of 20"),
        ("7 of 20", "7 out of 20"),
        ("seven of 20", "7/20"),
        ("63%", "63.0%"),
        ("1,000 patients", "1000 patients"),
        ("NCT06001788", "trial nct06001788"),
        ("range 10–59", "range 10-59"),
        ("600 mg", "a dose of 600 mg/day"),
        ("HR 0.5", "HR .5"),
        ("a change of −1.5", "a change of -1.5"),
        ("range 15-20", "range 15 - 20"),
        ("on day-7 and 10^-4", "on day 7 and 10 4"),
    ],
)
def test_equal_facts_normalise_alike(claim: str, evidence: str) -> None:
    assert extract_facts(claim).missing_from(extract_facts(evidence)) == []


@pytest.mark.parametrize(
    ("claim", "evidence", "missing"),
    [
        ("35%", "35 patients", ["35%"]),
        ("7/20", "7 of 21", ["20", "7/20"]),
        ("3.5 months", "3.7 months", ["3.5"]),
        ("KOMET-002", "KOMET-001", ["KOMET-002"]),
        ("99% responded", "Nothing numeric here.", ["99", "99%"]),
        ("a change of 1.5", "a change of −1.5", ["1.5"]),
        ("fell by -5%", "fell by 5%", ["-5", "-5%"]),
        ("p < .01", "p < .001", ["0.01"]),
        ("6 patients", "as reported before [6].", ["6"]),
        ("12 of 14", "as shown [12-14] and [3, 7]", ["12", "14", "12/14"]),
    ],
)
def test_different_facts_are_reported(claim: str, evidence: str, missing: list[str]) -> None:
    assert extract_facts(claim).missing_from(extract_facts(evidence)) == missing


def test_identifiers_are_not_numbers() -> None:
    facts = extract_facts("In KOMET-001 and NCT05735184, 35% (7 out of 20) responded.")
    assert facts.identifiers == {"KOMET-001", "NCT05735184"}
    assert facts.numbers == {35.0, 7.0, 20.0}
    assert facts.percentages == {35.0} and facts.ratios == {(7.0, 20.0)}
