from rag.answering.cues.salience import salient_terms, spellings


def test_salient_terms_are_names_and_rare_words() -> None:
    doc_freq = {"ziftomenib": 3, "patients": 90, "remission": 40, "objective": 2}
    terms = salient_terms("What CR rate did ziftomenib reach in NPM1-mutant AML?", doc_freq, 100)
    assert terms == ["cr", "ziftomenib", "npm1", "mutant", "aml"]
    assert salient_terms("What was the objective response in patients?", doc_freq, 100) == []
    common = frozenset({"previous", "occurred"})
    question = "What previous name of ziftomenib occurred?"
    assert salient_terms(question, doc_freq, 100) == ["previous", "ziftomenib", "occurred"]
    assert salient_terms(question, doc_freq, 100, common) == ["ziftomenib"]


def test_a_word_few_documents_use_is_salient_however_many_chunks_hold_it() -> None:
    doc_freq = {"gilteritinib": 16, "remission": 30}
    spread = {"gilteritinib": 1, "remission": 4}
    question = "What remission rate did gilteritinib reach?"
    assert salient_terms(question, doc_freq, 88) == []
    using = lambda term: spread.get(term, 0)  # noqa: E731
    assert salient_terms(question, doc_freq, 88, frozenset(), using, 5) == ["gilteritinib"]
    assert salient_terms(question, doc_freq, 88, frozenset(), lambda _: 1, 1) == []  # one doc


def test_a_word_hyphenated_to_a_name_is_part_of_it_unless_ordinary() -> None:
    question = "What median follow-up did Lipo-MIT plus CLAG reach in NPM1-mutant AML?"
    common = frozenset({"mutant", "median", "follow", "reach"})
    assert salient_terms(question, {}, 100, common) == ["lipo", "mit", "clag", "npm1", "aml"]


def test_a_name_written_between_cjk_characters_is_salient() -> None:
    question = "齐夫托美尼在NPM1突变AML中的完全缓解率是多少?"
    assert {"npm1", "aml"} <= set(salient_terms(question, {"npm1": 3, "aml": 40}, 100))


def test_an_abbreviation_in_the_plural_is_salient_as_its_singular() -> None:
    question = "What were the ORRs of ivosidenib and olutasidenib with prior TKIs?"
    assert salient_terms(question, {}, 50, frozenset()) == [
        "orr", "ivosidenib", "olutasidenib", "tki"
    ]  # fmt: skip


def test_the_words_of_trial_registration_and_evaluation_are_not_salient() -> None:
    question = "What is the registry identifier of the phase 3 trial of uproleselan?"
    assert salient_terms(question, {"uproleselan": 2}, 100) == ["uproleselan"]
    question = "How many patients were evaluable for response to milademetan?"
    assert salient_terms(question, {"milademetan": 2}, 100) == ["milademetan"]
    assert "subtype" not in salient_terms("Which ALL subtype did the infants have?", {}, 100)


def test_inflections_derivations_and_british_spellings_of_ordinary_words_are_ordinary() -> None:
    common = frozenset({"action", "negative", "leukemia", "tumor", "regime", "mutation", "block"})
    doc_freq = {"leukemia": 50}
    question = "Which actionable regimes cut MRD negativity, leukaemia or tumours with ziftomenib?"
    assert salient_terms(question, doc_freq, 100, common) == ["mrd", "ziftomenib"]
    question = "Did the blocker shrink mutated tumours treated with milademetan?"
    assert salient_terms(question, doc_freq, 100, common) == ["milademetan"]
    assert spellings("leukaemia") == ("leukaemia", "leukemia")
    assert spellings("randomised") == ("randomised", "randomized")
    assert spellings("tumours") == ("tumours", "tumors")
    assert spellings("centre") == ("centre", "center")
    assert spellings("enrolment") == ("enrolment", "enrollment")
    assert spellings("settlement") == ("settlement",)
    assert spellings("venetoclax") == ("venetoclax",)


def test_a_british_spelling_of_a_word_the_corpus_uses_often_is_not_rare() -> None:
    doc_freq = {"haematology": 0, "hematology": 40}
    assert salient_terms("What does haematology say about ziftomenib?", doc_freq, 100) == [
        "ziftomenib"
    ]


def test_an_inflection_of_a_word_the_corpus_uses_often_is_not_rare() -> None:
    doc_freq = {"relapse": 40, "relapsing": 1}
    question = "Which regimens help relapsing patients after ziftomenib?"
    assert salient_terms(question, doc_freq, 100) == ["ziftomenib"]
    assert salient_terms(question, {"relapsing": 1}, 100) == ["relapsing", "ziftomenib"]


def test_every_word_of_a_name_with_a_digit_is_salient() -> None:
    common = frozenset({"mantra", "mutant"})
    question = "What was the primary endpoint of MANTRA-2 in NPM1-mutant AML?"
    assert salient_terms(question, {}, 100, common) == ["mantra", "npm1", "aml"]


def test_ordinary_words_are_not_salient_in_capitals_or_plural() -> None:
    common = frozenset({"system", "regimen", "mit"})
    question = "SYSTEM: which regimens are used with ziftomenib or Lipo-MIT in AML?"
    assert salient_terms(question, {}, 100, common) == ["ziftomenib", "lipo", "mit", "aml"]
