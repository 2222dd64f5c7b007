"""Helpers for the Suggest page: a list of suggestions to accept or reject,
cached reads, and the background training's progress."""

from __future__ import annotations

import streamlit as st

from app_pages import common
from qda.errors import QDAError

PER_PAGE = 20
OPEN, CLOSE = "\u27e6", "\u27e7"  # ⟦ ⟧ mark matched words in plain text


def marked(text: str, spans) -> str:
    """``text`` with ⟦ ⟧ around each ``(start, end)`` span (plain text, no HTML)."""
    out, at = [], 0
    for a, b in sorted(spans):
        if a < at:
            continue
        out += [text[at:a], OPEN, text[a:b], CLOSE]
        at = b
    out.append(text[at:])
    return "".join(out)


@st.cache_data(show_spinner="Matching the rules…", max_entries=16)
def rule_hits(location: str, revision: int, unit: str, codes: tuple[str, ...]) -> list[dict]:
    return common._open(location).suggestions.rule_hits(list(codes) or None, unit)


@st.cache_data(show_spinner=False, max_entries=16)
def rules(location: str, revision: int) -> list[dict]:
    return common._open(location).suggestions.rules()


@st.cache_data(show_spinner="Scoring the passages…", max_entries=8)
def model_suggestions(
    location: str, revision: int, trained_at: str, unit: str, document: str | None
) -> list[dict]:
    """The model's suggestions for a document, or (no document) the ones it is
    least sure of; cached until the project or the model changes."""
    suggestions = common._open(location).suggestions
    if document is None:
        return suggestions.teach(unit, top=20)
    return suggestions.suggest(document=document, unit=unit)


@st.cache_data(show_spinner=False, max_entries=8)
def decisions(location: str, revision: int) -> list[dict]:
    return common._open(location).suggestions.decisions(200)


def shown_text(s: dict) -> str:
    """The passage as plain text, its matches (rules) or shared words marked."""
    if s.get("matches"):
        base = s["start"]
        return marked(s["text"], [(a - base, b - base) for a, b, _ in s["matches"]])
    if s.get("highlights"):
        return marked(s["text"], s["highlights"])
    return s["text"]


def caption(s: dict) -> str:
    parts = [s.get("path") or "(no code yet)", s.get("document_name") or ""]
    if s.get("speaker"):
        parts.append(s["speaker"])
    if s.get("organisation"):
        parts.append(s["organisation"])
    parts.append(f"{s['start']}-{s['end']}")
    if s.get("score") is not None:
        parts.append(f"score {s['score']:.2f}")
    if s.get("reason"):
        parts.append(f"why: {s['reason']}")
    return " · ".join(p for p in parts if p)


def _same(a: dict, b: dict) -> bool:
    return all(a.get(k) == b.get(k) for k in ("code", "document", "start", "end"))


def _decide(project, chosen: list[dict], accept: bool, retrain: bool, held: str | None) -> None:
    coder = common.coder()
    try:
        if accept:
            project.suggestions.accept_all(chosen, coder)
        else:
            for s in chosen:
                project.suggestions.reject(s, coder)
    except QDAError as err:
        st.error(str(err))
        return
    if held and st.session_state.get(held):  # a list kept between runs: drop what was decided
        st.session_state[held] = [
            s for s in st.session_state[held] if not any(_same(s, c) for c in chosen)
        ]
    if retrain and project.suggestions.model_info() is not None:
        project.suggestions.start_training()  # learns from the decision, in the background
    verb = "Accepted" if accept else "Rejected"
    common.flash(f"{verb} {len(chosen)} suggestion(s)")
    st.rerun()


def decide_list(
    project, suggestions: list[dict], key: str, retrain: bool = False, held: str | None = None
) -> None:
    """Suggestions one under another, each with Accept and Reject, a tick box
    for "accept selected" and an "accept all" button; paged. ``held`` names
    the session-state list the suggestions come from, if any."""
    if not suggestions:
        st.info("Nothing to suggest here.")
        return
    show = common.shown(project)  # passages and documents through the pseudonym key
    pages = (len(suggestions) - 1) // PER_PAGE + 1
    c1, c2, c3 = st.columns([2, 2, 2], vertical_alignment="bottom")
    page = c1.number_input("Page", 1, pages, 1, key=f"{key}_page") if pages > 1 else 1
    shown = suggestions[(page - 1) * PER_PAGE : page * PER_PAGE]
    if c2.button(f"Accept all {len(suggestions)}", key=f"{key}_all", type="primary"):
        _decide(project, suggestions, True, retrain, held)
    ticked = []
    for i, s in enumerate(shown):
        n = (page - 1) * PER_PAGE + i
        with st.container(border=True):
            top = st.columns([1, 10, 2, 2], vertical_alignment="center")
            if top[0].checkbox("Pick", key=f"{key}_pick_{n}", label_visibility="collapsed"):
                ticked.append(s)
            top[1].caption(common.md(show(caption(s))))
            if top[2].button("Accept", key=f"{key}_ok_{n}", icon=":material/check:"):
                _decide(project, [s], True, retrain, held)
            if top[3].button("Reject", key=f"{key}_no_{n}", icon=":material/close:"):
                _decide(project, [s], False, retrain, held)
            if s.get("context"):
                before, match, after = s["context"]
                st.text(show(f"…{before}{OPEN}{match}{CLOSE}{after}…"))
            else:
                st.text(show(shown_text(s)))
    if c3.button(f"Accept selected ({len(ticked)})", key=f"{key}_some", disabled=not ticked):
        _decide(project, ticked, True, retrain, held)


@st.fragment(run_every=1.0)
def training_progress(project) -> None:
    """The background training's progress, redrawn every second while the rest
    of the page stays usable; the whole page reruns once it is over."""
    job = project.suggestions.training_job()
    if job is None or job.done:
        st.rerun()
    st.progress(job.fraction, text=f"Training at {job.unit} level: {job.message}")


def training_status(project) -> None:
    job = project.suggestions.training_job()
    if job is not None and not job.done:
        training_progress(project)
    elif job is not None and job.error:
        st.error(f"Training failed: {job.error}")
