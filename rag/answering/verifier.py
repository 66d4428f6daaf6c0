"""Check every sentence of an answer against the passages it cites (pure functions).

A sentence is supported only when

1. it carries at least one marker ``[n]`` naming a retrieved passage (markers naming none are
   dropped first); passage sentences that address the model (prompt injections) are no evidence;
2. every number, percentage, ratio, dose, interval and trial identifier in it appears in the
   passages it cites, after normalisation (``35 %`` = ``35%``, ``7/20`` = ``7 of 20``);
3. enough of its content words appear in the cited passages (``min_overlap``).

For each supported sentence and each passage it cites, the quote is the smallest run of the
passage's sentences (or table rows) that holds the claim's facts and best matches its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.answering.passages import Passage
from rag.text.numbers import Facts, extract_facts, merge
from rag.text.sentences import sentence_spans
from rag.text.words import overlap

_MARKERS = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")


@dataclass
class CheckedSentence:
    """One answer sentence with its verdict."""

    text: str
    markers: list[int]
    supported: bool = False
    reason: str = ""
    quotes: dict[int, tuple[int, int]] = field(default_factory=dict)


def split_answer(answer: str) -> list[tuple[str, list[int]]]:
    """Split answer text into sentences with the markers each carries.

    Markers are taken out, the remaining text is split into sentences, and each marker goes to
    the sentence it stands in or directly follows: ``A [1]. B. [2]`` gives ``("A.", [1])`` and
    ``("B.", [2])``.
    """
    plain_parts: list[str] = []
    positions: list[tuple[int, list[int]]] = []
    cursor, length = 0, 0
    for match in _MARKERS.finditer(answer):
        piece = answer[cursor : match.start()]
        plain_parts.append(piece)
        length += len(piece)
        numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
        positions.append((length, numbers))
        cursor = match.end()
    plain_parts.append(answer[cursor:])
    plain = "".join(plain_parts)
    spans = sentence_spans(plain)
    sentences: list[tuple[str, list[int]]] = [(plain[s:e], []) for s, e in spans]
    for position, numbers in positions:
        index = max((i for i, (s, _) in enumerate(spans) if s < position), default=0)
        if sentences:
            for number in numbers:
                if number not in sentences[index][1]:
                    sentences[index][1].append(number)
    return sentences


def _quote(claim: str, passage: Passage) -> tuple[int, int]:
    """Chunk-relative span of the passage units that support ``claim``.

    Starts from the unit sharing most words with the claim, then adds, greedily, the unit stating
    most of the claim's facts still missing, while that helps.
    """
    needed = extract_facts(claim)
    facts = {unit: extract_facts(passage.unit_text(unit)) for unit in passage.units}
    chosen = [max(passage.units, key=lambda u: overlap(claim, passage.unit_text(u)))]

    def missing(units: list[tuple[int, int]]) -> int:
        return len(needed.missing_from(merge([facts[u] for u in units])))

    while missing(chosen):
        rest = [u for u in passage.units if u not in chosen]
        best = min(rest, key=lambda u: missing([*chosen, u]), default=None)
        if best is None or missing([*chosen, best]) == missing(chosen):
            break
        chosen.append(best)
    return min(s for s, _ in chosen), max(e for _, e in chosen)


def unsupported_reason(claim: str, facts: Facts, evidence: str, min_overlap: float) -> str:
    """Why ``evidence`` (with its ``facts``) does not support ``claim``; empty when it does.

    Rules 2 and 3 of the module docstring: every fact of the claim is among ``facts``, and at
    least ``min_overlap`` of its content words are in ``evidence``.
    """
    missing = extract_facts(claim).missing_from(facts)
    if missing:
        return "not in the cited passage: " + ", ".join(missing)
    share = overlap(claim, evidence)
    if share < min_overlap:
        return f"too little overlap with the cited passage ({share:.2f} < {min_overlap})"
    return ""


def supports(claim: str, evidence: list[str], min_overlap: float) -> bool:
    """Whether the texts in ``evidence``, taken together, support ``claim`` (the rules above)."""
    facts = merge([extract_facts(text) for text in evidence])
    return not unsupported_reason(claim, facts, "\n".join(evidence), min_overlap)


def check_sentence(
    text: str, markers: list[int], passages: dict[int, Passage], min_overlap: float
) -> CheckedSentence:
    """Verify one sentence against the passages its markers name."""
    valid = [m for m in markers if m in passages and passages[m].units]
    result = CheckedSentence(text=text, markers=valid)
    if not valid:
        result.reason = "cites no retrieved passage" if markers else "carries no citation"
        return result
    cited = [passages[m] for m in valid]
    reason = unsupported_reason(
        text, merge([p.facts for p in cited]), "\n".join(p.evidence for p in cited), min_overlap
    )
    if reason:
        result.reason = reason
        return result
    result.supported = True
    result.quotes = {m: _quote(text, passages[m]) for m in valid}
    return result


def verify(answer: str, passages: dict[int, Passage], min_overlap: float) -> list[CheckedSentence]:
    """Check every sentence of ``answer``; see the module docstring for the rules."""
    return [
        check_sentence(text, markers, passages, min_overlap)
        for text, markers in split_answer(answer)
    ]
