"""Derived index builds written aside and renamed into place, so a reader finds a whole build for
a revision or none (shared by the BM25 and the sentence index)."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import orjson


def build_directory(root: Path, revision: str, file_format: int) -> Path:
    """Where the build of corpus revision ``revision`` lives under ``root``: named by its file
    format too, so that a build an older citeqa left for the same revision (which the loader
    refuses) is not rebuilt at every start, and processes of two citeqa versions sharing a store
    keep a build each rather than replacing each other's (:func:`write_build`)."""
    return root / f"{revision}-f{file_format}"


def write_build(
    directory: Path, write: Callable[[Path], None], sound: Callable[[Path], bool]
) -> None:
    """Call ``write`` on a folder beside ``directory`` and rename it to ``directory`` when
    complete. A build already there is kept when ``sound`` (another process built the same
    revision first), else moved aside and replaced (damaged or missing files), so that the next
    start loads it instead of building again. A process that has the old build's files open
    keeps them until it lets go of them.

    Raises:
        OSError: The folder could not be written (the temporary folder is removed).
    """
    directory.parent.mkdir(parents=True, exist_ok=True)
    aside = _aside(directory)
    try:
        aside.mkdir()
        write(aside)
        try:
            aside.rename(directory)
        except OSError:
            if not sound(directory):
                _replace(directory, aside, sound)
    finally:
        shutil.rmtree(aside, ignore_errors=True)


def _aside(directory: Path) -> Path:
    """A hidden folder beside ``directory`` that this process owns (``Corpus`` removes those of
    processes that died)."""
    return directory.parent / f".{directory.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def _replace(directory: Path, build: Path, sound: Callable[[Path], bool]) -> None:
    """Put the complete folder ``build`` in the place of the unsound build at ``directory``.
    Another process replacing it at the same time may win; either build is whole."""
    damaged = _aside(directory)
    with contextlib.suppress(OSError):  # another process moved it first
        directory.rename(damaged)
    try:
        build.rename(directory)
    except OSError:
        if not sound(directory):
            raise
    finally:
        shutil.rmtree(damaged, ignore_errors=True)


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


def read_arrays(path: Path) -> dict[str, np.ndarray]:
    """The arrays of a build's ``.npz`` file, read whole.

    Raises:
        OSError: The file could not be read.
        ValueError: It is damaged (not an archive of arrays, or cut short).
    """
    with path.open("rb") as file:  # closed even when numpy cannot read it
        try:
            with np.load(file, allow_pickle=False) as arrays:
                return {name: arrays[name] for name in arrays.files}
        except (zipfile.BadZipFile, EOFError) as exc:
            raise ValueError(f"{path.name}: {exc}") from exc
