"""Helpers for the Review page: a partner's answer form per theme, and the
researcher's views of a round's responses. Partner-supplied and transcript
text is always shown with st.text (never as Markdown or HTML)."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from app_pages import common
from qda.errors import QDAError

VOTES = ["agree", "partly", "disagree"]
VOTE_LABELS = {"agree": "Agree", "partly": "Partly agree", "disagree": "Disagree"}


def _answer_widgets(target: str, mine: dict, prefix: str) -> None:
    earlier = mine.get(target, {})
    vote = earlier.get("vote")
    st.radio(
        "Do you recognise this?",
        VOTES,
        index=VOTES.index(vote) if vote in VOTES else None,
        format_func=VOTE_LABELS.get,
        horizontal=True,
        key=f"{prefix}_vote_{target}",
    )
    st.text_area(
        "Comment", value=earlier.get("comment", ""), key=f"{prefix}_comment_{target}", height=80
    )


def theme_form(project, round_guid: str, theme: dict, mine: dict, number: int) -> None:
    """One form per theme: the theme and each of its quotes, answered together."""
    with st.form(f"review_theme_{theme['guid']}"):
        st.caption(f"Theme {number}")
        st.text(theme["name"])
        if theme["definition"]:
            st.text(theme["definition"])
        st.caption(theme["raised"])
        _answer_widgets(theme["guid"], mine, "rv")
        for i, quote in enumerate(theme["quotes"], 1):
            st.divider()
            st.caption(common.md(f"Quote {i} · {quote['attribution']}"))
            st.text(f"“{quote['text']}”")
            _answer_widgets(quote["guid"], mine, "rv")
        if st.form_submit_button("Save my answers"):
            saved = 0
            for target in [theme["guid"], *(q["guid"] for q in theme["quotes"])]:
                vote = st.session_state.get(f"rv_vote_{target}")
                comment = st.session_state.get(f"rv_comment_{target}", "")
                if vote is None and not comment.strip():
                    continue
                try:
                    project.review.respond(round_guid, target, vote, comment)
                    saved += 1
                except QDAError as err:
                    st.error(common.md(err))
                    return
            common.flash(f"Saved {saved} answer(s)")
            st.rerun()


def propose_form(project, round_guid: str) -> None:
    with st.form("review_propose", clear_on_submit=True):
        st.caption("Is a theme missing? Propose it.")
        name = st.text_input("Theme")
        description = st.text_area("What it is about", height=80)
        if st.form_submit_button("Propose"):
            try:
                project.review.propose_theme(round_guid, name, description)
            except QDAError as err:
                st.error(common.md(err))
            else:
                common.flash("Thank you: your theme was sent")
                st.rerun()


def responses_frames(summary: dict) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    votes = pd.DataFrame(
        [
            {
                "kind": t["kind"],
                "theme": t["theme"],
                "agree": t["agree"],
                "partly": t["partly"],
                "disagree": t["disagree"],
                "text": t["text"],
            }
            for t in summary["targets"]
        ]
    )
    comments = pd.DataFrame(
        [
            {
                "theme": t["theme"],
                "on": t["kind"],
                "partner": c["partner"],
                "organisation": c["organisation"],
                "vote": c["vote"] or "",
                "comment": c["comment"],
            }
            for t in summary["targets"]
            for c in t["comments"]
        ]
    )
    organisations = pd.DataFrame(summary["organisations"])
    return votes, comments, organisations


def download(project, round_guid: str, fmt: str) -> bytes:
    buffer = io.BytesIO()
    project.review.export_responses(round_guid, buffer, fmt)
    return buffer.getvalue()
