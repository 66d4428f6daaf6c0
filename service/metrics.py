"""Prometheus metrics of one app instance (its own registry, so apps never share counters)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

from rag.answering.types import Answer

_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class Metrics:
    """Request counts and latencies per route, and what answers did."""

    def __init__(self) -> None:
        """Create the registry and its metrics."""
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "citeqa_http_requests_total",
            "HTTP requests by route template, method and status code.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "citeqa_http_request_duration_seconds",
            "HTTP request latency by route template.",
            ["route"],
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.answers = Counter(
            "citeqa_answers_total", "Answers given, by mode.", ["mode"], registry=self.registry
        )
        self.refusals = Counter(
            "citeqa_refusals_total", "Answers that refused.", registry=self.registry
        )
        self.fallbacks = Counter(
            "citeqa_fallbacks_total",
            "LLM answers replaced by the extractive one.",
            registry=self.registry,
        )
        self.dropped = Counter(
            "citeqa_verifier_dropped_sentences_total",
            "Sentences the verifier removed from LLM answers.",
            registry=self.registry,
        )

    def observe_answer(self, answer: Answer) -> None:
        """Count one answer."""
        self.answers.labels(answer.mode).inc()
        if answer.refused:
            self.refusals.inc()
        if answer.fallback:
            self.fallbacks.inc()
        self.dropped.inc(answer.dropped_sentences)
