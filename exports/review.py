"""Partner review responses: summarised, written to Word and CSV, and turned
into a feedback transcript. Pure (rows in, documents out)."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import BinaryIO

from exports._docx import DocxWriter
from exports.tables import neutralise

VOTES = ("agree", "partly", "disagree")
VOTE_LABELS = {"agree": "agree", "partly": "partly agree", "disagree": "disagree", None: "no vote"}
NO_ORGANISATION = "(no organisation)"


def summarise(
    round_row: Mapping,
    themes: Sequence[Mapping],
    quotes: Sequence[Mapping],
    answers: Sequence[Mapping],
    proposals: Sequence[Mapping],
    organisations: Mapping[str, str | None],
) -> dict:
    """Votes and comments per theme and quote (in the round's order), votes
    per partner organisation, and the proposals."""
    by_target: dict[str, list[Mapping]] = defaultdict(list)
    for a in answers:
        by_target[a["target_guid"]].append(a)
    names = {t["guid"]: t["name"] for t in themes}
    order: list[tuple[str, str, str, str]] = []  # kind, guid, theme name, text
    for t in themes:
        order.append(("theme", t["guid"], t["name"], t["definition"]))
        for q in quotes:
            if q["theme"] == t["guid"]:
                order.append(("quote", q["guid"], t["name"], f"{q['text']} ({q['attribution']})"))
    targets = []
    for kind, guid, theme, text in order:
        given = by_target.get(guid, [])
        votes = Counter(a["vote"] for a in given)
        targets.append(
            {
                "kind": kind,
                "guid": guid,
                "theme": theme,
                "text": text,
                **{v: votes.get(v, 0) for v in VOTES},
                "comments": [
                    {
                        "partner": a["partner"],
                        "organisation": organisations.get(a["partner"]) or NO_ORGANISATION,
                        "vote": a["vote"],
                        "comment": a["comment"],
                    }
                    for a in given
                ],
            }
        )
    per_org: dict[str, dict] = {}
    for a in answers:
        org = organisations.get(a["partner"]) or NO_ORGANISATION
        entry = per_org.setdefault(
            org, {"organisation": org, "partners": set(), **dict.fromkeys(VOTES, 0)}
        )
        entry["partners"].add(a["partner"])
        if a["vote"] in VOTES:
            entry[a["vote"]] += 1
    by_organisation = [{**e, "partners": len(e["partners"])} for _, e in sorted(per_org.items())]
    return {
        "guid": round_row["guid"],
        "title": round_row["title"],
        "status": round_row["status"],
        "answers": len(answers),
        "targets": targets,
        "organisations": by_organisation,
        "proposals": [
            {
                "partner": p["partner"],
                "organisation": organisations.get(p["partner"]) or NO_ORGANISATION,
                "name": p["name"],
                "description": p["description"],
            }
            for p in proposals
        ],
        "theme_names": names,
    }


def write_docx(summary: Mapping, out: BinaryIO, when: date | None = None) -> None:
    """A Word report of the responses: per theme its votes and comments,
    then its quotes', then the proposed themes and the votes by organisation."""
    w = DocxWriter()
    w.title_page(
        f"Partner review: {summary['title']}",
        f"{summary['answers']} answers",
        when or date.today(),
        [],
    )
    for t in summary["targets"]:
        if t["kind"] == "theme":
            w.heading(t["theme"], 1)
            if t["text"]:
                w.paragraph(t["text"], italic=True)
            label = "The theme"
        else:
            w.paragraph(t["text"], "Quote")
            label = "This quote"
        counts = ", ".join(f"{t[v]} {VOTE_LABELS[v]}" for v in VOTES)
        w.paragraph(f"{counts}.", bold_prefix=f"{label}: ")
        for c in t["comments"]:
            if c["comment"]:
                w.paragraph(
                    c["comment"],
                    bold_prefix=f"{c['partner']} ({c['organisation']}, {VOTE_LABELS[c['vote']]}): ",
                )
    if summary["proposals"]:
        w.heading("Themes partners proposed", 1)
        for p in summary["proposals"]:
            text = p["name"] + (f": {p['description']}" if p["description"] else "")
            w.paragraph(text, bold_prefix=f"{p['partner']} ({p['organisation']}): ")
    if summary["organisations"]:
        w.heading("Votes by partner organisation", 1)
        w.table(
            ["organisation", "partners", *VOTES],
            [
                [o["organisation"], str(o["partners"]), *(str(o[v]) for v in VOTES)]
                for o in summary["organisations"]
            ],
        )
    w.save(out)


CSV_COLUMNS = ["kind", "theme", "text", "partner", "organisation", "vote", "comment"]


def csv_rows(summary: Mapping) -> list[list[str]]:
    rows = []
    for t in summary["targets"]:
        for c in t["comments"]:
            rows.append(
                [
                    t["kind"],
                    t["theme"],
                    t["text"],
                    c["partner"],
                    c["organisation"],
                    c["vote"] or "",
                    c["comment"],
                ]
            )
    for p in summary["proposals"]:
        rows.append(
            ["proposal", p["name"], p["description"], p["partner"], p["organisation"], "", ""]
        )
    return rows


def write_csv(summary: Mapping, out: BinaryIO) -> None:
    """One row per answer and per proposal; every cell spreadsheet-safe and
    line breaks inside cells quoted."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    for row in [CSV_COLUMNS, *csv_rows(summary)]:
        writer.writerow([neutralise(cell) for cell in row])
    out.write(text.getvalue().encode("utf-8-sig"))


def speaker_label(partner: str) -> str:
    """A partner's name as a speaker label of the feedback transcript."""
    return " ".join(partner.replace(":", " ").split())


def speaker_labels(summary: Mapping) -> list[str]:
    names = {c["partner"] for t in summary["targets"] for c in t["comments"]}
    names |= {p["partner"] for p in summary["proposals"]}
    return sorted({speaker_label(n) for n in names}, key=len, reverse=True)


def feedback_text(summary: Mapping) -> str:
    """The responses as a transcript: one turn per answer and per proposal,
    each saying what it answers ("PARTNER: [vote] on the theme X: comment"),
    so that every turn can be coded on its own."""
    turns = []
    for t in summary["targets"]:
        if t["kind"] == "theme":
            about = f"on the theme {t['theme']}"
        else:
            about = f"on a quote under {t['theme']} ({t['text']})"
        for c in t["comments"]:
            said = f"{about}: {c['comment']}" if c["comment"] else about
            turns.append(f"{speaker_label(c['partner'])}: [{VOTE_LABELS[c['vote']]}] {said}")
    for p in summary["proposals"]:
        body = p["name"] + (f": {p['description']}" if p["description"] else "")
        turns.append(f"{speaker_label(p['partner'])}: [proposes a theme] {body}")
    return "\n\n".join(" ".join(turn.split()) for turn in turns)
