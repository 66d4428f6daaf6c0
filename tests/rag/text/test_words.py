from rag.text.words import (
    adjacent_pairs,
    covered,
    overlap,
    same_name,
    same_root,
    same_term,
    singular,
    split_cjk,
    stem,
    terms,
)


def test_terms_drop_stopwords_and_single_characters() -> None:
    expected = ["cr", "rate", "ko", "539", "trial"]
    assert terms("What is the CR rate of KO-539 in a trial?") == expected


def test_same_term_matches_inflections_and_names_with_suffixes() -> None:
    assert same_term("mutant", "mutations")
    assert not same_term("rate", "rated")  # too short for the prefix rule
    assert same_term("npm1", "npm1mut")
    assert not same_term("npm1", "npm2")
    assert not same_term("cd", "cd19")  # a name needs three characters


def test_same_name_accepts_inflections_and_not_names_sharing_their_start() -> None:
    assert same_name("relapse", "relapsed") and same_name("coronaviruses", "coronavirus")
    assert same_name("leukemia", "leukemic") and same_name("npm1", "npm1mut")
    assert not same_name("ziftomenib", "ziftomenab") and same_term("ziftomenib", "ziftomenab")
    assert not same_name("mitoxantrone", "mitomycin")
    assert same_name("recurrence", "recurred") and same_name("resistance", "resistant")
    assert same_name("persistence", "persisted") and not same_name("decitabine", "decitance")
    assert same_root("neutrophils", "neutropenia") and not same_name("neutrophils", "neutropenia")
    assert not same_root("mitoxantrone", "mitomycin") and not same_root("dasatinib", "dasabuvir")
    # an abbreviation's plural ("DLIs") names what its singular does
    assert same_name("dli", "dlis") and same_name("orrs", "orr")
    assert not same_name("ab", "abs") and not same_name("dli", "dlix")


def test_singular_takes_off_english_plural_endings_only() -> None:
    assert [singular(w) for w in ("endpoints", "studies", "doses", "orrs")] == [
        "endpoint",
        "study",
        "dose",
        "orr",
    ]
    # Not a plural ending, or too short to tell.
    assert [singular(w) for w in ("virus", "class", "mice", "has", "cds")] == [
        "virus",
        "class",
        "mice",
        "has",
        "cds",
    ]


def test_covered_and_overlap() -> None:
    assert covered("relapsed", {"relapse", "rate"})
    assert not covered("dose", {"rate"})
    assert overlap("Ziftomenib reached 35% CR", "CR with ziftomenib was 35%") == 0.75
    assert overlap("", "anything") == 1.0
    assert overlap("menin inhibitor dose", "menin") == 1 / 3


def test_cjk_runs_match_by_character_pairs() -> None:
    assert split_cjk("中位PFS为3.5个月") == " 中位 PFS 为 3.5 个月 "
    assert terms("米拉德美坦的中位") == ["米拉", "拉德", "德美", "美坦", "坦的", "的中", "中位"]
    assert terms("The NPM1-mutant AML") == ["npm1", "mutant", "aml"]


def test_adjacent_pairs_are_of_stems_in_order() -> None:
    assert stem("vaccines") == "vacc"
    assert stem("cells") == "cell"
    assert stem("cell") == "cell"
    assert adjacent_pairs(["delivery", "of", "vaccines"]) == [("deli", "of"), ("of", "vacc")]
    assert adjacent_pairs(["alone"]) == []
