from pathlib import Path

from rag.ingest.clean import clean_document
from rag.stores.archive import DocumentArchive
from rag.types import DocumentMeta


def test_an_id_too_long_for_a_file_name_is_no_document(tmp_path: Path) -> None:
    # Path.is_file() raised ENAMETOOLONG: GET /v1/documents/{300 characters} gave 500.
    assert DocumentArchive(tmp_path).load("a" * 300) is None


def test_the_longest_id_whose_file_fits_is_archived(tmp_path: Path) -> None:
    # The temporary file was named after the document (".ID.json.PID-HEX.tmp"), so ids of about
    # 230 to 250 characters could not be archived although ID.json fits: uploads gave 500.
    doc_id = "a" * 250
    document = clean_document("Ziftomenib reached a CR rate of 35%.\n", DocumentMeta(doc_id=doc_id))
    archive = DocumentArchive(tmp_path)
    archive.save(document)
    assert archive.holds(document)
    assert [p.name for p in tmp_path.iterdir()] == [f"{doc_id}.json"]
