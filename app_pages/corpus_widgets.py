"""Widgets for the Corpus page: the import preview and the batch import."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from app_pages import common, state
from qda.errors import ImportFailed, QDAError
from qda.services.corpus import CorpusService

RESEARCHER_LABELS = {"interviewer", "facilitator", "moderator", "researcher", "i", "q", "int"}


def default_participant(label: str, alias_of: dict[str, str]) -> str:
    """The participant a label probably names: blank for the research team's own
    labels (Interviewer, Facilitator, I, Q), else the label or its alias."""
    if label.strip().casefold() in RESEARCHER_LABELS:
        return ""
    return alias_of.get(label, label)


def speaker_options() -> dict[str, str]:
    options = {"auto": "Detect automatically", "none": "No speakers (paragraphs only)"}
    options.update(CorpusService.speaker_presets())
    options["custom"] = "Custom regular expression"
    return options


@st.cache_data(show_spinner=False, max_entries=64)
def cached_preview(location: str, name: str, digest: str, speakers: str, _data: bytes):
    """Parse an uploaded file once per (content, speaker setting)."""
    try:
        return common._open(location).corpus.preview(name, _data, speakers), None
    except ImportFailed as err:
        return None, err.reason


def preview_file(location: str, upload, speakers: str) -> dict | None:
    """Show one file's speakers and first segments; return its import plan."""
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    preview, error = cached_preview(location, upload.name, digest, speakers, data)
    if error:
        st.error(common.md(f"{upload.name}: {error}"))
        return None
    doc = preview.document
    st.caption(
        f"{len(doc.text):,} characters · {doc.meta.get('word_count', 0):,} words · "
        f"{len(doc.segments_of('turn'))} turns · {len(doc.segments_of('paragraph'))} paragraphs · "
        f"{len(doc.segments_of('sentence'))} sentences · speakers found by: {preview.preset or 'none'}"
    )
    if doc.meta.get("encoding"):
        st.warning(
            common.md(
                f"{upload.name} is not UTF-8: read as {doc.meta['encoding']}. "
                "Check its accented letters and quotes below."
            )
        )
    alias_of = dict(preview.aliases)
    table = pd.DataFrame(
        {
            "label": list(doc.speakers),
            "turns": list(doc.speakers.values()),
            "participant": [default_participant(label, alias_of) for label in doc.speakers],
        }
    )
    plan = {"name": upload.name, "data": data, "parsed": doc, "aliases": {}}
    if len(table):
        st.markdown(
            "Speakers: give each label a participant name. Two labels with the same name "
            "are one person (e.g. initials); leave blank for speakers you do not track."
        )
        edited = st.data_editor(
            table,
            key=f"speakers_{digest}_{speakers}",
            hide_index=True,
            width="stretch",
            disabled=["label", "turns"],
            column_config={"participant": st.column_config.TextColumn("participant (name)")},
        )
        plan["aliases"] = {
            row.label: (str(row.participant).strip() or None) if pd.notna(row.participant) else None
            for row in edited.itertuples()
        }
    else:
        st.info(
            "No speaker labels found: the document is split into paragraphs and sentences only."
        )
    first = doc.segments_of("turn")[:8] or doc.segments_of("paragraph")[:8]
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "speaker": s.speaker or "",
                    "start": s.start,
                    "end": s.end,
                    "text": doc.text[s.start : s.end][:200],
                }
                for s in first
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    return plan


@st.cache_data(show_spinner=False, max_entries=16)
def cached_survey(name: str, digest: str, _data: bytes):
    try:
        return CorpusService.read_survey(name, _data), None
    except ImportFailed as err:
        return None, err.reason


def preview_survey(upload) -> dict | None:
    """A survey table: which columns are the respondent id and the open-ended
    questions (editable); each respondent becomes a participant and a document."""
    data = upload.getvalue()
    survey, error = cached_survey(upload.name, hashlib.sha256(data).hexdigest(), data)
    if error:
        st.error(common.md(f"{upload.name}: {error}"))
        return None
    columns = [survey.id_column, *survey.text_columns, *survey.attribute_columns]
    columns = [c for c in columns if c]
    id_column = st.selectbox(
        "Respondent id column",
        columns,
        index=0,
        key=f"survey_id_{upload.name}",
    )
    text_columns = st.multiselect(
        "Open-ended questions (become the documents' text)",
        [c for c in columns if c != id_column],
        default=[c for c in survey.text_columns if c != id_column],
        key=f"survey_text_{upload.name}",
    )
    st.caption(
        f"{len(survey.respondents)} respondents · other columns become participant attributes"
    )
    return {
        "name": upload.name,
        "data": data,
        "survey": True,
        "id_column": id_column,
        "text_columns": text_columns,
    }


def run_import(plans: list[dict], organisation: str | None, kind: str, date: str | None) -> None:
    project = common.project()
    bar = st.progress(0.0, text="Importing…")
    done, failed = [], []
    for i, plan in enumerate(plans, 1):
        bar.progress(i / len(plans), text=f"Importing {plan['name']} ({i}/{len(plans)})")
        try:
            if plan.get("survey"):
                docs = project.corpus.import_survey(
                    plan["name"],
                    plan["data"],
                    id_column=plan["id_column"],
                    text_columns=plan["text_columns"],
                    organisation=organisation,
                    date=date,
                    coder=common.coder(),
                )
                done.append(f"{plan['name']} ({len(docs)} respondents)")
                continue
            doc = project.corpus.import_file(
                plan["name"],
                plan["data"],
                organisation=organisation,
                kind=kind,
                date=date,
                aliases=plan["aliases"],
                parsed=plan["parsed"],
                coder=common.coder(),
            )
            done.append(doc["name"])
        except ImportFailed as err:
            failed.append(str(err))
        except QDAError as err:
            failed.append(f"{plan['name']}: {err}")
    bar.empty()
    if done:
        common.flash(f"Imported {len(done)} document(s): {', '.join(done)}")
        # A new uploader key empties the uploader, so nothing is imported twice.
        st.session_state[state.UPLOADER] = st.session_state.get(state.UPLOADER, 0) + 1
    for message in failed:
        st.error(common.md(message))
    if done and not failed:
        st.rerun()
