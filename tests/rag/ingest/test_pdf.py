from rag.ingest.pdf import _page_text


def test_pdfium_text_is_repaired_for_cleaning() -> None:
    raw = "The ﬁrst ﬂow was treat\ufffement of HIV\ufffe1 cases.\r\nNext line"
    assert _page_text(raw) == "The first flow was treat-\nment of HIV-\n1 cases.\nNext line"
