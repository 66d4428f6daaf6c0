"""Remove blocks of lines that a page repeats immediately (tables and captions rendered twice)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

_MIN_REPEAT_CHARS = 40
_MAX_BLOCK_LINES = 400


def shortest_repeats(lines: list[str]) -> npt.NDArray[np.int32]:
    """For each line, the size of the shortest block starting there that is immediately repeated.

    A block of ``s`` lines at ``i`` repeats when ``lines[i:i+s] == lines[i+s:i+2s]``, it holds at
    least 40 characters and ``s`` is at most 400; 0 where there is none. The work is one pass of
    vector operations per block size, so it grows linearly with the number of lines.
    """
    n = len(lines)
    codes: dict[str, int] = {}
    ids = np.array([codes.setdefault(line, len(codes)) for line in lines], dtype=np.int64)
    chars = np.zeros(n + 1, dtype=np.int64)
    np.cumsum([len(line) for line in lines], out=chars[1:])
    best = np.zeros(n, dtype=np.int32)
    for size in range(1, min(_MAX_BLOCK_LINES, n // 2) + 1):
        same = ids[size:] == ids[:-size]
        if not same.any():
            continue
        matched = np.zeros(n - size + 1, dtype=np.int64)
        np.cumsum(same, out=matched[1:])
        starts = n - 2 * size + 1
        repeats = (matched[size : size + starts] - matched[:starts] == size) & (
            chars[size : size + starts] - chars[:starts] >= _MIN_REPEAT_CHARS
        )
        repeats &= best[:starts] == 0
        best[:starts][repeats] = size
    return best


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
    sizes = shortest_repeats(lines)
    keep: list[int] = []
    i = 0
    n = len(lines)
    while i < n:
        size = int(sizes[i])
        if size == 0:
            keep.append(i)
            i += 1
            continue
        keep.extend(range(i, i + size))
        i += size
        while i + size <= n and lines[i : i + size] == lines[i - size : i]:
            i += size
    return keep
