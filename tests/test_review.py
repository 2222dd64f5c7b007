"""Partner review rounds: what partners see, their answers, and what
researchers get back (summary, Word, CSV, a feedback document)."""

from __future__ import annotations

import csv
import io

import docx
import pytest

from qda.demo import create_demo
from qda.errors import AccessDenied, InvalidInput, NotFound

THEMES = ["Hierarchy", "Bonding/Present"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    project = create_demo(tmp_path_factory.mktemp("review") / "demo.sqlite")
    project.accounts.add_user("lead", "admin", "lead-password")
    project.accounts.add_user("pat", "partner", "pat-password", organisation="Food Network")
    project.accounts.add_user("sam", "partner", "sam-password", organisation="Tenants Forum")
    project.accounts.add_user("kim", "partner", "kim-password")
    project.accounts.add_user("ana", "coder", "ana-password")
    return project


def real_names(project) -> list[str]:
    names = []
    for row in project.exports.pseudonym_rows():
        names.append(row["real"])
        names += [v.strip() for v in (row["variants"] or "").split(";") if v.strip()]
    return [n for n in names if len(n) > 3]


def all_text(shown: dict) -> str:
    parts = [shown["title"]]
    for t in shown["themes"]:
        parts += [t["name"], t["definition"], t["raised"]]
        parts += [q["text"] + " " + q["attribution"] for q in t["quotes"]]
    return "\n".join(parts)


def test_partners_see_the_snapshot_pseudonymised_and_only_rounds_shared(demo):
    guid = demo.review.open_round("Interim themes", THEMES, partners=["pat", "sam"])
    other = demo.review.open_round("Board only", ["Hierarchy"], partners=["kim"])
    pat = demo.as_user("pat")
    assert [r["title"] for r in pat.review.rounds()] == ["Interim themes"]
    assert "audience" not in pat.review.rounds()[0]
    shown = pat.review.round(guid)
    assert [t["name"] for t in shown["themes"]] == THEMES
    assert [len(t["quotes"]) for t in shown["themes"]] == [3, 3]
    theme = demo.exports.workshop_themes(["Hierarchy"])[0]
    assert (theme.organisations_raised, theme.organisations_total) == (4, 7)
    assert shown["themes"][0]["raised"] == "Raised by 4 of 7 organisations"
    text = all_text(shown)
    leaked = [n for n in real_names(demo) if n.lower() in text.lower()]
    assert leaked == []
    with pytest.raises(NotFound, match=f"^no review round '{other}'$"):
        pat.review.round(other)
    # a partner cannot reach anything else of the project
    with pytest.raises(AccessDenied):
        pat.review.responses(guid)
    with pytest.raises(AccessDenied):
        pat.exports.excerpts()
    demo.review.close_round(other)


def test_answers_replace_earlier_ones_and_stay_private(demo):
    guid = demo.review.open_round("Second round", THEMES)
    shown = demo.as_user("pat").review.round(guid)
    theme, quote = shown["themes"][0]["guid"], shown["themes"][0]["quotes"][0]["guid"]
    pat, sam = demo.as_user("pat"), demo.as_user("sam")
    pat.review.respond(guid, theme, "partly", "Rings true for the bigger charities")
    pat.review.respond(guid, theme, "agree", "Yes, this is us", coder="sam")  # acts as pat
    pat.review.respond(guid, quote, "disagree", "=1+1 not how we would put it")
    sam.review.respond(guid, theme, "agree", "")
    sam.review.propose_theme(guid, "Volunteer burnout", "People leave after a year")
    assert pat.review.round(guid)["mine"] == {
        theme: {"vote": "agree", "comment": "Yes, this is us"},
        quote: {"vote": "disagree", "comment": "=1+1 not how we would put it"},
    }
    assert sam.review.round(guid)["mine"] == {theme: {"vote": "agree", "comment": ""}}
    assert pat.review.round(guid)["proposals"] == []
    with pytest.raises(InvalidInput, match="^vote: one of agree, partly, disagree, not 'maybe'$"):
        pat.review.respond(guid, theme, "maybe")
    with pytest.raises(NotFound, match="^target: no theme or quote 'nope' in this round$"):
        pat.review.respond(guid, "nope", "agree")
    with pytest.raises(AccessDenied, match="only partner accounts"):
        demo.as_user("lead").review.respond(guid, theme, "agree")

    summary = demo.as_user("ana").review.responses(guid)
    first = summary["targets"][0]
    assert (first["kind"], first["theme"], first["agree"], first["partly"], first["disagree"]) == (
        "theme",
        "Hierarchy",
        2,
        0,
        0,
    )
    assert [(c["partner"], c["organisation"], c["vote"]) for c in first["comments"]] == [
        ("pat", "Food Network", "agree"),
        ("sam", "Tenants Forum", "agree"),
    ]
    assert summary["organisations"] == [
        {"organisation": "Food Network", "partners": 1, "agree": 1, "partly": 0, "disagree": 1},
        {"organisation": "Tenants Forum", "partners": 1, "agree": 1, "partly": 0, "disagree": 0},
    ]
    assert summary["proposals"] == [
        {
            "partner": "sam",
            "organisation": "Tenants Forum",
            "name": "Volunteer burnout",
            "description": "People leave after a year",
        }
    ]
    assert summary["answers"] == 3


def test_exports_and_the_feedback_document(demo, tmp_path):
    guid = demo.review.open_round("Third round", ["Hierarchy"], quotes_per_theme=1)
    theme = demo.review.round(guid)["themes"][0]["guid"]
    demo.review.respond(guid, theme, "disagree", "Not in our\ncorner of the sector", coder="pat")
    demo.review.propose_theme(guid, "Trust", coder="kim")
    out = tmp_path / "responses.docx"
    assert demo.review.export_responses(guid, out) == {"answers": 1, "proposals": 1}
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "The theme: 0 agree, 0 partly agree, 1 disagree." in paragraphs
    assert "pat (Food Network, disagree): Not in our\ncorner of the sector" in paragraphs
    assert "kim ((no organisation)): Trust" in paragraphs
    table = tmp_path / "responses.csv"
    demo.review.export_responses(guid, table, "csv")
    rows = list(csv.reader(io.StringIO(table.read_bytes().decode("utf-8-sig"), newline="")))
    assert rows[0] == ["kind", "theme", "text", "partner", "organisation", "vote", "comment"]
    assert rows[1][3:] == ["pat", "Food Network", "disagree", "Not in our\ncorner of the sector"]
    assert rows[2] == ["proposal", "Trust", "", "kim", "(no organisation)", "", ""]

    doc = demo.review.import_responses(guid)
    assert doc["name"] == "Review feedback - Third round"
    turns = demo.corpus.segments(doc["guid"], "turn")
    assert [(t["speaker"], t["text"]) for t in turns] == [
        ("pat", "[disagree] on the theme Hierarchy: Not in our corner of the sector"),
        ("kim", "[proposes a theme] Trust"),
    ]
    assert demo.corpus.document_text(doc["guid"]) == (
        "pat: [disagree] on the theme Hierarchy: Not in our corner of the sector\n\n"
        "kim: [proposes a theme] Trust"
    )


def test_closed_rounds_vanish_for_partners(demo):
    guid = demo.review.open_round("Closing round", ["Hierarchy"])
    demo.review.close_round(guid)
    pat = demo.as_user("pat")
    assert "Closing round" not in [r["title"] for r in pat.review.rounds()]
    with pytest.raises(NotFound):
        pat.review.round(guid)
    assert demo.review.rounds()[0]["status"] == "closed"
    with pytest.raises(InvalidInput, match="^codes: choose at least one theme"):
        demo.review.open_round("Empty", [])
    with pytest.raises(NotFound, match="^partners: no partner account 'ana'$"):
        demo.review.open_round("Wrong", ["Hierarchy"], partners=["ana"])


def test_cli_open_list_responses_export(tmp_path, capsys):
    from qda.cli import main

    path = tmp_path / "cli.sqlite"
    project = create_demo(path)
    project.accounts.add_user("lead", "admin", "lead-password")
    project.accounts.add_user("pat", "partner", "pat-password", organisation="Food Network")
    assert (
        main(
            [
                "review",
                "open",
                str(path),
                "--title",
                "Round A",
                "--codes",
                "Hierarchy",
                "--quotes",
                "1",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    guid = out.split()[3]
    assert out == (f"opened review round {guid} (1 theme(s), shared with every partner account)\n")
    theme = project.review.round(guid)["themes"][0]["guid"]
    project.review.respond(guid, theme, "agree", "", coder="pat")
    assert main(["review", "responses", str(path), "Round A"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["kind", "theme", "agree", "partly", "disagree", "comments"]
    assert lines[1].split() == ["theme", "Hierarchy", "1", "0", "0", "0"]
    assert main(["review", "export", str(path), "Round A", str(tmp_path / "r.csv")]) == 0
    assert capsys.readouterr().out == f"wrote {tmp_path / 'r.csv'}: 1 answers, 0 proposed themes\n"
    assert main(["review", "export", str(path), "Round A", str(tmp_path / "r.txt")]) == 1
    assert capsys.readouterr().err == (
        f"error: {tmp_path / 'r.txt'}: the output must end in .docx or .csv\n"
    )
    assert main(["review", "close", str(path), guid]) == 0
    assert project.review.rounds()[0]["status"] == "closed"
