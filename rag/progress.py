"""Progress bars for long work: live on a terminal, a line every half minute in a log."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any, TypeVar

from tqdm import tqdm

T = TypeVar("T")

LOG_INTERVAL_S = 30.0


def progress_bar(
    iterable: Iterable[T] | None = None, *, enabled: bool = True, **options: Any
) -> tqdm[T]:
    """A tqdm bar over ``iterable`` (or one updated by hand with ``total=``).

    On a terminal it redraws as usual; when standard error is a file or a pipe (CI, ``nohup``) it
    writes at most one line every ``LOG_INTERVAL_S`` seconds, so logs stay readable.

    Args:
        iterable: What to iterate, or None for a bar driven by ``update``.
        enabled: False hides the bar.
        options: Passed to tqdm (``desc``, ``unit``, ``total``).
    """
    if not sys.stderr.isatty():
        options = {"mininterval": LOG_INTERVAL_S, "ascii": True, **options}
    return tqdm(iterable, disable=not enabled, **options)
