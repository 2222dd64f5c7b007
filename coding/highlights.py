"""Cutting a passage of text into runs for display: stretches covered by the
same codings. Pure: offsets are canonical ``str`` indices of the document."""

from __future__ import annotations


def highlight_runs(seg: dict, codings: list[dict], selection: dict | None = None) -> list[dict]:
    """Cut a segment into runs ``{start, end, text, codings, selected}``: maximal
    stretches covered by the same codings (indices into ``codings``) and equally
    inside or outside the pending selection. Offsets are canonical."""
    lo, hi, text = seg["start"], seg["end"], seg["text"]
    inside = [(i, c) for i, c in enumerate(codings) if c["start"] < hi and c["end"] > lo]
    cuts = {lo, hi}
    for c in [c for _, c in inside] + ([selection] if selection else []):
        cuts.update(p for p in (c["start"], c["end"]) if lo < p < hi)
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
    return runs
