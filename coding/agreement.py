"""Agreement between coders, as researchers report it. Pure.

Two or more *raters* are compared, each a coder or a group of coders (a
group codes a unit when any of its members does). For one code and one
document every unit is either coded by a rater or not, so each comparison is
presence/absence per unit:

* **character** units: every character of the document's canonical text, the
  way NVivo's coding comparison counts (percent agreement = characters both
  coded + characters neither coded, over the document's characters);
* **sentence**, **paragraph** or **turn** units: a unit counts as coded by a
  rater when one of the rater's codings covers any of its characters
  (:mod:`coding.units`).

Statistics, for the raters' presence/absence data:

* ``agreement``: the percentage of units on which all raters agree;
* ``kappa`` (two raters only): Cohen's kappa, computed as NVivo's help gives
  it: ``(agreed - expected) / (units - expected)`` with ``expected`` the
  agreement chance alone would give from each rater's share of coded units;
  when ``expected == units`` (both raters coded every unit, or none) kappa
  is 1, as NVivo reports for complete agreement;
* ``alpha``: Krippendorff's alpha, nominal, from the coincidence of values
  within units; ``None`` when every value is the same (nobody coded anything,
  or everyone coded everything): alpha is undefined without variation.

A document with no units of the kind asked for (e.g. no turns) is left out:
nothing can be compared in it. Offsets are canonical ``str`` indices.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from coding.spans import Span, clip, union
from coding.units import Units

UNITS = ("character", "sentence", "paragraph", "turn")
POOLED = "all documents"


@dataclass(frozen=True)
class Levels:
    """How many units exactly ``k`` of ``raters`` coded, for k = 0..raters.

    ``counts[k]`` is that number; ``units`` their total. This is all that
    percent agreement, kappa (with the two single-rater totals) and alpha
    need, and it adds up across documents for pooled figures (:func:`pooled`)."""

    raters: int
    counts: tuple[int, ...]
    #: units each rater coded, in rater order
    coded: tuple[int, ...]
    #: units coded by every rater (for two raters: by both)
    both: int

    #: the number of units (the sum of ``counts``)
    units: int = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", sum(self.counts))

    @property
    def agreed(self) -> int:
        """Units on which all raters agree: coded by all or by none."""
        return self.counts[0] + self.counts[-1]


def percent_agreement(levels: Levels) -> float | None:
    """The percentage of units on which all raters agree (None without units)."""
    if levels.units == 0:
        return None
    return 100 * levels.agreed / levels.units


def kappa(levels: Levels) -> float | None:
    """Cohen's kappa of two raters as NVivo computes it (None for more raters
    or no units); 1 when chance alone would give complete agreement."""
    if levels.raters != 2 or levels.units == 0:
        return None
    total = levels.units
    a, b = levels.coded
    expected = (a * b + (total - a) * (total - b)) / total
    if expected == total:
        return 1.0
    return (levels.agreed - expected) / (total - expected)


def alpha(levels: Levels) -> float | None:
    """Krippendorff's alpha, nominal, of presence/absence data where every
    rater rated every unit; None when all values are the same."""
    m = levels.raters
    n = levels.units * m  # pairable values: every unit has m >= 2 of them
    ones = sum(k * count for k, count in enumerate(levels.counts))
    zeros = n - ones
    if m < 2 or ones == 0 or zeros == 0:
        return None
    # the off-diagonal cell of the coincidence matrix: within each unit,
    # ordered pairs of one rater's 1 with another's 0, over (m - 1)
    disagreeing = sum(count * k * (m - k) for k, count in enumerate(levels.counts)) / (m - 1)
    return 1 - (n - 1) * disagreeing / (zeros * ones)


def character_levels(length: int, raters: Sequence[Iterable[Span]]) -> Levels:
    """Levels over the ``length`` characters of a document; ``raters`` gives
    each rater's codings (spans outside the text are clipped, overlaps of one
    rater count once)."""
    events: dict[int, int] = defaultdict(int)
    coded = []
    for spans in raters:
        mine = union(clip(s, 0, length) for s in spans)
        coded.append(sum(e - s for s, e in mine))
        for s, e in mine:
            events[s] += 1
            events[e] -= 1
    counts = [0] * (len(raters) + 1)
    depth, last = 0, 0
    for position in sorted(events):
        counts[depth] += position - last
        depth += events[position]
        last = position
    counts[0] += length - last
    return Levels(len(raters), tuple(counts), tuple(coded), counts[-1])


def unit_levels(units: Units, raters: Sequence[Iterable[Span]]) -> Levels:
    """Levels over a document's units (turns, paragraphs or sentences)."""
    per_unit: dict[int, int] = defaultdict(int)
    coded = []
    for spans in raters:
        found = units.coded(spans)
        coded.append(len(found))
        for i in found:
            per_unit[i] += 1
    counts = [0] * (len(raters) + 1)
    for k in per_unit.values():
        counts[k] += 1
    counts[0] = units.count - sum(counts[1:])
    return Levels(len(raters), tuple(counts), tuple(coded), counts[-1])


@dataclass(frozen=True)
class Document:
    """What a comparison needs of one document: its length in characters and
    its unit spans by kind (``"sentence"``, ``"paragraph"``, ``"turn"``)."""

    length: int
    units: Mapping[str, Sequence[Span]] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    """One code in one document (or pooled over documents)."""

    code: Hashable
    document: Hashable
    unit: str
    levels: Levels
    #: pooled rows: the plain mean of the documents' agreement and kappa
    mean_agreement: float | None = None
    mean_kappa: float | None = None
    documents: int = 1

    @property
    def agreement(self) -> float | None:
        return percent_agreement(self.levels)

    @property
    def kappa(self) -> float | None:
        return kappa(self.levels)

    @property
    def alpha(self) -> float | None:
        return alpha(self.levels)


