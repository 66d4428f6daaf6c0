import os
import random
import time

import pytest

from rag.bench.soak import LIVE_CAP, Documents, MemoryTrace, document_text, resident_mib
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
    assert documents.take_live(random.Random(0)) is None  # nothing live: upload
    for n in range(LIVE_CAP):
        documents.add(f"m{n}", f"doc-{n}")
    chooser = random.Random(0)
    taken = documents.take_live(chooser)  # at the cap: always delete
    assert taken is not None and taken[0] not in documents.live
    documents.add(*taken, deleted=True)
    assert documents.deleted == {taken[0]: taken[1]} and len(documents.live) == LIVE_CAP - 1
    draws = [documents.take_live(chooser) for _ in range(60)]
    assert 0 < sum(d is not None for d in draws) < 60  # below the cap: sometimes


def test_memory_trace_samples_until_stopped() -> None:
    with MemoryTrace(os.getpid(), 0.01) as trace:
        time.sleep(0.2)
    count = len(trace.samples)
    time.sleep(0.05)
    assert count >= 3 and len(trace.samples) == count
    assert all(sample > 1 for sample in trace.samples)
