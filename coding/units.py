"""What "a unit is coded" means, defined once. Pure.

A *unit* is a span of a document that gets counted: a speaker turn, a
paragraph or a sentence segment. A unit **is coded** when at least one of its
characters is covered by a coding (see :mod:`coding.spans`: spans are
half-open, so a coding ending exactly where a unit starts does not code it,
and empty codings or units never count). Progress counts units this way, and
so should anything that asks which units a coder coded (e.g. agreement).

Nothing compares every coding with every unit. :class:`Units` sorts a
document's units once; when they do not overlap (turns, paragraphs or
sentences of one document never do) the units a coding touches are a run
found by two bisections, and the runs of all codings are merged, so a
question costs O(codings log units + units coded). Overlapping units are
answered too, by bisecting the codings instead.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from itertools import accumulate
from operator import ge
from typing import Any

from coding.spans import Span


class Units:
    """One document's units, prepared once for any number of questions
    (e.g. one per coder, or per coder and code). Indices are positions in
    the sequence given, which may be in any order."""

    def __init__(self, spans: Sequence[Span]):
        self.count = len(spans)
        order = sorted(range(self.count), key=spans.__getitem__)
        self._sorted = all(map(int.__lt__, order, order[1:]))  # given in order already
        self._kept = [i for i in order if spans[i][0] < spans[i][1]]  # empty units: never coded
        self._starts = [spans[i][0] for i in self._kept]
        self._ends = [spans[i][1] for i in self._kept]
        self._disjoint = all(map(ge, self._starts[1:], self._ends))

    def __len__(self) -> int:
        return self.count

    def coded(self, codings: Iterable[Span]) -> list[int]:
        """Indices (ascending) of the units a coding covers a character of."""
        found = self._runs(codings) if self._disjoint else self._bisect_codings(codings)
        return found if self._sorted else sorted(found)

    def mask(self, codings: Iterable[Span]) -> list[bool]:
        """Per unit, in the order given: whether a coding covers a character of it."""
        mask = [False] * self.count
        for i in self.coded(codings):
            mask[i] = True
        return mask

    def _runs(self, codings: Iterable[Span]) -> list[int]:
        # units sorted and apart, so their ends ascend too: the units coding
        # [s, e) touches are those ending after s and starting before e
        starts, ends = self._starts, self._ends
        runs = []
        for s, e in codings:
            if s < e:
                lo, hi = bisect_right(ends, s), bisect_left(starts, e)
                if lo < hi:
                    runs.append((lo, hi))
        runs.sort()
        out: list[int] = []
        reached = 0
        for lo, hi in runs:
            lo = max(lo, reached)
            if lo < hi:
                out.extend(self._kept[lo:hi])
                reached = hi
        return out

    def _bisect_codings(self, codings: Iterable[Span]) -> list[int]:
        # any units: a unit is coded when a coding starting before it ends
        # reaches past its start (running maximum of ends, codings by start)
        found = sorted((s, e) for s, e in codings if s < e)
        starts = [s for s, _ in found]
        reach = list(accumulate((e for _, e in found), max))
        out = []
        for i, start, end in zip(self._kept, self._starts, self._ends, strict=True):
            before = bisect_left(starts, end)
            if before and reach[before - 1] > start:
                out.append(i)
        return out


def coded_units(units: Sequence[Span], codings: Iterable[Span]) -> list[int]:
    """Indices (into ``units``, ascending) of the units a coding covers a
    character of. Typically ``units`` are one document's turns in order."""
    return Units(units).coded(codings)


def coded_mask(units: Sequence[Span], codings: Iterable[Span]) -> list[bool]:
    """Per unit (in the order given): whether a coding covers any of its characters."""
    return Units(units).mask(codings)


def _matches(record: Mapping[str, Any], coder: str | None, code: Hashable | None) -> bool:
    return (coder is None or record.get("coder") == coder) and (
        code is None or record.get("code") == code
    )


def coded_units_by_document(
    units: Mapping[Hashable, Sequence[Span]],
    codings: Iterable[Mapping[str, Any]],
    *,
    coder: str | None = None,
    code: Hashable | None = None,
) -> dict[Hashable, list[int]]:
    """Per document of ``units`` (document -> its unit spans): the indices of
    its coded units, counting only codings by ``coder`` and of ``code`` when
    given. Codings are records with ``document``, ``start`` and ``end`` (and
    ``coder`` / ``code`` to filter on); those of other documents are ignored.
    Every document of ``units`` is in the answer, uncoded ones with ``[]``."""
    spans: dict[Hashable, list[Span]] = defaultdict(list)
    for c in codings:
        if c["document"] in units and _matches(c, coder, code):
            spans[c["document"]].append((c["start"], c["end"]))
    return {doc: coded_units(doc_units, spans.get(doc, ())) for doc, doc_units in units.items()}
