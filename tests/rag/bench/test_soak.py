import os
import random

import pytest

from rag.bench.soak import Documents, document_text, resident_mib
from rag.errors import ConfigurationError


def test_resident_memory_of_this_process() -> None:
    assert 1 < resident_mib(os.getpid()) < 1 << 20
    with pytest.raises(ConfigurationError, match="/proc"):
        resident_mib(-1)


def test_documents_move_from_live_to_deleted() -> None:
    documents = Documents("abc")
    first, second = documents.next_marker(), documents.next_marker()
    assert first != second and first.isalnum()
    assert first.encode() in document_text(first, 3)
    documents.add(first, "doc-1")
    taken = documents.take_live(random.Random(0))
    assert taken == (first, "doc-1")
    assert documents.take_live(random.Random(0)) is None
    documents.add(first, "doc-1", deleted=True)
    assert documents.deleted == {first: "doc-1"} and documents.live == {}
