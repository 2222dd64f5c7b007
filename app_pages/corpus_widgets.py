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
def cached_preview(
    location: str,
    name: str,
    digest: str,
    speakers: str,
    kind: str | None,
    edits: tuple,
    _data: bytes,
):
    """Parse an uploaded file once per (content, speaker setting, kind, edits)."""
    paragraphs_only, rename, not_speakers, keep = edits
    try:
        corpus = common._open(location).corpus
        made = corpus.speaker_edits(
            paragraphs_only=paragraphs_only,
            rename=dict(rename),
            not_speakers=not_speakers,
            keep_as_written=keep,
        )
        return corpus.preview(name, _data, speakers, kind=kind, edits=made), None
    except QDAError as err:
        return None, str(err)
    except ImportFailed as err:
        return None, err.reason


NO_EDITS: tuple = (False, (), (), ())


def edits_from_tables(paragraphs_only: bool, labels: list[dict], aliases: list[dict]) -> tuple:
    """The preview's edits as a hashable tuple from its two tables: each label
    row ``{"label", "rename to", "not a speaker"}``, each alias row
    ``{"written", "undo"}`` (initials kept as written when ticked)."""
    rename = tuple(
        sorted(
            (row["label"], str(row["rename to"]).strip())
            for row in labels
            if _filled(row.get("rename to")) and str(row["rename to"]).strip() != row["label"]
        )
    )
    not_speakers = tuple(sorted(row["label"] for row in labels if row.get("not a speaker")))
    keep = tuple(sorted(row["written"] for row in aliases if row.get("undo")))
    return (bool(paragraphs_only), rename, not_speakers, keep)


def people_from_table(rows: list[dict]) -> tuple[dict, dict]:
    """``(aliases, affiliations)`` for ``import_file`` from the participants
    table: label -> participant name (None when blank), and label -> the
    organisation for the rows whose affiliation is confirmed."""
    aliases, affiliations = {}, {}
    for row in rows:
        name = str(row["participant"]).strip() if _filled(row.get("participant")) else ""
        aliases[row["label"]] = name or None
        org = str(row["organisation"]).strip() if _filled(row.get("organisation")) else ""
        if row.get("confirm") and org and name:
            affiliations[row["label"]] = org
    return aliases, affiliations


def _filled(value) -> bool:
    return (
        value is not None
        and not (isinstance(value, float) and pd.isna(value))
        and str(value).strip() != ""
    )


def preview_file(location: str, upload, speakers: str, kind: str | None = None) -> dict | None:
    """Show one file's coverage, speakers and first turns, let the user correct
    them (paragraphs only, rename or merge labels, undo an alias, "not a
    speaker", confirm affiliations); return its import plan."""
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    key = f"{state.IMPORT_EDITS}{digest}"
    edits = st.session_state.get(key, NO_EDITS)
    preview, error = cached_preview(location, upload.name, digest, speakers, kind, edits, data)
    if error:
        st.error(common.md(f"{upload.name}: {error}"))
        return None
    doc, cover = preview.document, preview.coverage
    st.caption(
        f"{len(doc.text):,} characters · {doc.meta.get('word_count', 0):,} words · "
        f"kind: {preview.kind} · speakers found by: {preview.preset or 'none'} · "
        f"{cover.percent:g}% of the text in speaker turns · "
        f"{len(doc.segments_of('paragraph'))} paragraphs"
        + (f" · converted from {doc.meta['markup']}" if doc.meta.get("markup") else "")
    )
    if doc.meta.get("encoding"):
        st.warning(
            common.md(
                f"{upload.name} is not UTF-8: read as {doc.meta['encoding']}. "
                "Check its accented letters and quotes below."
            )
        )
    if cover.warning:
        st.warning(cover.warning)
    with st.form(f"edits_{digest}"):
        paragraphs_only = st.checkbox("Paragraphs only (no speakers)", value=edits[0])
        labels = pd.DataFrame(
            [
                {
                    "label": label,
                    "turns": stats.turns,
                    "first line": stats.first_lines[0] if stats.first_lines else "",
                    "rename to": "",
                    "not a speaker": False,
                }
                for label, stats in cover.speakers.items()
            ],
            columns=["label", "turns", "first line", "rename to", "not a speaker"],
        )
        edited_labels = st.data_editor(
            labels, key=f"labels_{digest}", hide_index=True, width="stretch",
            disabled=["label", "turns", "first line"],
        )  # fmt: skip
        alias_rows = pd.DataFrame(
            [{"written": a, "resolved to": c, "undo": False} for a, c in preview.aliases],
            columns=["written", "resolved to", "undo"],
        )
        edited_aliases = (
            st.data_editor(
                alias_rows,
                key=f"aliases_{digest}",
                hide_index=True,
                disabled=["written", "resolved to"],
            )  # fmt: skip
            if len(alias_rows)
            else alias_rows
        )
        cols = st.columns(2)
        if cols[0].form_submit_button("Apply speaker changes"):
            st.session_state[key] = edits_from_tables(
                paragraphs_only,
                edited_labels.to_dict("records"),
                edited_aliases.to_dict("records"),
            )
            st.rerun()
        if cols[1].form_submit_button("Undo all changes", disabled=edits == NO_EDITS):
            st.session_state.pop(key, None)
            st.rerun()
    plan = {"name": upload.name, "data": data, "parsed": doc, "aliases": {},
            "affiliations": {}, "kind": preview.kind}  # fmt: skip
    alias_of = dict(preview.aliases)
    if doc.speakers:
        st.markdown(
            "Participants: give each label a participant name (two labels with one name are "
            "one person; blank for speakers you do not track) and confirm the organisation "
            "each speaks for."
        )
        people = pd.DataFrame(
            [
                {
                    "label": label,
                    "participant": default_participant(label, alias_of),
                    "organisation": preview.affiliations.get(label, ""),
                    "confirm": False,
                }
                for label in doc.speakers
            ]
        )
        edited = st.data_editor(
            people, key=f"speakers_{digest}_{speakers}_{edits}", hide_index=True,
            width="stretch", disabled=["label"],
            column_config={"participant": st.column_config.TextColumn("participant (name)")},
        )  # fmt: skip
        plan["aliases"], plan["affiliations"] = people_from_table(edited.to_dict("records"))
    else:
        st.info("No speaker labels: the document is split into paragraphs and sentences only.")
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


def run_import(
    plans: list[dict], organisation: str | None, kind: str | None, date: str | None
) -> None:
    project = common.project()
    project.backup(f"before importing {len(plans)} file(s)")
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
                kind=kind or plan.get("kind"),
                date=date,
                aliases=plan["aliases"],
                affiliations=plan.get("affiliations") or None,
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
