"""What "a unit is coded" means, defined once. Pure.

A *unit* is a span of a document that gets counted: a speaker turn, a
paragraph or a sentence segment. A unit **is coded** when at least one of its
characters is covered by a coding (see :mod:`coding.spans`: spans are
half-open, so a coding ending exactly where a unit starts does not code it,
and empty codings or units never count). Progress counts units this way, and
so should anything that asks which units a coder coded (e.g. agreement).

The answer is found by bisection, not by comparing every coding with every
unit: codings sorted by start carry the running maximum of their ends, and a
unit is coded exactly when some coding starting before the unit ends reaches
past the unit's start. That costs O((units + codings) log codings) and puts
no condition on the units: any order, gaps between them, or overlaps.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from itertools import accumulate
from typing import Any

from coding.spans import Span


def coded_mask(units: Sequence[Span], codings: Iterable[Span]) -> list[bool]:
    """Per unit (in the order given): whether a coding covers any of its characters."""
    found = sorted((s, e) for s, e in codings if s < e)
    starts = [s for s, _ in found]
    reach = list(accumulate((e for _, e in found), max))
    mask = []
    for start, end in units:
        before = bisect_left(starts, end) if start < end else 0
        mask.append(before > 0 and reach[before - 1] > start)
    return mask


def coded_units(units: Sequence[Span], codings: Iterable[Span]) -> list[int]:
    """Indices (into ``units``, ascending) of the units a coding covers a
    character of. Typically ``units`` are one document's turns in order."""
    return [i for i, coded in enumerate(coded_mask(units, codings)) if coded]


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
