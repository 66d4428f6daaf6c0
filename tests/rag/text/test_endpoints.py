from rag.text.endpoints import spelled_out


def test_an_endpoint_named_by_its_short_form_alone_is_spelled_out_for_the_model() -> None:
    assert spelled_out("What was the DFS with blinatumomab?") == (
        "What was the disease-free survival (DFS) with blinatumomab?"
    )
    assert spelled_out("milademetan ORR") == "milademetan overall response (ORR)"
    both = "What was the overall survival (OS)?"
    assert spelled_out(both) == both  # written out already
    assert spelled_out("What was the median follow-up?") == "What was the median follow-up?"
    assert spelled_out("Is DFSX a gene?") == "Is DFSX a gene?"  # not a word of its own
    # A report's sentence too, as the sentence index embeds it.
    assert spelled_out("Median OS was longer in the gilteritinib arm (9.3 vs 5.6 months).") == (
        "Median overall survival (OS) was longer in the gilteritinib arm (9.3 vs 5.6 months)."
    )
