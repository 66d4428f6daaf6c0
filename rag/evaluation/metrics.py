"""Evaluation metrics (pure functions) and their summary over a set of per-question verdicts.

Definitions, as reported by ``citeqa eval``:

- **recall@k** of gold documents: share of a question's gold documents among the documents of
  its top-k chunks; of gold quotes: share of its gold quotes lying inside one of its top-k chunks
  (of a gold document). **MRR**: mean reciprocal rank of the first chunk of a gold document
  (``mrr_doc``) or holding a gold quote (``mrr_quote``); 0 when none is ranked.
- **answer correctness**: share of answerable questions answered (not refused) with every
  required fact stated (any accepted variant).
- **citation recall** and **citation precision**, after ALCE (Gao et al., 2023), with citeqa's
  verifier as the judge: a sentence is recalled when its cited quotes together support it; a
  citation is precise when its sentence is recalled and the quote either supports the sentence
  alone or is needed (the other quotes do not support it without it). Micro-averaged over all
  sentences and citations. **gold citation precision**: share of citations (of answerable
  questions) whose quote overlaps a gold quote.
- **numeric fidelity**: share of the numbers, percentages, ratios and identifiers stated in answer
  sentences that the sentence's cited quotes contain.
- **refusals**: precision (refused questions that are unanswerable) and recall (unanswerable
  questions refused). **Selective accuracy** (as PaperQA2 reports it): ``accuracy`` is correct
  over all questions (refusing an unanswerable one is correct), ``answered_precision`` is correct
  over answered ones, ``coverage`` the share answered.
- **injection resistance**: share of questions carrying forbidden text whose answer contains none.
- **answer calibration error**: expected calibration error (ten equal-width bins) of the
  answered questions' ``confidence`` against whether they were right.
- **latency**: p50 and p95 of the time to answer, in milliseconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from pydantic import BaseModel, Field

from rag.evaluation.calibration import ReliabilityBin, expected_calibration_error, reliability
from rag.text.numbers import extract_facts, merge

KS = (1, 3, 5, 10)
Judge = Callable[[str, list[str]], bool]


class SentenceVerdict(BaseModel):
    """One answer sentence, its cited quotes, and what was found of them."""

    text: str
    quotes: list[str]
    supported: bool = Field(description="Its quotes together support it (citation recall).")
    precise: list[bool] = Field(description="Per citation: precise in the ALCE sense.")
    numbers_stated: int
    ungrounded: list[str] = Field(description="Facts it states that its quotes do not contain.")


class Verdict(BaseModel):
    """Everything measured for one question."""

    id: str
    type: str
    split: str
    answerable: bool
    refused: bool
    correct: bool = Field(description="Right: all facts stated, or an unanswerable one refused.")
    missing_facts: list[str] = Field(default_factory=list)
    doc_recall: dict[int, float] | None = None
    quote_recall: dict[int, float] | None = None
    rr_doc: float | None = None
    rr_quote: float | None = None
    sentences: list[SentenceVerdict] = Field(default_factory=list)
    citations_gold: list[bool] | None = Field(
        default=None, description="Per citation: overlaps a gold quote (answerable questions)."
    )
    obeyed: list[str] | None = Field(
        default=None, description="Forbidden text found in the answer; None: nothing forbidden."
    )
    latency_ms: float
    confidence: float | None = Field(
        default=None, description="The answer's calibrated confidence (extractive answers)."
    )


def doc_recall(ranked_docs: Sequence[str], gold_docs: Sequence[str], k: int) -> float:
    """Share of ``gold_docs`` among the first ``k`` of ``ranked_docs`` (1.0 when none is gold)."""
    gold = set(gold_docs)
    if not gold:
        return 1.0
    return len(gold & set(ranked_docs[:k])) / len(gold)


def quote_recall(quote_hits: Sequence[set[int]], n_quotes: int, k: int) -> float:
    """Share of ``n_quotes`` gold quotes found in the first ``k`` ranks.

    Args:
        quote_hits: Per rank, the indices of the gold quotes that rank's chunk contains.
        n_quotes: How many gold quotes the question has.
        k: The cut-off.
    """
    if n_quotes == 0:
        return 1.0
    found = set().union(*quote_hits[:k]) if quote_hits[:k] else set()
    return len(found) / n_quotes


def reciprocal_rank(relevant: Sequence[bool]) -> float:
    """1 / the rank of the first relevant item, 0.0 when none is."""
    return next((1.0 / rank for rank, hit in enumerate(relevant, 1) if hit), 0.0)


def judge_citations(text: str, quotes: list[str], judge: Judge) -> tuple[bool, list[bool]]:
    """ALCE citation recall and precision for one sentence (see the module docstring).

    Returns:
        Whether the quotes together support the sentence, and per quote whether it is precise.
    """
    if not quotes:
        return False, []
    supported = judge(text, quotes)
    if not supported:
        return False, [False] * len(quotes)
    if len(quotes) == 1:
        return True, [True]
    precise = []
    for index, quote in enumerate(quotes):
        others = quotes[:index] + quotes[index + 1 :]
        precise.append(judge(text, [quote]) or not judge(text, others))
    return True, precise


def ungrounded_facts(text: str, quotes: list[str]) -> tuple[int, list[str]]:
    """How many facts ``text`` states, and those its ``quotes`` do not contain."""
    stated = extract_facts(text)
    return len(stated), stated.missing_from(merge([extract_facts(q) for q in quotes]))


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) with linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def share(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


def _mean(values: list[float]) -> float | None:
    return share(sum(values), len(values))


def answer_reliability(verdicts: Sequence[Verdict]) -> list[ReliabilityBin]:
    """Reliability of the answers' confidence: over answered questions with a confidence, how
    often an answer given with probability p was right."""
    pairs = [
        (v.confidence, v.correct) for v in verdicts if not v.refused and v.confidence is not None
    ]
    return reliability([p for p, _ in pairs], [c for _, c in pairs])


def summarise(verdicts: Sequence[Verdict]) -> dict[str, float | None]:
    """Every metric of the module docstring over ``verdicts``; None where nothing was measured."""
    answerable = [v for v in verdicts if v.answerable]
    unanswerable = [v for v in verdicts if not v.answerable]
    answered = [v for v in verdicts if not v.refused]
    refused = [v for v in verdicts if v.refused]
    sentences = [s for v in verdicts for s in v.sentences]
    precise = [flag for s in sentences for flag in s.precise]
    gold_flags = [flag for v in verdicts for flag in (v.citations_gold or [])]
    guarded = [v for v in verdicts if v.obeyed is not None]
    metrics: dict[str, float | None] = {"questions": float(len(verdicts))}
    for k in KS:
        metrics[f"doc_recall_at_{k}"] = _mean(
            [v.doc_recall[k] for v in verdicts if v.doc_recall is not None]
        )
    for k in KS:
        metrics[f"quote_recall_at_{k}"] = _mean(
            [v.quote_recall[k] for v in verdicts if v.quote_recall is not None]
        )
    metrics["mrr_doc"] = _mean([v.rr_doc for v in verdicts if v.rr_doc is not None])
    metrics["mrr_quote"] = _mean([v.rr_quote for v in verdicts if v.rr_quote is not None])
    metrics["answer_correctness"] = share(sum(v.correct for v in answerable), len(answerable))
    metrics["citation_recall"] = share(sum(s.supported for s in sentences), len(sentences))
    metrics["citation_precision"] = share(sum(precise), len(precise))
    metrics["citation_gold_precision"] = share(sum(gold_flags), len(gold_flags))
    stated = sum(s.numbers_stated for s in sentences)
    grounded = stated - sum(len(s.ungrounded) for s in sentences)
    metrics["numeric_fidelity"] = share(grounded, stated)
    metrics["refusal_precision"] = share(sum(not v.answerable for v in refused), len(refused))
    metrics["refusal_recall"] = share(sum(v.refused for v in unanswerable), len(unanswerable))
    metrics["accuracy"] = share(sum(v.correct for v in verdicts), len(verdicts))
    metrics["answered_precision"] = share(sum(v.correct for v in answered), len(answered))
    metrics["coverage"] = share(len(answered), len(verdicts))
    metrics["injection_resistance"] = share(sum(not v.obeyed for v in guarded), len(guarded))
    bins = answer_reliability(verdicts)
    metrics["answer_calibration_error"] = expected_calibration_error(bins) if bins else None
    latencies = [v.latency_ms for v in verdicts]
    metrics["latency_p50_ms"] = percentile(latencies, 50)
    metrics["latency_p95_ms"] = percentile(latencies, 95)
    return metrics
