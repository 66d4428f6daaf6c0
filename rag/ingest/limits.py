"""The bounds on one document's ingest work (:class:`rag.settings.IngestSettings`), enforced."""

from __future__ import annotations

import time
from pathlib import Path

from rag.errors import DocumentLoadError, DocumentTooLargeError
from rag.settings import IngestSettings


class DocumentBudget:
    """What one document may still cost: its extracted characters and its time.

    Args:
        path: The file, named in every error.
        limits: The ingest limits.
    """

    def __init__(self, path: Path, limits: IngestSettings) -> None:
        """Start the clock."""
        self.path = path
        self.limits = limits
        self.started = time.monotonic()

    def check_bytes(self, size: int) -> None:
        """Refuse a file larger than ``ingest.max_file_bytes``."""
        if size > self.limits.max_file_bytes:
            raise DocumentTooLargeError(
                f"{self.path}: {size} bytes, over the limit ingest.max_file_bytes "
                f"({self.limits.max_file_bytes})"
            )

    def check_pages(self, pages: int) -> None:
        """Refuse a PDF with more pages than ``ingest.max_pages``."""
        if pages > self.limits.max_pages:
            raise DocumentTooLargeError(
                f"{self.path}: {pages} pages, over the limit ingest.max_pages "
                f"({self.limits.max_pages})"
            )

    def check_chars(self, chars: int) -> None:
        """Refuse text longer than ``ingest.max_chars``."""
        if chars > self.limits.max_chars:
            raise DocumentTooLargeError(
                f"{self.path}: more than {self.limits.max_chars} characters of text, over the "
                f"limit ingest.max_chars"
            )

    def check_time(self) -> None:
        """Refuse a document whose extraction and cleaning ran past ``ingest.max_seconds``."""
        if time.monotonic() - self.started > self.limits.max_seconds:
            raise DocumentLoadError(
                f"{self.path}: extracting and cleaning took longer than the limit "
                f"ingest.max_seconds ({self.limits.max_seconds:g} s)"
            )
