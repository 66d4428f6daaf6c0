"""Derived index builds written aside and renamed into place, so a reader finds a whole build for
a revision or none (shared by the BM25 and the sentence index)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson


def build_directory(root: Path, revision: str, file_format: int) -> Path:
    """Where the build of corpus revision ``revision`` lives under ``root``: named by its file
    format too, so that a build an older citeqa left for the same revision (which its loader
    refuses, and :func:`write_build` would keep) is replaced once, not rebuilt at every start."""
    return root / f"{revision}-f{file_format}"


def write_build(directory: Path, write: Callable[[Path], None], marker: str) -> None:
    """Call ``write`` on a folder beside ``directory`` and rename it to ``directory`` when
    complete. A build already there (another process built the same revision first, recognised
    by its ``marker`` file) is kept.

    Raises:
        OSError: The folder could not be written (the temporary folder is removed).
    """
    directory.parent.mkdir(parents=True, exist_ok=True)
    aside = directory.parent / f".{directory.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        aside.mkdir()
        write(aside)
        try:
            aside.rename(directory)
        except OSError:
            if not (directory / marker).is_file():
                raise
    finally:
        shutil.rmtree(aside, ignore_errors=True)


def reuse_or_write(target: Path, previous: Path | None, write: Callable[[Path], None]) -> None:
    """Put a build's file at ``target``: hard-linked (no bytes written, copied where links fail)
    from the folder ``previous`` of an earlier build that holds a file of that name, else
    written by ``write``. The file's name must say what it holds (an immutable segment).

    Raises:
        OSError: The file could not be linked, copied or written.
    """
    source = previous / target.name if previous is not None else None
    if source is None or not source.is_file():
        write(target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def write_sidecar(path: Path, content: object) -> None:
    """Write a build's JSON sidecar (UTF-8; tuples as arrays).

    Raises:
        OSError: The file could not be written.
    """
    path.write_bytes(orjson.dumps(content))


def read_sidecar(path: Path) -> Any:
    """Read a sidecar written by :func:`write_sidecar`.

    Raises:
        OSError: The file could not be read.
        ValueError: It is not JSON.
    """
    return orjson.loads(path.read_bytes())
