"""The answer engine: rewrite, retrieve, answer (extractive or LLM), verify, compose."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from rag.answering.antecedents import with_antecedents
from rag.answering.cases import cases_in_force, narrative
from rag.answering.citations import compose
from rag.answering.cues.patients import ages_named, case_age, states_case_age
from rag.answering.extractive import (
    Candidate,
    ExtractiveAnswerer,
    ExtractiveResult,
    Part,
    QueryVectors,
)
from rag.answering.llm import LLMAnswerer
from rag.answering.passages import Passage, number_passages
from rag.answering.question import Question, analyse, salient_in
from rag.answering.rewrite import carry_over, keeps_subject, recent
from rag.answering.scorer import ScorerModel, load_scorer
from rag.answering.spelling import correct, joined, separate, written_apart
from rag.answering.types import (
    REFUSAL,
    Answer,
    AnswerMode,
    CandidateExplanation,
    FallbackReason,
    Timings,
    Turn,
)
from rag.answering.verifier import CheckedSentence, verify
from rag.corpus import Corpus, Snapshot
from rag.errors import InputError, LLMBusyError, LLMError, StaleStoreError
from rag.retrieval.filters import Filters, allows
from rag.retrieval.hybrid import SearchMode
from rag.retrieval.sparse import BM25Index
from rag.settings import Settings
from rag.text.endpoints import spelled_out
from rag.text.words import terms
from rag.types import Chunk, ScoredChunk

MAX_QUESTION_CHARS = 2000
EXTRACTIVE_MODEL = "extractive"
#: Candidates an explained answer lists.
EXPLAINED = 10
PART_EXPLAINED = 5
#: Passages retrieved for each part of a question that asks about several subjects.
PART_K = 3
#: Passages searched (by BM25) for how the corpus writes a name whose letters and number a
#: question runs together (``spelling.joined``).
APART_K = 5
#: The chunks going on with a case-report patient's story that a question about that patient
#: reads beyond those its searches found (see ``rag.answering.cases.narrative``).
CASE_CHUNKS = 6


@dataclass(frozen=True)
class Considered:
    """What the extractive answerer weighs for a question: its analysis, the passages and every
    candidate sentence, scored for the whole question and for each of its parts."""

    question: Question
    passages: dict[int, Passage]
    candidates: list[Candidate]
    #: The candidates scored for each part of a multi-part question (none for one subject).
    parts: tuple[list[Candidate], ...] = ()


@dataclass(frozen=True)
class RetrievedPart:
    """One part of a multi-part question, analysed, with its embeddings, its best document and
    the chunks its own searches found, best first."""

    question: Question
    vectors: QueryVectors
    top_doc: str | None
    found: tuple[str, ...]
    #: Its salient terms that no other part has ("revumenib" of "... for ziftomenib and
    #: revumenib").
    subject: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Analysed:
    """A question and its parts (the whole question first) analysed against one snapshot's
    statistics (``sparse``), with their embeddings."""

    sparse: BM25Index
    questions: list[Question]
    vectors: list[QueryVectors]


@dataclass(frozen=True)
class Retrieved:
    """What one answer reads: a corpus snapshot, the question's embeddings and analysis, and the
    numbered passages (for a question with several parts, each part's best passages too)."""

    snapshot: Snapshot
    vectors: QueryVectors
    question: Question
    passages: dict[int, Passage]
    #: Each part of a multi-part question.
    parts: tuple[RetrievedPart, ...] = ()
    #: The chunk right before each passage's chunk that has one, by the passage chunk's id
    #: (:meth:`rag.corpus.Snapshot.chunks_before`).
    earlier: Mapping[str, Chunk] = field(default_factory=dict)


def _allowed(sparse: BM25Index, chunk_id: str, filters: Filters | None) -> bool:
    """Whether ``chunk_id`` is a live chunk of the snapshot's index that ``filters`` allow."""
    row = sparse.rows.get(chunk_id)
    return row is not None and allows(filters or Filters(), sparse.info[row])


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


class AnswerEngine:
    """Answers questions from one corpus; build it once (:func:`rag.assemble.make_engine`), call
    it for every question. Each answer reads one corpus snapshot from retrieval to composition."""

    def __init__(
        self,
        settings: Settings,
        corpus: Corpus,
        lexicon: frozenset[str],
        llm: LLMAnswerer | None = None,
        scorer: ScorerModel | None = None,
    ) -> None:
        """Store the collaborators.

        Args:
            settings: The settings.
            corpus: The literature to answer from.
            lexicon: Common words of the language (the embedding model's whole-word vocabulary):
                a word outside it, such as a drug name, is what a question is about.
            llm: The chat model, needed only for the ``llm`` mode.
            scorer: The answer scorer; by default ``answer.scorer_path`` or the committed one.

        Raises:
            ConfigurationError: The scorer model cannot be read.
        """
        self.settings = settings
        self.corpus = corpus
        self.lexicon = lexicon
        self.scorer = scorer or load_scorer(settings.answer.scorer_path)
        self.extractive = ExtractiveAnswerer(corpus.embedder, settings.answer, self.scorer)
        self.llm = llm

    def search(
        self, query: str, k: int, filters: Filters | None = None, mode: SearchMode = "hybrid"
    ) -> list[ScoredChunk]:
        """The ``k`` best chunks for ``query`` (see :meth:`rag.corpus.Corpus.retrieve`)."""
        return self.corpus.retrieve(query, k=k, filters=filters, mode=mode)[1]

    def close(self) -> None:
        """Stop the LLM's model process, if there is one."""
        if self.llm is not None:
            self.llm.close()

    def salient(self, text: str) -> list[str]:
        """The salient terms of ``text`` against the current corpus (see
        ``cues.salience.salient_terms``)."""
        return salient_in(text, self.corpus.snapshot().sparse.statistics, self.lexicon)

    def standalone(self, question: str, history: list[Turn], use_llm: bool) -> tuple[str, set[str]]:
        """The question made standalone, and the salient terms carried from earlier turns.

        With ``use_llm`` and an LLM, the LLM rewrites a follow-up; when it fails, or its rewrite
        loses the conversation's subject, or otherwise, the previous question's salient terms are
        carried over. Only the recent history is read (``answer.history_turns`` turns of at most
        ``answer.history_chars`` characters), and the result is never longer than a question
        may be. A word the corpus spells otherwise is read the corpus's way first
        (:mod:`rag.answering.spelling`: "carageenan" as "carrageenan", "COVID19" as
        "COVID-19").
        """
        config = self.settings.answer
        snapshot = self.corpus.snapshot()
        corrected = self._apart(
            correct(question, snapshot.sparse.statistics.doc_freq, self.lexicon), snapshot
        )
        question = corrected if len(corrected) <= MAX_QUESTION_CHARS else question
        history = recent(history, config.history_turns, config.history_chars)
        carried, context = carry_over(question, history, self.salient, MAX_QUESTION_CHARS)
        if not context or not use_llm or self.llm is None:
            return carried, context
        try:
            rewritten = self.llm.rewrite(question, history)
        except LLMError:
            return carried, context
        if 0 < len(rewritten) <= MAX_QUESTION_CHARS and keeps_subject(carried, rewritten):
            return rewritten, set()
        return carried, context

    def consider(self, question: str, history: list[Turn] | None = None) -> Considered:
        """The extractive answerer's view of ``question`` (for training and diagnosis)."""
        standalone, context = self.standalone(question, history or [], use_llm=False)
        retrieved = self._retrieve(standalone, context, self.settings.answer.k, None)
        sparse = retrieved.snapshot.sparse
        candidates, parts = self.extractive.score(
            retrieved.question, retrieved.vectors, retrieved.passages,
            retrieved.snapshot.sentences, sparse.statistics, sparse.abbreviations,
            self._parts(retrieved),
        )  # fmt: skip
        return Considered(retrieved.question, retrieved.passages, candidates, tuple(parts))

    @staticmethod
    def _apart(question: str, snapshot: Snapshot) -> str:
        """``question`` with each name whose letters and number it runs together where the
        corpus never does (``spelling.joined``) written as the best ``APART_K`` BM25 passages for
        its two parts write it, if any does: "COVID19" as "COVID-19"."""
        for name, letters, number in joined(question, snapshot.sparse.statistics.doc_freq):
            try:
                hits = snapshot.retriever.search(f"{letters} {number}", k=APART_K, mode="sparse")
            except StaleStoreError:  # the store moved on: the question as it was typed
                return question
            written = written_apart(letters, number, (hit.chunk.text for hit in hits))
            if written is not None:
                question = separate(question, name, written)
        return question

    def _retrieve(
        self, standalone: str, context: set[str], k: int, filters: Filters | None
    ) -> Retrieved:
        """Embed, search and number the passages; a question about several subjects also gets
        the best ``PART_K`` passages of each part (see ``Question.parts``), and the best
        ``PART_K`` by BM25 for the names only that part has (its subject: "revumenib" of "...
        for ziftomenib and revumenib"), since a passage that never names a part's subject rarely
        answers it. A part's document is the first of those passages to name its subject.

        The question is analysed against the current snapshot first, so that it, what it asks
        and its parts are embedded in one call; if the search finds the corpus moved on, they
        are analysed and embedded again against the snapshot it searched."""
        analysed = self._analyse(standalone, context, self.corpus.snapshot())
        snapshot, ranked = self.corpus.retrieve(
            standalone,
            k=max(k, self.settings.answer.sentence_hit_chunks),
            filters=filters,
            vector=analysed.vectors[0].question,
        )
        hits = ranked[:k]
        if snapshot.sparse is not analysed.sparse:
            analysed = self._analyse(standalone, context, snapshot)
        question, *analysed_parts = analysed.questions
        vectors, *parts_vectors = analysed.vectors
        seen = {hit.chunk.id for hit in hits}
        parts: list[RetrievedPart] = []
        for part_question, part_vectors in zip(analysed_parts, parts_vectors, strict=True):
            others = {t for q in analysed_parts if q is not part_question for t in q.salient}
            own = frozenset(t for t in part_question.salient if t not in others)
            try:
                found = snapshot.retriever.search(
                    part_question.text, k=PART_K, filters=filters, vector=part_vectors.question
                )
                named = (
                    snapshot.retriever.search(
                        " ".join(sorted(own)), k=PART_K, filters=filters, mode="sparse"
                    )
                    if own
                    else []
                )
            except StaleStoreError:  # the store changed under this snapshot: whole question only
                parts.clear()
                break
            found += named
            about = next((hit for hit in found if own & set(terms(hit.chunk.text))), None)
            top = about or (found[0] if found else None)
            parts.append(
                RetrievedPart(
                    part_question,
                    part_vectors,
                    top.chunk.doc_id if top else None,
                    tuple(dict.fromkeys(hit.chunk.id for hit in found)),
                    own,
                )
            )
            for hit in found:
                if hit.chunk.id not in seen:
                    hits.append(hit)
                    seen.add(hit.chunk.id)
        hits += self._case_hits(snapshot, question, seen, filters)
        stories = self._case_documents(snapshot, question, hits)
        hits += self._narratives(question, stories, seen, filters, snapshot.sparse)
        leading = [hits[0].chunk.doc_id] if hits else []
        leading += [part.top_doc for part in parts if part.top_doc]
        hits += self._rest_of(snapshot, list(dict.fromkeys(leading)), seen, filters)
        found, spans = (
            ([], {})
            if parts
            else self._sentence_hits(snapshot, vectors.question, hits + ranked, seen, filters)
        )
        hits += found
        earlier = snapshot.chunks_before([hit.chunk for hit in hits])
        passages = number_passages(hits, spans, earlier)
        if stories:
            in_force = {
                i: a for chunks in stories.values() for i, a in cases_in_force(chunks).items()
            }
            passages = {
                m: replace(p, case=in_force.get(p.hit.chunk.id, "")) for m, p in passages.items()
            }
        return Retrieved(snapshot, vectors, question, passages, tuple(parts), earlier)

    def _analyse(self, standalone: str, context: set[str], snapshot: Snapshot) -> _Analysed:
        """``standalone`` and its parts analysed against ``snapshot``'s statistics, and their
        embeddings and those of what each asks beyond its subject, in one call of the model."""
        sparse = snapshot.sparse
        whole = analyse(standalone, sparse.statistics, sparse.abbreviations, self.lexicon, context)
        questions = [whole] + [
            analyse(part, sparse.statistics, sparse.abbreviations, self.lexicon, context)
            for part in whole.parts
        ]
        texts = list(dict.fromkeys(t for q in questions for t in (q.text, q.asked) if t))
        read = [spelled_out(text) for text in texts]  # the model reads "DFS" as letters
        embedded = dict(
            zip(texts, self.corpus.embedder.embed_with_tokens(read, query=True), strict=True)
        )
        vectors = [
            QueryVectors(
                embedded[q.text].vector,
                embedded[q.asked or q.text].vector,
                embedded[q.asked or q.text].tokens,
            )
            for q in questions
        ]
        return _Analysed(sparse, questions, vectors)

    def _case_hits(
        self, snapshot: Snapshot, question: Question, seen: set[str], filters: Filters | None
    ) -> list[ScoredChunk]:
        """The best ``PART_K`` chunks by BM25 for each case-report patient the question asks
        about by age ("the 65-year-old man") that name a patient of that age, and are not in
        ``seen`` (which they join): what is asked of the case ("Which genes were mutated?") is
        found all over the literature, the patient only where the case is told."""
        found: list[ScoredChunk] = []
        for case in question.cases:
            age = case_age(case)
            try:
                hits = snapshot.retriever.search(
                    f"{age} year old", k=PART_K, filters=filters, mode="sparse"
                )
            except StaleStoreError:  # the store changed under this snapshot: what was found
                return found
            for hit in hits:
                if hit.chunk.id not in seen and states_case_age(case, [hit.chunk.text]):
                    found.append(hit)
                    seen.add(hit.chunk.id)
        return found

    @staticmethod
    def _case_documents(
        snapshot: Snapshot, question: Question, hits: list[ScoredChunk]
    ) -> dict[str, list[Chunk]]:
        """All chunks of each document of ``hits`` that names a case-report patient the
        question asks about by age, by document: where its case is told
        (:mod:`rag.answering.cases`); empty when it asks about none."""
        if not question.cases:
            return {}
        ages = {case_age(case) for case in question.cases}
        docs = {hit.chunk.doc_id for hit in hits if ages & set(ages_named(hit.chunk.text))}
        return {doc: snapshot.store.get(snapshot.sparse.chunk_ids(doc)) for doc in sorted(docs)}

    @staticmethod
    def _narratives(
        question: Question,
        stories: Mapping[str, list[Chunk]],
        seen: set[str],
        filters: Filters | None,
        sparse: BM25Index,
    ) -> list[ScoredChunk]:
        """Up to ``CASE_CHUNKS`` chunks of each of ``stories`` that go on with a case the
        question asks about (:func:`rag.answering.cases.narrative`) and are not in ``seen``
        (which they join): "the patient developed a morphological relapse" names no age, so no
        search for the patient finds it."""
        found: list[ScoredChunk] = []
        for case in question.cases:
            age = case_age(case)
            for chunks in stories.values():
                for chunk in narrative(chunks, age, CASE_CHUNKS):
                    if chunk.id not in seen and _allowed(sparse, chunk.id, filters):
                        found.append(ScoredChunk(chunk=chunk, score=0.0))
                        seen.add(chunk.id)
        return found

    def _rest_of(
        self, snapshot: Snapshot, doc_ids: list[str], seen: set[str], filters: Filters | None
    ) -> list[ScoredChunk]:
        """The chunks of short documents (``answer.whole_document_chunks``) that retrieval left
        out and ``filters`` allow, in document order: a result sentence in a chunk that does not
        repeat the drug's name is still found once its abstract is."""
        limit = self.settings.answer.whole_document_chunks
        sparse = snapshot.sparse
        rest: list[ScoredChunk] = []
        for doc_id in doc_ids:
            ids = sparse.chunk_ids(doc_id)
            if not limit or len(ids) > limit:
                continue
            wanted = [i for i in sorted(set(ids) - seen) if _allowed(sparse, i, filters)]
            chunks = sorted(snapshot.store.get(wanted), key=lambda chunk: chunk.start)
            rest += [ScoredChunk(chunk=chunk, score=0.0) for chunk in chunks]
            seen.update(wanted)
        return rest

    def _sentence_hits(
        self,
        snapshot: Snapshot,
        vector: list[float],
        hits: list[ScoredChunk],
        seen: set[str],
        filters: Filters | None,
    ) -> tuple[list[ScoredChunk], dict[str, set[tuple[int, int]]]]:
        """The chunks of the ``answer.sentence_hits`` sentences most similar to the question
        among the other chunks of the documents of ``hits`` (the passages, then the chunks
        retrieval ranked below them, to ``answer.sentence_hit_chunks``) that ``filters`` allow,
        best first, and those sentences by chunk: a long article's answer may sit in a chunk that
        retrieval ranked low. (A multi-part question has none: each part has its own passages,
        and sentences like the whole question's distract a part.)"""
        n = self.settings.answer.sentence_hits
        if not n or not hits:
            return [], {}
        ids = [
            chunk_id
            for doc_id in dict.fromkeys(hit.chunk.doc_id for hit in hits)
            for chunk_id in snapshot.sentences.chunk_ids(doc_id)
            if chunk_id not in seen and _allowed(snapshot.sparse, chunk_id, filters)
        ]
        spans: dict[str, set[tuple[int, int]]] = {}
        scores: dict[str, float] = {}
        for hit in snapshot.sentences.nearest(vector, ids, n):
            spans.setdefault(hit.chunk_id, set()).add(hit.span)
            scores.setdefault(hit.chunk_id, hit.score)
        chunks = {chunk.id: chunk for chunk in snapshot.store.get(list(spans))}
        found = [ScoredChunk(chunk=chunks[i], score=s) for i, s in scores.items() if i in chunks]
        seen.update(chunks)
        return found, spans

    def answer(
        self,
        question: str,
        history: list[Turn] | None = None,
        mode: AnswerMode | None = None,
        k: int | None = None,
        filters: Filters | None = None,
        explain: bool = False,
    ) -> Answer:
        """Answer ``question``; never raises for LLM failures (the extractive answer is used).
        With ``explain``, the extractive scorer's best candidates come with it.

        Raises:
            InputError: An empty or overlong question, or the ``llm`` mode with no LLM.
        """
        started = time.perf_counter()
        question = question.strip()
        if not question:
            raise InputError("the question is empty")
        if len(question) > MAX_QUESTION_CHARS:
            raise InputError(f"the question is longer than {MAX_QUESTION_CHARS} characters")
        mode = mode or self.settings.answer.mode
        llm = self.llm if mode == "llm" else None
        if mode == "llm" and llm is None:
            raise InputError("the llm mode needs a configured LLM (see CITEQA_LLM__*)")
        timings = Timings()
        clock = time.perf_counter()
        standalone, context = self.standalone(question, history or [], use_llm=mode == "llm")
        retrieved = self._retrieve(standalone, context, k or self.settings.answer.k, filters)
        timings.retrieve = _ms(clock)
        clock = time.perf_counter()
        if llm is not None:
            result = self._llm_answer(llm, question, standalone, retrieved, timings)
        else:
            result = self._extractive_answer(question, standalone, retrieved, explain=explain)
            timings.generate = _ms(clock)
        timings.total = _ms(started)
        result.timings_ms = timings
        return result

    def _extractive_answer(
        self,
        question: str,
        standalone: str,
        retrieved: Retrieved,
        *,
        fallback: FallbackReason | None = None,
        dropped: int = 0,
        model: str = EXTRACTIVE_MODEL,
        explain: bool = False,
    ) -> Answer:
        sparse = retrieved.snapshot.sparse
        passages = retrieved.passages
        extractive = self.extractive.answer(
            retrieved.question, retrieved.vectors, passages, retrieved.snapshot.sentences,
            sparse.statistics, sparse.abbreviations, self._parts(retrieved),
        )  # fmt: skip
        sentences, cited = with_antecedents(
            extractive.sentences, passages, lambda chunk: retrieved.earlier.get(chunk.id)
        )
        text, citations = compose(sentences, cited)
        return Answer(
            question=question,
            standalone_question=standalone,
            answer=text if not extractive.refused else REFUSAL,
            refused=extractive.refused,
            citations=citations,
            mode="llm" if fallback else "extractive",
            model=model,
            fallback=fallback is not None,
            fallback_reason=fallback,
            dropped_sentences=dropped,
            refusal_reason=extractive.reason if extractive.refused else None,
            refusal_detail=extractive.detail if extractive.refused else "",
            confidence=(
                round(extractive.confidence, 4) if extractive.confidence is not None else None
            ),
            explain=self._explain(extractive, passages) if explain else None,
        )

    def _parts(self, retrieved: Retrieved) -> tuple[Part, ...]:
        """Each part of a multi-part question with its embeddings, best document and the rank
        of each passage its own searches found."""
        markers = {p.hit.chunk.id: marker for marker, p in retrieved.passages.items()}
        return tuple(
            Part(
                part.question,
                part.vectors,
                part.top_doc,
                {markers[i]: rank for rank, i in enumerate(part.found, 1) if i in markers},
                part.subject,
            )
            for part in retrieved.parts
        )

    def _explain(
        self, extractive: ExtractiveResult, passages: dict[int, Passage]
    ) -> list[CandidateExplanation]:
        """The ``EXPLAINED`` most probable candidates for the whole question, then each part's
        ``PART_EXPLAINED`` (a multi-part question's answer is chosen part by part)."""
        ranked: list[tuple[str | None, Candidate]] = [
            (None, c) for c in extractive.candidates[:EXPLAINED]
        ]
        for text, candidates in extractive.parts:
            ranked += [(text, c) for c in candidates[:PART_EXPLAINED]]
        out = []
        for part, candidate in ranked:
            chunk = passages[candidate.marker].hit.chunk
            contributions = self.scorer.contributions(candidate.values)
            out.append(
                CandidateExplanation(
                    marker=candidate.marker,
                    doc_id=chunk.doc_id,
                    quote=candidate.text,
                    start=chunk.start + candidate.span[0],
                    end=chunk.start + candidate.span[1],
                    probability=round(candidate.probability, 4),
                    complete=candidate.complete,
                    missing_terms=list(candidate.missing.salient),
                    missing_kinds=list(candidate.missing.kinds),
                    features={
                        n: round(v, 4)
                        for n, v in zip(self.scorer.features, candidate.values, strict=True)
                    },
                    contributions={
                        n: round(v, 4)
                        for n, v in zip(self.scorer.features, contributions, strict=True)
                    },
                    part=part,
                    part_subject_named=candidate.names_subject if part is not None else None,
                )
            )
        return out

    def _llm_answer(
        self,
        llm: LLMAnswerer,
        question: str,
        standalone: str,
        retrieved: Retrieved,
        timings: Timings,
    ) -> Answer:
        """The verified LLM answer, or the extractive one (computed only then) as fallback."""
        passages = retrieved.passages
        clock = time.perf_counter()
        failed: FallbackReason | None = None
        try:
            raw = llm.generate(standalone, passages) if passages else ""
        except LLMError as exc:
            raw, failed = "", "llm_busy" if isinstance(exc, LLMBusyError) else "llm_failed"
        timings.generate = _ms(clock)
        clock = time.perf_counter()
        checked: list[CheckedSentence] = verify(raw, passages, self.settings.answer.min_overlap)
        kept = [sentence for sentence in checked if sentence.supported]
        timings.verify = _ms(clock)
        dropped = len(checked) - len(kept)
        if not kept:
            return self._extractive_answer(
                question, standalone, retrieved,
                fallback=failed or "unsupported", dropped=dropped,
                model=llm.name,
            )  # fmt: skip
        text, citations = compose(kept, passages)
        return Answer(
            question=question,
            standalone_question=standalone,
            answer=text,
            refused=False,
            citations=citations,
            mode="llm",
            model=llm.name,
            fallback=False,
            dropped_sentences=dropped,
        )
