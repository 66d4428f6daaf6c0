from rag.answering.spelling import correct, correction, edits

CORPUS = {"carrageenan": 3, "isolated": 40, "zanamivir": 5, "identified": 9, "randomized": 4,
          "burden": 7, "mitoxantrone": 2, "enasidenib": 6, "ivosidenib": 8}  # fmt: skip
COMMON = frozenset({"potential", "benefit", "genotypes", "patients"})


def test_edits_stay_inside_the_word() -> None:
    # A letter added, dropped, changed or two swapped, never the first letter or the last two.
    assert {"carrageenan", "caageenan", "craageenan", "cbrageenan"} <= edits("carageenan")
    assert not {"arageenan", "carageena", "carageenax", "carageenna"} & edits("carageenan")
    assert "carageenan" not in edits("carageenan")


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
