from rag.bench import pubmedqa
from rag.bench.datasets import PubMedQAItem


def item(pmid: int, test: bool) -> PubMedQAItem:
    return PubMedQAItem(pmid=str(pmid), question=f"q{pmid}", context=f"abstract {pmid}", test=test)


def test_the_quick_abstracts_are_the_asked_ones_and_the_first_others(monkeypatch) -> None:
    monkeypatch.setattr(pubmedqa, "QUICK_QUESTIONS", 2)
    monkeypatch.setattr(pubmedqa, "QUICK_OTHER_ABSTRACTS", 2)
    abstracts = [item(1, False), item(2, True), item(3, False), item(4, True), item(5, True),
                 item(6, False)]  # fmt: skip
    kept = pubmedqa.quick_abstracts(abstracts)
    assert [a.pmid for a in kept] == ["1", "2", "3", "4"]  # 2 and 4 asked; 1 and 3 the others
