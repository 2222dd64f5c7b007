"""Span primitives, and the AND / OR / NOT combination retrieval uses. Pure.

A *span* is a half-open ``(start, end)`` pair of canonical ``str`` offsets of
one document: it covers the characters ``start <= i < end``. Two spans
*overlap* when they share at least one character, so spans that merely touch
(one ends where the other starts) do not, and an empty span (``start ==
end``) overlaps nothing.

A *coding record* is any mapping with ``document``, ``start`` and ``end``;
:func:`together` also reads ``context`` (an id of the context segment holding
the coding's start, or None) and :func:`combine` reads ``code``. Other keys
are ignored, and records are handed back as given (the same objects).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from itertools import accumulate
from typing import Any, TypeVar

Span = tuple[int, int]
Record = Mapping[str, Any]
R = TypeVar("R", bound=Mapping[str, Any])
MODES = ("or", "and")


def length(span: Span) -> int:
    """Characters a span covers (0 for an empty or reversed span)."""
    return max(0, span[1] - span[0])


def overlaps(a: Span, b: Span) -> bool:
    """Whether two spans share at least one character."""
    return max(a[0], b[0]) < min(a[1], b[1])


def overlap_length(a: Span, b: Span) -> int:
    """Characters two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def contains(outer: Span, inner: Span) -> bool:
    """Whether ``inner`` lies wholly inside ``outer`` (bounds included, so a
    span contains itself and an empty span at either edge)."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def clip(span: Span, lo: int, hi: int) -> Span:
    """The part of ``span`` inside ``[lo, hi)``; empty (at the nearer bound)
    when they do not meet."""
    start = min(max(span[0], lo), hi)
    return start, max(start, min(span[1], hi))


def union(spans: Iterable[Span]) -> list[Span]:
    """The characters covered by any of ``spans`` as disjoint spans in order:
    overlapping or touching spans are merged, empty ones dropped. Any order in."""
    merged: list[Span] = []
    last = None  # end of the last merged span
    for start, end in sorted(spans):
        if start >= end:
            continue
        if last is not None and start <= last:
            if end > last:
                merged[-1] = (merged[-1][0], last := end)
        else:
            merged.append((start, end))
            last = end
    return merged


def union_length(spans: Iterable[Span]) -> int:
    """How many characters at least one of ``spans`` covers (overlaps count once)."""
    return sum(end - start for start, end in union(spans))


def span_of(record: Record) -> Span:
    """The ``(start, end)`` of a coding record."""
    return record["start"], record["end"]


def together(x: Record, y: Record) -> bool:
    """Whether two codings are *together*: same document, and they overlap by
    at least one character or share a (non-None) context segment."""
    if x["document"] != y["document"]:
        return False
    if overlaps(span_of(x), span_of(y)):
        return True
    context = x.get("context")
    return context is not None and context == y.get("context")


class _Near:
    """The codings of some codes, indexed per document to answer "is there one
    together with this coding?" by bisection instead of a scan: starts in
    order with the running maximum of ends (non-empty codings only), and the
    set of context segments."""

    def __init__(self, records: Iterable[Record]):
        spans: dict[Hashable, list[Span]] = defaultdict(list)
        self.contexts: dict[Hashable, set] = defaultdict(set)
        for r in records:
            if r["start"] < r["end"]:
                spans[r["document"]].append(span_of(r))
            if r.get("context") is not None:
                self.contexts[r["document"]].add(r["context"])
        self.starts: dict[Hashable, list[int]] = {}
        self.reach: dict[Hashable, list[int]] = {}
        for doc, found in spans.items():
            found.sort()
            self.starts[doc] = [s for s, _ in found]
            self.reach[doc] = list(accumulate((e for _, e in found), max))

    def __call__(self, x: Record) -> bool:
        doc, start, end = x["document"], x["start"], x["end"]
        context = x.get("context")
        if context is not None and context in self.contexts.get(doc, ()):
            return True
        if start >= end or doc not in self.starts:
            return False
        before = bisect_left(self.starts[doc], end)  # those starting before x ends
        return before > 0 and self.reach[doc][before - 1] > start


def combine(
    records: Iterable[R],
    groups: Sequence[Collection[Hashable]],
    excluded: Collection[Hashable] = (),
    mode: str = "or",
) -> list[R]:
    """The records a retrieval keeps, in their given order.

    ``groups`` holds one set of codes per code asked for (a code with its
    subcodes when those are included); ``excluded`` the codes of NOT.

    * OR: records of a code in any group (every record when there are no groups).
    * AND (with two or more groups): a record of a code in some groups is
      kept only when, for every group *without* its code, it is
      :func:`together` with a record of that group. So an A AND B passage
      yields the A record and the B record.
    * NOT: records of an excluded code, and records together with one, are dropped.

    A record is never together with itself: it is only compared with groups
    that do not hold its code."""
    if mode not in MODES:
        raise ValueError(f"mode {mode!r} is not one of: {', '.join(MODES)}")
    rows = list(records)
    sets = [set(g) for g in groups]
    wanted = set().union(*sets) if sets else None
    banned = set(excluded)
    and_groups = sets if mode == "and" and len(sets) > 1 else []
    near = [_Near(r for r in rows if r["code"] in g) for g in and_groups]
    near_banned = _Near(r for r in rows if r["code"] in banned) if banned else None
    checks = list(zip(and_groups, near, strict=True))
    out = []
    for r in rows:
        code = r["code"]
        if wanted is not None and code not in wanted:
            continue
        if checks and not all(n(r) for g, n in checks if code not in g):
            continue
        if near_banned is not None and (code in banned or near_banned(r)):
            continue
        out.append(r)
    return out
