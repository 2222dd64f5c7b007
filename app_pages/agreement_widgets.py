"""Helpers for the Agreement page: cached comparisons, the heatmap and a
disagreement card (both coders' codings side by side, as plain text)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages import common
from qda.errors import QDAError
from qda.services.agreement import POOLED

DECISION_LABELS = {
    "keep_a": "Keep A",
    "keep_b": "Keep B",
    "both": "Both",
    "neither": "Neither",
    "edit": "Edited",
}


@st.cache_data(show_spinner=False, max_entries=16)
def comparison(location: str, revision: int, raters: tuple, unit: str) -> list[dict]:
    return common._open(location).agreement.compare([list(r) for r in raters], unit=unit)


@st.cache_data(show_spinner=False, max_entries=16)
def disagreements(location: str, revision: int, a: tuple, b: tuple) -> list[dict]:
    return common._open(location).agreement.disagreements(list(a), list(b))


def table(rows: list[dict], pooled_only: bool) -> pd.DataFrame:
    shown = [r for r in rows if (r["document"] == POOLED) or not pooled_only]
    return pd.DataFrame(
        [
            {
                "code": r["code"],
                "document": r["document"],
                "units": r["units"],
                "agreement %": r["agreement"],
                "kappa": r["kappa"],
                "alpha": r["alpha"],
                **{f"coded by {k}": v for k, v in r["coded"].items()},
                "both": r["both"],
                "neither": r["neither"],
            }
            for r in shown
        ]
    )


def heatmap(rows: list[dict], value: str, shown) -> go.Figure:
    """Code x document, coloured by ``value`` (kappa, alpha or agreement);
    document names through ``shown`` (pseudonyms)."""
    per_doc = [{**r, "document": shown(r["document"])} for r in rows if r["document"] != POOLED]
    codes = list(dict.fromkeys(r["code"] for r in per_doc))
    docs = list(dict.fromkeys(r["document"] for r in per_doc))
    cell = {(r["code"], r["document"]): r[value] for r in per_doc}
    z = [[cell.get((c, d)) for d in docs] for c in codes]
    low = 0 if value == "agreement" else -1
    high = 100 if value == "agreement" else 1
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=docs,
            y=codes,
            zmin=low,
            zmax=high,
            colorscale="RdYlGn",
            hovertemplate="%{y}<br>%{x}<br>" + value + " %{z:.3f}<extra></extra>",
        )
    )
    fig.update_layout(
        height=max(320, 28 * len(codes) + 160),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        yaxis={"autorange": "reversed"},
    )
    return fig


def marked(d: dict, spans: list[list[int]]) -> str:
    """The passage with one coder's codings between [[ and ]] (plain text)."""
    text, start = d["text"], d["start"]
    out, at = [], 0
    for s, e in sorted(spans):
        s, e = max(s - start, at), e - start
        if e <= s:
            continue
        out += [text[at:s], "[[", text[s:e], "]]"]
        at = e
    out.append(text[at:])
    return "…" + d["before"] + "".join(out) + d["after"] + "…"


def resolve(a: list[str], b: list[str], key: str, decision: str, consensus: str, edited=None):
    try:
        common.project().agreement.resolve(
            a, b, key, decision, consensus=consensus, edited=edited, coder=common.coder()
        )
        common.flash(f"Resolved: {DECISION_LABELS[decision]}")
    except QDAError as err:
        common.flash(common.md(err), "⚠️")


def card(
    d: dict, i: int, a: list[str], b: list[str], labels: tuple[str, str], consensus: str, shown
):
    """One disagreement; ``shown`` passes text through the pseudonym key
    while pseudonyms are on (:func:`app_pages.common.shown`)."""
    with st.container(border=True):
        status = DECISION_LABELS.get(d["decision"], "open")
        st.text(shown(f"{d['code']} · {d['document']} · {d['start']}-{d['end']} · {status}"))
        left, right = st.columns(2)
        left.caption(common.md(f"A: {labels[0]}"))
        left.text(shown(marked(d, d["a"])) if d["a"] else "(not coded)")
        right.caption(common.md(f"B: {labels[1]}"))
        right.text(shown(marked(d, d["b"])) if d["b"] else "(not coded)")
        cols = st.columns(6)
        for col, decision in zip(cols, ("keep_a", "keep_b", "both", "neither"), strict=False):
            col.button(
                DECISION_LABELS[decision],
                key=f"agr_{decision}_{i}",
                on_click=resolve,
                args=(a, b, d["key"], decision, consensus),
            )
        with cols[4].popover("Edit"):
            s = st.number_input("start", value=d["start"], step=1, key=f"agr_s_{i}")
            e = st.number_input("end", value=d["end"], step=1, key=f"agr_e_{i}")
            st.button(
                "Save",
                key=f"agr_edit_{i}",
                on_click=resolve,
                args=(a, b, d["key"], "edit", consensus, (int(s), int(e))),
            )
