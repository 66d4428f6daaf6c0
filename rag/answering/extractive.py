"""The extractive answerer: verbatim sentences of the retrieved passages, or a refusal.

Deterministic and offline. Every quotable sentence of the retrieved passages is a candidate; its
vector and token vectors come from the corpus's sentence index (:mod:`rag.retrieval.sentences`),
so a question costs one call of the embedding model (the question, what it asks beyond its
subject and its parts, embedded together) and arithmetic.
The learned scorer (:mod:`rag.answering.scorer`) gives
each candidate the probability that it answers the question, from the features of
:mod:`rag.answering.features`.

The answer is the most probable *complete* candidate (it mentions every salient term of the
question, itself or through its lead-in, title or document subject, and states every kind of
value asked for) when the answer's confidence reaches the model's answer threshold (the
confidence weighs the candidate's probability and its lead over the next complete candidate:
see :mod:`rag.answering.scorer`) and its probability the part threshold (the lowest any answer
sentence may have: a lone complete sentence leads by far, but one the model finds improbable
answers nothing), with up to ``max_sentences`` close runners-up reaching the threshold. A
question that asks the same about several subjects ("the response rates of A in X and of B in
Y") is first answered part by part: each part, analysed and embedded as a question of its own,
gets its most probable complete candidate naming the part's own subject that reaches the part
threshold and, among those rivals, the answer threshold; when every part has one, those are the
answer, each value stated about its own subject.
A chosen sentence that opens by referring back ("These mutations, ...") is quoted after the
sentence before it. Answer sentences leave out the paper's reference markers ("[6]"), which
would read as the answer's own citations; their quotes keep them.
When no one sentence is complete (a question about two drugs,
or asking a dose and a day), sentences that each reach the threshold and together cover
the question are the answer (sentences that each miss something are the riskiest answer, so they
get no lower bar). Otherwise the answer is a refusal that says what was missing: any
evidence, the asked entity, the asked kind of value, or confidence. Interrogative sentences are
never answers, nor are headings and captions (a fragment outside a table).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np

from rag.answering.cues.kinds import GATING, KIND_NAMES
from rag.answering.cues.mentions import AbbreviationForms, introduces, uncovered
from rag.answering.features import (
    Coverage,
    Evidence,
    conditions,
    coverage,
    features,
    is_fragment,
    phase_label,
    regimen_label,
    sentence_bm25,
    token_match,
)
from rag.answering.passages import Passage
from rag.answering.question import Question
from rag.answering.scorer import ScorerModel, lead
from rag.answering.types import RefusalReason
from rag.answering.verifier import CheckedSentence
from rag.embeddings import Embedder
from rag.retrieval.sentences import SentenceIndex
from rag.retrieval.statistics import TermStatistics
from rag.settings import AnswerSettings
from rag.text.endpoints import spelled_out
from rag.text.references import without_references
from rag.text.words import terms

_LEAD_IN = 2
#: How far back in its paragraph a lead-in reaches for a sentence introducing what the
#: sentences after it go on about ("FLAG-IDA has been tested in combination with venetoclax."
#: three results before "A total of 46% of patients ... proceeded to receive allogeneic HCT").
_INTRODUCED_WITHIN = 4
#: A sentence that opens by referring back to the one before it, which is quoted with it.
_ANAPHOR = re.compile(r"(These|This|Those|Such|They|Their|The latter|The former)\b")
#: A sentence naming the thing it is about only as "this method", "these agents": the sentence
#: before names it ("Next-generation sequencing (NGS)-based MRD assessment has gained interest.
#: However, some challenges remain, so this method is not established in routine practice.").
_NAMED_BEFORE = re.compile(
    r"\b(?:this|these|such)\s+(?:methods?|approach(?:es)?|agents?|drugs?|combinations?|regimens?"
    r"|techniques?|assays?|markers?|inhibitors?|strateg(?:y|ies)|compounds?)\b",
    re.I,
)


def refers_back(text: str) -> bool:
    """Whether a sentence leans on the one before it for what it is about: it opens by
    referring back (``_ANAPHOR``) or names its subject only as "this method" and the like
    (``_NAMED_BEFORE``)."""
    return _ANAPHOR.match(text) is not None or _NAMED_BEFORE.search(text) is not None


def units_before(passage: Passage, span: tuple[int, int], most: int) -> list[tuple[int, int]]:
    """Up to ``most`` units right before ``span`` in its paragraph, nearest first."""
    every = passage.all_units
    index = every.index(span) if span in every else 0
    before: list[tuple[int, int]] = []
    start = span[0]
    for unit in reversed(every[max(0, index - most) : index]):
        if "\n\n" in passage.text[unit[1] : start]:
            break
        before.append(unit)
        start = unit[0]
    return before


def lead_in(passage: Passage, span: tuple[int, int]) -> str:
    """Up to ``_LEAD_IN`` sentences before ``span`` in its paragraph: the context a sentence
    leans on ("The ORR was 30%" after the sentence naming the drug), read on into the chunk
    before (``Passage.before``) when the paragraph runs on from it: where a chunk starts is no
    break in what the text is about. It starts no earlier than a sentence introducing what it
    goes on about (:func:`rag.answering.cues.mentions.introduces`: "Ziftomenib, an oral
    inhibitor ..., was studied ..." before "CR and ORR rates were 30% and 40%" leaves out
    revumenib's sentence before it), and reaches back to one up to ``_INTRODUCED_WITHIN``
    sentences before in its paragraph: the results after it are of what it introduced. A
    sentence introducing its own subject has none ("IMGN632, a CD123-targeting antibody-drug
    conjugate, was studied ... with an ORR of 55%" is not of the enasidenib arm before it)."""
    if introduces(passage.unit_text(span)):
        return ""
    before = units_before(passage, span, _INTRODUCED_WITHIN)[::-1]  # nearest last
    first = before[0] if before else span
    earlier: list[str] = []  # the chunk before's sentences read on into, nearest last
    if len(before) < _INTRODUCED_WITHIN and passage.before and _runs_on(passage, first):
        earlier = list(passage.before[len(before) - _INTRODUCED_WITHIN :])
    texts = [*earlier, *(passage.unit_text(unit) for unit in before)]
    introducing = [n for n, text in enumerate(texts) if introduces(text)]
    start = introducing[-1] if introducing else max(0, len(texts) - _LEAD_IN)
    if start >= len(earlier):  # all within the chunk: its own text, as it stands
        return passage.text[before[start - len(earlier)][0] if before else span[0] : span[0]]
    return " ".join((*earlier[start:], passage.text[first[0] : span[0]])).strip()


def paragraph_before(passage: Passage, span: tuple[int, int]) -> tuple[str, ...]:
    """The sentences of ``span``'s paragraph before it, nearest first, read on into the chunk
    before as :func:`lead_in` reads."""
    before = units_before(passage, span, len(passage.all_units))
    own = tuple(passage.unit_text(unit) for unit in before)
    if not _runs_on(passage, before[-1] if before else span):
        return own
    return (*own, *reversed(passage.before))


def _runs_on(passage: Passage, unit: tuple[int, int]) -> bool:
    """Whether the paragraph reaching back to ``unit`` runs on from the chunk before: ``unit``
    opens the passage's chunk with no paragraph break before it."""
    first = passage.all_units[0]
    return unit == first and "\n\n" not in passage.text[: first[0]]


@dataclass(frozen=True)
class QueryVectors:
    """The question's embedding, and that of what it asks beyond its subject
    (:attr:`rag.answering.question.Question.asked`; the question's own when nothing is), and the
    token vectors of the latter (:attr:`rag.embeddings.Embedded.tokens`)."""

    question: list[float]
    asked: list[float]
    asked_tokens: np.ndarray


@dataclass(frozen=True)
class Part:
    """One part of a question that asks the same about several subjects
    (:attr:`rag.answering.question.Question.parts`), analysed and embedded as a question of its
    own, with the document of its best passage."""

    question: Question
    vectors: QueryVectors
    top_doc: str | None
    #: The rank of each passage (by marker) among those the part's own searches found.
    ranks: dict[int, int] = field(default_factory=dict)
    #: Its salient terms that no other part has (see ``RetrievedPart.subject``).
    subject: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Candidate:
    """A scored candidate sentence of passage ``marker`` (``span`` relative to its chunk)."""

    marker: int
    span: tuple[int, int]
    text: str
    missing: Coverage
    values: tuple[float, ...]
    probability: float
    #: Whether the own subject of the part it was scored for is named by the sentence itself,
    #: its document's title or what its document is about: not by its lead-in alone (true when
    #: it was scored for no part, or for one with no subject of its own).
    names_subject: bool = True

    @property
    def complete(self) -> bool:
        """Whether it mentions every salient term, states every asked kind of value and shares
        a word with the question."""
        return not self.missing.salient and not self.missing.kinds and self.missing.related


@dataclass(frozen=True)
class ExtractiveResult:
    """Chosen sentences (empty when refused), why a refusal, and every candidate scored."""

    sentences: list[CheckedSentence]
    candidates: list[Candidate]
    reason: RefusalReason | None = None
    detail: str = ""
    chosen: tuple[Candidate, ...] = ()
    #: For a multi-part question, each part's text with its candidates, most probable first.
    parts: tuple[tuple[str, list[Candidate]], ...] = ()
    #: The probability that the answer is right (for a refusal: that its best candidate would
    #: have been); None when there was no candidate.
    confidence: float | None = None

    @property
    def refused(self) -> bool:
        """Whether no sentence answers the question."""
        return not self.sentences


class ExtractiveAnswerer:
    """Composes answers from retrieved sentences; see the module docstring."""

    def __init__(self, embedder: Embedder, settings: AnswerSettings, scorer: ScorerModel) -> None:
        """Store the collaborators; ``embedder`` embeds only sentences a stale index lacks."""
        self.embedder = embedder
        self.settings = settings
        self.scorer = scorer

    def candidates(
        self,
        question: Question,
        vectors: QueryVectors,
        passages: dict[int, Passage],
        index: SentenceIndex,
        statistics: TermStatistics,
        abbreviations: dict[str, str],
        top_doc: str | None = None,
        ranks: dict[int, int] | None = None,
        subject: frozenset[str] = frozenset(),
    ) -> list[Candidate]:
        """Every candidate sentence of ``passages``, scored, most probable first; ``top_doc`` is
        the document the question is mostly about (default: the first passage's), and ``ranks``
        rank the passages for it when its own searches found them (a part of a multi-part
        question: its passages are numbered after the whole question's, yet they are its best;
        the others rank after them, in their order). By default a passage ranks as numbered.
        A part's ``subject`` (its own salient terms) is looked for in each sentence, its
        document's title and subject (see ``Candidate.names_subject``). The gap features measure
        each sentence against its rivals: those naming that subject and stating the kinds of
        value asked (a sentence that cannot answer sets no bar: "The primary endpoint was ORR"
        for "What was the ORR of milademetan?"), else those naming the subject, else all."""
        pool = [
            (passage, span, passage.unit_text(span))
            for passage in passages.values()
            for span in passage.units
            if _answerable_unit(passage.unit_text(span), passage.hit.chunk.section_kind)
        ]
        if not pool:
            return []
        matrix, tokens = self._vectors(pool, index)
        similarities = [float(x) for x in matrix @ np.asarray(vectors.question, np.float32)]
        asked = [float(x) for x in matrix @ np.asarray(vectors.asked, np.float32)]
        matches = [token_match(vectors.asked_tokens, rows) for rows in tokens]
        top_doc = top_doc or passages[min(passages)].hit.chunk.doc_id
        subjects = {
            doc_id: self._subject(statistics, doc_id)
            for doc_id in {p.hit.chunk.doc_id for p in passages.values()}
        }
        evidence = []
        for (passage, span, text), similarity, asked_similarity, match in zip(
            pool, similarities, asked, matches, strict=True
        ):
            chunk = passage.hit.chunk
            evidence.append(
                Evidence(
                    text=text,
                    rank=_rank(passage.marker, ranks),
                    similarity=similarity,
                    asked_similarity=asked_similarity,
                    asked_token_match=match,
                    lead_in=lead_in(passage, span),
                    paragraph=paragraph_before(passage, span),
                    doc_id=chunk.doc_id,
                    title=chunk.title,
                    section_kind=chunk.section_kind,
                    first_in_chunk=span == passage.all_units[0],
                    top_document=chunk.doc_id == top_doc,
                    topics=subjects[chunk.doc_id],
                    passage=chunk.text,
                    case=passage.case,
                )
            )
        forms = AbbreviationForms(abbreviations)
        bm25 = [sentence_bm25(question.weights, e.text) for e in evidence]
        named = [
            not subject
            or not uncovered(
                sorted(subject),
                f"{e.doc_id}\n{e.title}\n{e.text}",
                set(e.topics),
                forms,
                question.unknown,
            )
            for e in evidence
        ]
        covered = [coverage(question, item, forms) for item in evidence]
        cases = set(question.cases)  # the case-report patient asked about is a subject too
        subject_named = [
            i for i, n in enumerate(named) if n and not cases & set(covered[i].salient)
        ]
        rivals = [i for i in subject_named if not covered[i].kinds] or subject_named
        rivals = rivals or list(range(len(evidence)))
        best_similarity = max(similarities[i] for i in rivals)
        best_asked = max(asked[i] for i in rivals)
        best_match = max(matches[i] for i in rivals)
        best_bm25 = max(bm25[i] for i in rivals)
        out = []
        for (passage, span, _), item, score, names, missing in zip(
            pool, evidence, bm25, named, covered, strict=True
        ):
            values = features(
                question, item, missing, forms,
                best_similarity=best_similarity, best_asked_similarity=best_asked,
                best_asked_token_match=best_match, bm25=score, best_bm25=best_bm25,
            )  # fmt: skip
            out.append(
                Candidate(
                    passage.marker,
                    span,
                    item.text,
                    missing,
                    tuple(values),
                    self.scorer.probability(values),
                    names,
                )
            )
        return sorted(out, key=lambda c: -c.probability)

    def _subject(self, statistics: TermStatistics, doc_id: str) -> frozenset[str]:
        """The words a document is about: those in ``topic_share`` of its chunks, and those of
        its opening chunk."""
        topics = statistics.topics.get(doc_id, {})
        shared = {t for t, share in topics.items() if share >= self.settings.topic_share}
        return frozenset(shared) | frozenset(statistics.leads.get(doc_id, ()))

    def _vectors(
        self, pool: list[tuple[Passage, tuple[int, int], str]], index: SentenceIndex
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """The candidates' vectors (one row each) and token vectors; sentences the index lacks
        (a chunk written after it was built) are embedded now."""
        vectors: list[np.ndarray | None] = []
        tokens: list[np.ndarray | None] = []
        for passage, span, _ in pool:
            vector = index.vector(passage.hit.chunk.id, span)
            vectors.append(vector)
            tokens.append(None if vector is None else index.tokens(passage.hit.chunk.id, span))
        absent = [i for i, v in enumerate(vectors) if v is None]
        if absent:
            embedded = self.embedder.embed_with_tokens([spelled_out(pool[i][2]) for i in absent])
            for i, item in zip(absent, embedded, strict=True):
                vectors[i] = np.asarray(item.vector, dtype=np.float32)
                tokens[i] = item.tokens
        return np.stack([v for v in vectors if v is not None]), [t for t in tokens if t is not None]

    def answer(
        self,
        question: Question,
        vectors: QueryVectors,
        passages: dict[int, Passage],
        index: SentenceIndex,
        statistics: TermStatistics,
        abbreviations: dict[str, str],
        parts: tuple[Part, ...] = (),
    ) -> ExtractiveResult:
        """Answer ``question`` (with its embeddings) from ``passages`` or refuse; a question with
        ``parts`` is answered part by part when every part has its own answer."""
        scored, by_part = self.score(
            question, vectors, passages, index, statistics, abbreviations, parts
        )
        result = self.select(question, scored, passages, by_part)
        texts = [part.question.text for part in parts]
        return replace(result, parts=tuple(zip(texts, by_part, strict=True)))

    def score(
        self,
        question: Question,
        vectors: QueryVectors,
        passages: dict[int, Passage],
        index: SentenceIndex,
        statistics: TermStatistics,
        abbreviations: dict[str, str],
        parts: tuple[Part, ...] = (),
    ) -> tuple[list[Candidate], list[list[Candidate]]]:
        """The candidates scored for the whole question, and for each of its ``parts``."""
        scored = self.candidates(question, vectors, passages, index, statistics, abbreviations)
        by_part = [
            self.candidates(
                part.question,
                part.vectors,
                passages,
                index,
                statistics,
                abbreviations,
                part.top_doc,
                part.ranks,
                part.subject,
            )  # fmt: skip
            for part in parts
        ]
        return scored, by_part

    def select(
        self,
        question: Question,
        scored: list[Candidate],
        passages: dict[int, Passage],
        by_part: list[list[Candidate]] | None = None,
    ) -> ExtractiveResult:
        """The answer from scored candidates (most probable first), or a refusal; ``by_part``
        holds the candidates scored for each part of a multi-part question, if it has parts."""
        if not scored:
            return ExtractiveResult([], [], "no_evidence", "no passage was retrieved")
        answers = [self._part_answer(ranked) for ranked in by_part or []]
        chosen = [answer for answer in answers if answer is not None]
        if by_part and chosen and len(chosen) == len(answers):
            unique = {_location(c, passages): c for c in chosen}
            confidence = self.confidence(chosen[0], part_rivals(by_part[0]))
            return self._result(list(unique.values()), scored, passages, confidence)
        complete = [c for c in scored if c.complete]
        confidence = self.confidence(complete[0], scored) if complete else 0.0
        if (
            complete
            and complete[0].probability >= self.scorer.part_threshold
            and confidence >= self.scorer.answer_threshold
        ):
            chosen = self._with_runners_up(question, complete, passages)
            return self._result(chosen, scored, passages, confidence)
        joint = self._joint(question, scored, passages)
        if joint:  # its first sentence must lead every sentence outside it, complete or not
            texts = {c.text for c in joint}
            outside = next((c.probability for c in scored if c.text not in texts), None)
            confidence = self.scorer.confidence(
                joint[0].probability, lead(joint[0].probability, outside)
            )
            if confidence >= self.scorer.answer_threshold:
                return self._result(joint, scored, passages, confidence)
        return self._refusal(scored, complete)

    def confidence(self, candidate: Candidate, ranked: list[Candidate]) -> float:
        """The probability that an answer led by ``candidate`` is right, from its probability
        and its lead over the most probable other complete candidate of ``ranked`` (another
        sentence: overlapping chunks may offer the same one twice)."""
        ahead = lead(candidate.probability, runner_up(candidate, ranked))
        return self.scorer.confidence(candidate.probability, ahead)

    def _part_answer(self, ranked: list[Candidate]) -> Candidate | None:
        """The most probable of a part's rivals (see :func:`part_rivals`) whose probability
        reaches the part threshold and whose confidence among them the answer threshold: where
        a sentence reports this drug's own value, too improbable to answer, the part is not
        answered, nor where two sentences about it tie."""
        rivals = part_rivals(ranked)
        return next(
            (
                c
                for c in rivals
                if c.probability >= self.scorer.part_threshold
                and self.confidence(c, rivals) >= self.scorer.answer_threshold
            ),
            None,
        )

    def _with_runners_up(
        self, question: Question, complete: list[Candidate], passages: dict[int, Passage]
    ) -> list[Candidate]:
        """The best complete candidate and the runners-up that join it (see
        ``AnswerSettings.secondary_ratio`` and ``descriptive_secondary_ratio``), each from its own
        place, the best first and the rest in document order. A value asked of one subject and
        answered by a table's row is not added to from other rows: each row is another record
        ("NPM1 MRD failure ... 2 y OS, 86%" is no more of the NPM1 MRD relapse row's 2-year OS)."""
        values = bool(question.kinds & GATING)
        ratio = (
            self.settings.secondary_ratio if values else self.settings.descriptive_secondary_ratio
        )
        best = complete[0]
        row = values and _is_table(best, passages)
        chosen = [best]
        seen = {_location(best, passages)}
        for candidate in complete[1:]:
            if len(chosen) >= self.settings.max_sentences:
                break
            if candidate.probability < max(self.scorer.threshold, ratio * best.probability):
                break
            location = _location(candidate, passages)
            if location in seen or any(
                candidate.text in c.text or c.text in candidate.text for c in chosen
            ):
                continue
            if row and _is_table(candidate, passages):
                continue
            chosen.append(candidate)
            seen.add(location)
        return [best, *sorted(chosen[1:], key=lambda c: _location(c, passages))]

    def _joint(
        self, question: Question, scored: list[Candidate], passages: dict[int, Passage]
    ) -> list[Candidate]:
        """Sentences that together cover the question (salient terms and asked kinds), when no
        one sentence does: most probable first, each incomplete on its own, reaching the answer
        threshold, stating an asked kind of value and adding something still missing, each
        stating (with its lead-in) the doses, ordinals, time points and amounts of treatment the
        question states (a 6-month rate is no part of a 5-year answer because another sentence
        says "5 y"), naming the subgroups it asks about (a CR rate of all patients is no part of a
        KMT2A-rearranged one because another sentence names them) and naming an asked endpoint if
        the question names any (an EFS rate is no part of an OS answer because another sentence
        says "OS"); empty unless all is covered within ``max_sentences``."""
        kinds = question.kinds & GATING
        stated = {label for label, _ in conditions(question)}
        own = stated | set(question.subgroups) | set(question.statuses) | set(question.settings)
        own |= set(question.analyses)
        own |= set(question.age_groups) | set(question.cases) | set(question.registered)
        own |= set(regimen_label(question))
        phases = (phase_label(p) for p in question.phases)
        named = (
            *question.salient, *question.endpoints, *stated, *question.statuses,
            *question.settings, *question.analyses, *question.age_groups, *question.cases,
            *question.registered, *phases, *regimen_label(question),
        )  # fmt: skip
        remaining = set(named) | {f"kind:{k}" for k in kinds}
        if len(remaining) < 2:
            return []
        chosen: list[Candidate] = []
        for candidate in scored:
            if candidate.probability < self.scorer.threshold or not remaining:
                break
            if not candidate.missing.related:
                continue
            if candidate.complete or (kinds and len(candidate.missing.kinds) == len(kinds)):
                continue  # a complete one under the answer threshold is no part either
            if own & set(candidate.missing.salient):
                continue
            if question.endpoints and set(question.endpoints) <= set(candidate.missing.salient):
                continue  # its value is of an endpoint not asked ("2 y EFS, 54%" for an OS)
            covers = {t for t in named if t not in candidate.missing.salient}
            covers |= {f"kind:{k}" for k in kinds if k not in candidate.missing.kinds}
            location = _location(candidate, passages)
            if covers & remaining and all(_location(c, passages) != location for c in chosen):
                chosen.append(candidate)
                remaining -= covers
        if remaining or len(chosen) > self.settings.max_sentences:
            return []
        return chosen

    def _refusal(self, scored: list[Candidate], complete: list[Candidate]) -> ExtractiveResult:
        """A refusal saying what the best evidence lacks: the entities or the kind of value the
        most probable candidate lacks (its entities that more leading candidates lack first;
        never a drug it names that others do not), the question's words when it states what is
        asked about other words, else enough confidence. Its confidence is the one an answer
        from the best complete candidate would have had, 0 where no sentence could answer (none
        names everything asked, or the best is under the part threshold): an incomplete or
        improbable candidate's capped lead says nothing a reader could use."""
        top = scored[: max(3, len(scored) // 4)]
        best = complete[0] if complete else scored[0]
        could_answer = bool(complete) and best.probability >= self.scorer.part_threshold
        confidence = self.confidence(best, scored) if could_answer else 0.0
        if not any(c.missing.related for c in scored):
            return ExtractiveResult(
                [], scored, "no_evidence", "no passage found is about the question's words",
                confidence=confidence,
            )  # fmt: skip
        if not complete:
            lacking = set(top[0].missing.salient)
            entities = Counter(t for c in top for t in c.missing.salient if t in lacking)
            if entities:
                names = ", ".join(t for t, _ in entities.most_common(3))
                return ExtractiveResult(
                    [], scored, "missing_entity", f"no passage found is about {names}",
                    confidence=confidence,
                )  # fmt: skip
            kinds = Counter(k for c in top for k in c.missing.kinds)
            if kinds and top[0].missing.kinds:
                wanted = " or ".join(KIND_NAMES[k] for k, _ in kinds.most_common(2))
                return ExtractiveResult(
                    [], scored, "missing_value", f"no passage found states {wanted}",
                    confidence=confidence,
                )  # fmt: skip
        if not best.missing.related:  # it states what is asked, about other words
            return ExtractiveResult(
                [],
                scored,
                "no_evidence",
                f"the most probable passage found (probability {best.probability:.2f}) mentions "
                "too few of the question's words",
                confidence=confidence,
            )
        if best.probability < self.scorer.part_threshold:
            detail = (
                f"the best evidence answers with probability {best.probability:.2f}, under the "
                f"{self.scorer.part_threshold:.2f} any answer sentence needs"
            )
        else:
            detail = (
                f"the best evidence answers with confidence {confidence:.2f}, under the "
                f"{self.scorer.answer_threshold:.2f} an answer needs"
            )
        return ExtractiveResult([], scored, "low_confidence", detail, confidence=confidence)

    @staticmethod
    def _result(
        chosen: list[Candidate],
        scored: list[Candidate],
        passages: dict[int, Passage],
        confidence: float,
    ) -> ExtractiveResult:
        """The chosen sentences, each after the sentence it refers back to when it opens with
        one ("These mutations, called DTA mutations, ..." after the one naming them)."""
        quoted: list[tuple[int, tuple[int, int]]] = []
        for c in chosen:
            before = antecedent(passages[c.marker], c.span, c.text)
            for unit in ([before] if before else []) + [c.span]:
                if (c.marker, unit) not in quoted:
                    quoted.append((c.marker, unit))
        return ExtractiveResult(
            [quoted_sentence(passages[marker], span) for marker, span in quoted],
            scored,
            chosen=tuple(chosen),
            confidence=confidence,
        )


def quoted_sentence(passage: Passage, span: tuple[int, int]) -> CheckedSentence:
    """The unit at ``span`` of ``passage`` as an answer sentence citing it, without the paper's
    reference markers ("[6]"), which would read as the answer's own citations."""
    return CheckedSentence(
        text=without_references(passage.unit_text(span)),
        markers=[passage.marker],
        supported=True,
        quotes={passage.marker: span},
    )


def runner_up(candidate: Candidate, ranked: list[Candidate]) -> float | None:
    """The probability of the most probable complete candidate of ``ranked`` (most probable
    first) other than ``candidate``: another sentence, since overlapping chunks may offer the same
    one twice. None when there is none."""
    return next((c.probability for c in ranked if c.complete and c.text != candidate.text), None)


def part_rivals(ranked: list[Candidate]) -> list[Candidate]:
    """The candidates that may answer a part, most probable first: the complete ones that name
    the part's own subject themselves (or by their document's title or subject), or when none
    does, those complete through their lead-in alone."""
    complete = [c for c in ranked if c.complete]
    return [c for c in complete if c.names_subject] or complete


def antecedent(passage: Passage, span: tuple[int, int], text: str) -> tuple[int, int] | None:
    """The unit before ``span`` in its paragraph when the sentence refers back to it
    (:func:`refers_back`); None otherwise."""
    if not refers_back(text):
        return None
    before = units_before(passage, span, 1)
    return before[0] if before else None


def opens_referring_back(passage: Passage, span: tuple[int, int], text: str) -> bool:
    """Whether the sentence at ``span`` refers back (:func:`refers_back`) to a sentence its
    chunk does not hold: it is the chunk's first, with no paragraph break before it."""
    every = passage.all_units
    return (
        refers_back(text)
        and bool(every)
        and span == every[0]
        and "\n\n" not in passage.text[: span[0]]
    )


def _answerable_unit(text: str, section_kind: str) -> bool:
    """Whether a quotable unit may answer at all: it has three words or more, asks nothing, and
    is a sentence (a table row may be a fragment; a heading or caption elsewhere may not)."""
    if len(terms(text)) < 3 or text.rstrip().endswith("?"):
        return False
    return section_kind == "table" or not is_fragment(text)


def _is_table(candidate: Candidate, passages: dict[int, Passage]) -> bool:
    """Whether ``candidate`` is a row of a table."""
    return passages[candidate.marker].hit.chunk.section_kind == "table"


def _rank(marker: int, ranks: dict[int, int] | None) -> int:
    """A passage's rank for a question (see :meth:`ExtractiveAnswerer.candidates`): its own
    searches' rank, or after all those, in the order of the passages they did not find."""
    if not ranks:
        return marker
    if marker in ranks:
        return ranks[marker]
    return len(ranks) + marker - sum(1 for found in ranks if found < marker)


def _location(candidate: Candidate, passages: dict[int, Passage]) -> tuple[str, int]:
    chunk = passages[candidate.marker].hit.chunk
    return chunk.doc_id, chunk.start + candidate.span[0]
