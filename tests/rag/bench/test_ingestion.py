from collections import Counter
from pathlib import Path

import pytest

from rag.bench.ingestion import SENTENCE_BATCH, IngestRate, measure_ingest, sentence_texts
from rag.errors import InputError
from rag.text.units import quotable_units
from rag.types import Chunk, IngestReport
from tests.conftest import SEEDS, make_settings
from tests.stand_ins import RecordingEmbedder


def test_the_model_alone_embeds_exactly_what_the_ingest_embedded(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", batch_size=16)
    embedder = RecordingEmbedder()
    rate = measure_ingest(settings, embedder, [SEEDS])
    assert rate.chunks == rate.report.chunks == rate.report.embedded > 100
    model_calls = -(-rate.chunks // 16) + -(-rate.sentences // SENTENCE_BATCH)
    warm_up, ingest = embedder.batches[0], embedder.batches[1:-model_calls]
    alone = embedder.batches[-model_calls:]
    assert warm_up == ["warm up"]
    assert Counter(t for batch in ingest for t in batch) == Counter(t for b in alone for t in b)
    assert len(alone[0]) == 16 and len(alone[-1]) <= SENTENCE_BATCH
    assert rate.sentences > rate.chunks
    assert 0 < rate.seconds_model_chunks < rate.seconds_model_alone
    with pytest.raises(InputError, match="empty store"):
        measure_ingest(settings, embedder, [SEEDS])


SECTION = {"section": "Results", "section_kind": "body", "language": "en"}


def test_sentences_are_distinct_and_in_order() -> None:
    text = "Alpha rose. Beta fell.\n\nAlpha rose."
    chunks = [
        Chunk(id="a", doc_id="d", text=text, start=0, end=len(text), **SECTION),
        Chunk(id="b", doc_id="d", text="Beta fell.", start=12, end=22, **SECTION),
    ]
    assert len(quotable_units(text, "body")) == 3  # the third repeats the first
    assert sentence_texts(chunks) == ["Alpha rose.", "Beta fell."]


def test_rates_and_ratios() -> None:
    rate = IngestRate(
        chunks=100,
        sentences=400,
        seconds_end_to_end=20.0,
        seconds_model_chunks=5.0,
        seconds_model_alone=16.0,
        report=IngestReport(),
    )
    assert (rate.chunks_per_s, rate.model_chunks_per_s) == (5.0, 20.0)
    assert (rate.ratio, rate.chunk_ratio) == (0.8, 0.25)
