from rag.answering.spelling import correct, correction, edits, joined, separate, written_apart

CORPUS = {"carrageenan": 3, "isolated": 40, "zanamivir": 5, "identified": 9, "randomized": 4,
          "burden": 7, "mitoxantrone": 2, "enasidenib": 6, "ivosidenib": 8}  # fmt: skip
COMMON = frozenset({"potential", "benefit", "genotypes", "patients"})


def test_edits_stay_inside_the_word() -> None:
    # A letter added, dropped, changed or two swapped, never the first letter or the last two.
    assert {"carrageenan", "caageenan", "craageenan", "cbrageenan"} <= edits("carageenan")
    assert not {"arageenan", "carageena", "carageenax", "carageenna"} & edits("carageenan")
    assert "carageenan" not in edits("carageenan")
    assert "gilteritinib" in edits("gilteritinb")  # a letter added before the last one


def test_a_slip_is_read_with_the_corpus_spelling_in_the_question_case() -> None:
    asked = "Do Carageenan and ZANAMAVIR help? How many were isilated?"
    assert correct(asked, CORPUS, COMMON) == (
        "Do Carrageenan and ZANAMIVIR help? How many were isolated?"
    )


def test_names_the_corpus_does_not_use_stay_absent() -> None:
    # Names with a digit, short words, known and ordinary words are never corrected; nor is a
    # change of ending ("identifier" is not "identified") or of the first letter ("wurden").
    for asked in ["KOMET-017", "IDH3", "Ivosid", "potential", "identifier", "randomize",
                  "wurden", "mitoxantrona", "olutasidenib"]:  # fmt: skip
        assert correct(asked, CORPUS, COMMON) == asked


def test_the_spelling_most_chunks_use_wins() -> None:
    assert correction("leucemia", {"leukemia": 9, "leucaemia": 2}, COMMON) == "leukemia"
    assert correction("leucemia", {"leukemia": 2, "leucaemia": 9}, COMMON) == "leucaemia"
    assert correction("leucemia", {"leucemia": 1, "leukemia": 9}, COMMON) is None  # known


def test_a_name_run_together_is_one_the_corpus_never_writes_so_but_uses_both_parts_of() -> None:
    counts = {"covid": 5, "19": 9, "cd40": 3, "cd": 2, "40": 4, "idh": 3, "komet": 4}
    asked = "Is COVID19 like CD40, IDH3 or KOMET017 in covid19 cases?"
    # CD40 is written so; IDH3's one digit apart would be no term; no chunk uses 017.
    assert joined(asked, counts) == [("COVID19", "COVID", "19"), ("covid19", "covid", "19")]


def test_the_corpus_writes_a_name_apart_as_most_passages_do() -> None:
    texts = ["cases of COVID-19 rose", "covid-19 in Wuhan", "Covid 19 and more"]
    assert written_apart("COVID", "19", texts) == "COVID-19"
    assert written_apart("covid", "19", texts[2:]) == "covid 19"
    # Not where the parts only stand near each other, or the number is part of another.
    assert (
        written_apart("COVID", "19", ["COVID and 19 cases", "COVID-190", "SARS-COVID-19x"]) is None
    )


def test_a_name_is_rewritten_only_where_it_stands_alone() -> None:
    asked = "Is COVID19 like COVID19a or xCOVID19?"
    assert separate(asked, "COVID19", "COVID-19") == "Is COVID-19 like COVID19a or xCOVID19?"
