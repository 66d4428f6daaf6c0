"""Remove blocks of lines that a page repeats immediately (tables and captions rendered twice)."""

from __future__ import annotations

_MIN_REPEAT_CHARS = 40
_MAX_BLOCK_LINES = 400


def drop_immediate_repeats(lines: list[str]) -> list[int]:
    """Return the indices of ``lines`` to keep once immediate repeats are removed.

    A block ``B`` of one or more lines that is directly followed by an identical copy (``B B``) is
    kept once; further copies are dropped too. Blocks shorter than 40 characters in total are left
    alone, so that legitimately repeated short lines (a unit, a dash) survive. The shortest
    repeating block wins, which keeps a caption repeated as ``Figure 1. caption Figure 1. caption``
    intact once.

    Args:
        lines: Lines compared exactly, after whitespace stripping by the caller.

    Returns:
        Sorted indices of the lines to keep.
    """
    positions: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        positions.setdefault(line, []).append(index)

    keep: list[int] = []
    i = 0
    n = len(lines)
    while i < n:
        size = _repeat_size(lines, positions, i)
        if size == 0:
            keep.append(i)
            i += 1
            continue
        keep.extend(range(i, i + size))
        i += size
        while i + size <= n and lines[i : i + size] == lines[i - size : i]:
            i += size
    return keep


def _repeat_size(lines: list[str], positions: dict[str, list[int]], i: int) -> int:
    """Length of the shortest block starting at ``i`` that is immediately repeated, or 0."""
    for j in positions[lines[i]]:
        size = j - i
        if size <= 0:
            continue
        if size > _MAX_BLOCK_LINES or j + size > len(lines):
            break
        block = lines[i:j]
        if sum(len(line) for line in block) >= _MIN_REPEAT_CHARS and block == lines[j : j + size]:
            return size
    return 0
