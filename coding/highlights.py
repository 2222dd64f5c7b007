"""Cutting a passage of text into runs for display: stretches covered by the
same codings. Pure: offsets are canonical ``str`` indices of the document."""

from __future__ import annotations


def highlight_runs(
    seg: dict,
    codings: list[dict],
    selection: dict | None = None,
    names: list[tuple[int, int, str]] | None = None,
) -> list[dict]:
    """Cut a segment into runs ``{start, end, text, codings, selected}``: maximal
    stretches covered by the same codings (indices into ``codings``) and equally
    inside or outside the pending selection. Offsets are canonical.

    ``names`` are ``(start, end, shown)`` spans (canonical offsets) to show as
    ``shown``, e.g. a real name and its pseudonym: each becomes runs of its own
    marked ``name``, the first showing ``shown`` and any further piece (cut by a
    coding edge) nothing, so the text reads right and offsets stay canonical."""
    lo, hi, text = seg["start"], seg["end"], seg["text"]
    inside = [(i, c) for i, c in enumerate(codings) if c["start"] < hi and c["end"] > lo]
    names = [(a, b, shown) for a, b, shown in names or () if a < hi and b > lo]
    cuts = {lo, hi}
    for c in [c for _, c in inside] + ([selection] if selection else []):
        cuts.update(p for p in (c["start"], c["end"]) if lo < p < hi)
    for a, b, _ in names:
        cuts.update(p for p in (a, b) if lo < p < hi)
    edges = sorted(cuts)
    runs = []
    for a, b in zip(edges, edges[1:], strict=False):
        covering = [i for i, c in inside if c["start"] < b and c["end"] > a]
        chosen = bool(selection) and selection["start"] < b and selection["end"] > a
        runs.append(
            {
                "start": a,
                "end": b,
                "text": text[a - lo : b - lo],
                "codings": covering,
                "selected": chosen,
            }
        )
    for a, b, shown in names:
        pieces = [r for r in runs if a <= r["start"] and r["end"] <= b]
        for n, run in enumerate(pieces):
            run["text"] = shown if n == 0 else ""
            run["name"] = True
    return runs