def uncoded(raters: int, units: int) -> Levels:
    """Levels of ``units`` units that no rater coded."""
    return Levels(raters, (units,) + (0,) * raters, (0,) * raters, 0)


def pooled(levels: Sequence[Levels]) -> Levels:
    """The levels of several documents taken together."""
    m = levels[0].raters
    counts, coded, both = [0] * (m + 1), [0] * m, 0
    for lv in levels:
        for k, n in enumerate(lv.counts):
            counts[k] += n
        for i, n in enumerate(lv.coded):
            coded[i] += n
        both += lv.both
    return Levels(m, tuple(counts), tuple(coded), both)


def _mean(values: Iterable[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def compare(
    documents: Mapping[Hashable, Document],
    codings: Iterable[Mapping[str, Any]],
    raters: Sequence[Sequence[str]],
    *,
    unit: str = "character",
    codes: Sequence[Hashable] | None = None,
) -> list[Row]:
    """Agreement of ``raters`` (each a list of coder names, a group when it
    has more than one) per code and document, then one pooled row per code
    (``document`` is :data:`POOLED`) whose figures come from the units of all
    its documents together (weighted by size), with the plain means of the
    documents' agreement and kappa beside them.

    ``codings`` are records with ``document``, ``code``, ``coder``, ``start``
    and ``end``; those of other documents or coders are ignored. ``codes``
    defaults to every code any rater used, in order of first appearance.
    Rows come code by code, documents in the order of ``documents``."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if len(raters) < 2:
        raise ValueError("agreement needs at least two coders or groups")
    rater_of: dict[str, list[int]] = defaultdict(list)
    for i, group in enumerate(raters):
        for coder in group:
            rater_of[coder].append(i)
    spans: dict[tuple[Hashable, Hashable], list[list[Span]]] = {}
    seen: dict[Hashable, None] = {}
    for c in codings:
        if c["document"] not in documents or c["coder"] not in rater_of:
            continue
        seen.setdefault(c["code"])
        per_rater = spans.setdefault((c["code"], c["document"]), [[] for _ in raters])
        for i in rater_of[c["coder"]]:
            per_rater[i].append((c["start"], c["end"]))
    prepared = {
        doc: Units(d.units.get(unit, ())) for doc, d in documents.items() if unit != "character"
    }
    m = len(raters)
    sizes = {
        doc: d.length if unit == "character" else prepared[doc].count
        for doc, d in documents.items()
    }
    blank = {doc: uncoded(m, n) for doc, n in sizes.items() if n}
    rows: list[Row] = []
    for code in seen if codes is None else codes:
        per_document = []
        for doc, d in documents.items():
            if not sizes[doc]:
                continue
            coded = spans.get((code, doc))
            if coded is None:
                levels = blank[doc]
            elif unit == "character":
                levels = character_levels(d.length, coded)
            else:
                levels = unit_levels(prepared[doc], coded)
            per_document.append(Row(code, doc, unit, levels))
        rows.extend(per_document)
        if per_document:
            rows.append(
                Row(
                    code,
                    POOLED,
                    unit,
                    pooled([r.levels for r in per_document]),
                    mean_agreement=_mean(r.agreement for r in per_document),
                    mean_kappa=_mean(r.kappa for r in per_document),
                    documents=len(per_document),
                )
            )
    return rows


# -- disagreements and consensus ----------------------------------------------------------------

DECISIONS = ("keep_a", "keep_b", "both", "neither", "edit")


@dataclass(frozen=True)
class Cluster:
    """Codings of one code in one document by two raters that overlap one
    another (directly or through a chain), with the extent they cover."""

    start: int
    end: int
    a: tuple[Span, ...]
    b: tuple[Span, ...]

    @property
    def agreed(self) -> bool:
        """Whether both raters coded exactly the same characters here."""
        return union(self.a) == union(self.b)


def clusters(a: Iterable[Span], b: Iterable[Span]) -> list[Cluster]:
    """Two raters' codings (of one code, one document) grouped into
    clusters of overlapping spans, in order. A coding nobody else's overlaps
    is a cluster of its own; empty spans are ignored."""
    tagged = sorted([(s, e, 0) for s, e in a if s < e] + [(s, e, 1) for s, e in b if s < e])
    out: list[Cluster] = []
    current: list[tuple[int, int, int]] = []
    reach = None
    for s, e, who in tagged:
        if current and s >= reach:
            out.append(_cluster(current))
            current = []
        current.append((s, e, who))
        reach = e if len(current) == 1 else max(reach, e)
    if current:
        out.append(_cluster(current))
    return out


def _cluster(members: list[tuple[int, int, int]]) -> Cluster:
    return Cluster(
        min(s for s, _, _ in members),
        max(e for _, e, _ in members),
        tuple((s, e) for s, e, who in members if who == 0),
        tuple((s, e) for s, e, who in members if who == 1),
    )


def resolution(cluster: Cluster, decision: str, edited: Span | None = None) -> list[Span]:
    """The spans a consensus coder gets when a disagreement is resolved:
    one rater's codings, both (their union), none, or an edited span."""
    if decision == "keep_a":
        return union(cluster.a)
    if decision == "keep_b":
        return union(cluster.b)
    if decision == "both":
        return union(cluster.a + cluster.b)
    if decision == "neither":
        return []
    if decision == "edit":
        if edited is None or edited[0] >= edited[1]:
            raise ValueError("an edited resolution needs a span with start < end")
        return [edited]
    raise ValueError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
