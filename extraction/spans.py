"""Sorted spans with logarithmic look-ups, so that extraction stays linear in the text's length
(every figure looking through every date, sentence or place made it quadratic)."""
from __future__ import annotations

from bisect import bisect_left, bisect_right


class SpanIndex:
    """Items with ``start`` and ``end`` (or ``(start, end)`` pairs), sorted by start."""

    def __init__(self, items, key=None):
        key = key or (lambda x: (x.start, x.end) if hasattr(x, "start") else (x[0], x[1]))
        pairs = sorted(((key(x), x) for x in items), key=lambda p: p[0])
        self.items = [x for _, x in pairs]
        self.starts = [k[0] for k, _ in pairs]
        self.ends = [k[1] for k, _ in pairs]
        # the longest item bounds how far back an overlapping item can start
        self.longest = max((e - s for s, e in zip(self.starts, self.ends)), default=0)

    def starting_in(self, start: int, end: int) -> list:
        """Items that start in ``[start, end)``, in order."""
        return self.items[bisect_left(self.starts, start):bisect_left(self.starts, end)]

    def overlapping(self, start: int, end: int) -> list:
        """Items that share a character with ``[start, end)``."""
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        return [x for i, x in enumerate(self.items[lo:hi], lo) if self.ends[i] > start]

    def covering(self, start: int, end: int) -> list:
        """Items that hold all of ``[start, end)``."""
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_right(self.starts, start)
        return [x for i, x in enumerate(self.items[lo:hi], lo) if self.ends[i] >= end]

    def index_of(self, pos: int) -> int | None:
        """The index of the item holding position ``pos`` when items do not overlap (sentences)."""
        i = bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos < self.ends[i] else None
