"""Suggestions through the facade, on a small project coded by hand
(tests/suggest_fixture.py): rules, more like this, the model, themes, and
accepting/rejecting with undo, audit and origin."""

from __future__ import annotations

import pytest

from qda.errors import InvalidInput
from tests.suggest_fixture import INTERVIEWS, build


@pytest.fixture
def coded(project):
    return project, build(project)


def answer_turn(project, doc, n):
    turns = [
        t for t in project.corpus.segments(doc["guid"], "turn") if t["speaker"] == "Participant"
    ]
    return turns[n]


def test_default_unit_is_where_the_codings_are(coded):
    project, _ = coded
    assert project.suggestions.default_unit() == "turn"


def test_rule_hits_on_lemmas_leave_out_coded_passages(coded):
    project, built = coded
    project.codebook.update_code("Isolation", keywords=["alone", "isolate"])
    hits = project.suggestions.rule_hits(codes=["Isolation"])
    # every "alone"/"isolated" answer is coded Isolation already except the
    # funding bid shared by clubs ("any of us alone") in interview 2
    assert [(h["document_name"], h["reason"], h["text"]) for h in hits] == [
        ("interview2", "alone", INTERVIEWS[1][1][5][0]),
    ]
    [hit] = hits
    turn = answer_turn(project, built["documents"][1], 5)
    assert (hit["segment"], hit["start"], hit["end"]) == (turn["guid"], turn["start"], turn["end"])
    text = project.corpus.document_text(built["documents"][1]["guid"])
    [(a, b, term)] = hit["matches"]
    assert (text[a:b], term) == ("alone", "alone")
    assert hit["context"][1] == "alone"


def test_rule_pattern_and_speaker_condition(coded):
    project, _ = coded
    project.suggestions.set_rule("Networks", pattern=r"\bvolunteers?\b", speakers=["participant"])
    hits = project.suggestions.rule_hits(codes=["Networks"])
    assert [h["text"] for h in hits] == [INTERVIEWS[0][1][4][0]]
    [rule] = [r for r in project.suggestions.rules() if r["path"] == "Networks"]
    assert (rule["pattern"], rule["speakers"], rule["organisations"]) == (
        r"\bvolunteers?\b",
        ["participant"],
        [],
    )
    project.suggestions.set_rule("Networks", pattern=r"\bvolunteers?\b", speakers=["Interviewer"])
    assert project.suggestions.rule_hits(codes=["Networks"]) == []
    with pytest.raises(InvalidInput, match=r"^pattern: not a valid regular expression"):
        project.suggestions.set_rule("Networks", pattern="(oops")


def test_accept_codes_through_apply_code_with_origin_audit_and_undo(coded):
    project, _ = coded
    project.codebook.update_code("Isolation", keywords=["alone"])
    [hit] = project.suggestions.rule_hits(codes=["Isolation"])
    before = len(project.coding.codings())
    guid = project.suggestions.accept(hit, "ben")
    rows = project.coding.codings(code="Isolation", coder="ben")
    assert [(r["guid"], r["start"], r["end"]) for r in rows] == [(guid, hit["start"], hit["end"])]
    assert project.suggestions.origins() == {guid: "rules"}
    [decision] = project.suggestions.decisions()
    assert (decision["decision"], decision["coder"], decision["suggester"], decision["coding"]) == (
        "accepted",
        "ben",
        "rules",
        guid,
    )
    assert decision["reason"] == "alone"
    assert project.history(1)[0]["summary"].endswith("(accepted rules suggestion)")
    assert project.suggestions.rule_hits(codes=["Isolation"]) == []  # coded now
    project.undo("ben")
    assert len(project.coding.codings()) == before
    assert len(project.suggestions.rule_hits(codes=["Isolation"])) == 1  # offered again


def test_rejected_suggestions_are_not_offered_again(coded):
    project, _ = coded
    project.codebook.update_code("Isolation", keywords=["alone"])
    [hit] = project.suggestions.rule_hits(codes=["Isolation"])
    project.suggestions.reject(hit, "ben")
    assert project.suggestions.rule_hits(codes=["Isolation"]) == []
    [decision] = project.suggestions.decisions()
    assert (decision["decision"], decision["coding"]) == ("rejected", None)
    with pytest.raises(InvalidInput, match="^suggester: 'magic' is not one of"):
        project.suggestions.reject({**hit, "suggester": "magic"}, "ben")


def test_more_like_this_from_a_coding(coded):
    project, built = coded
    turn = answer_turn(project, built["documents"][2], 0)  # "Every grant application ..."
    [coding] = [c for c in project.coding.codings(code="Funding") if c["segment"] == turn["guid"]]
    found = project.suggestions.more_like_this(coding=coding["guid"], top=3)
    assert len(found) == 3
    assert all(f["path"] == "Funding" and f["suggester"] == "similar" for f in found)
    coded_funding = {c["segment"] for c in project.coding.codings(code="Funding")}
    assert not coded_funding & {f["segment"] for f in found}
    best = found[0]
    assert best["score"] >= found[1]["score"] >= found[2]["score"]
    for a, b in best["highlights"]:
        assert best["text"][a:b].lower() in {w for term in best["shared"] for w in [term]}


def test_model_metrics_and_suggestions_for_a_text(coded):
    project, _ = coded
    rows = project.suggestions.train()
    assert [(r["path"], r["examples"], r["trained"]) for r in rows] == [
        ("Funding", 11, True),
        ("Networks", 9, True),
        ("Isolation", 8, True),
    ]
    assert all(0 <= r["precision"] <= 1 and 0 <= r["recall"] <= 1 for r in rows)
    info = project.suggestions.model_info()
    assert info["unit"] == "turn" and info["examples"] == 64
    text = (
        "Interviewer: And money?\n\nParticipant: The grant and the contract money ran out again.\n"
    )
    found = project.suggestions.suggest(text=text, threshold=0.0, top=3)
    assert found[0]["path"] == "Funding"
    assert (found[0]["start"], found[0]["end"]) == (
        text.index("The grant"),
        text.index("again.") + len("again."),
    )
    assert "grant" in found[0]["reason"] or "money" in found[0]["reason"]
    teach = project.suggestions.teach(top=5)
    doubts = [abs(t["score"] - 0.5) for t in teach]
    assert len(teach) == 5 and doubts == sorted(doubts)


def test_themes_and_a_theme_becomes_a_code(coded):
    project, _ = coded
    themes = project.suggestions.themes(k=2, scope="all")
    assert [t["number"] for t in themes] == [1, 2]
    assert sum(t["size"] for t in themes) <= 64
    first = themes[0]
    assert first["passages"] and all(p["suggester"] == "themes" for p in first["passages"])
    code, suggestions = project.suggestions.theme_to_code(first, name="Emerging one", coder="ana")
    assert project.codebook.find_code("Emerging one")["keywords"] == first["words"][:5]
    assert [s["code"] for s in suggestions] == [code] * len(first["passages"])
    guid = project.suggestions.accept(suggestions[0], "ana")
    assert project.suggestions.origins([guid]) == {guid: "themes"}
    with pytest.raises(InvalidInput, match=r"^k: the number of themes must be 1 to 50"):
        project.suggestions.themes(k=0)


def test_exports_show_a_coding_began_as_a_suggestion(coded, tmp_path):
    import csv

    from docx import Document

    project, _ = coded
    project.codebook.update_code("Isolation", keywords=["alone"])
    [hit] = project.suggestions.rule_hits(codes=["Isolation"])
    guid = project.suggestions.accept(hit, "ben")
    out = tmp_path / "excerpts.csv"
    project.exports.export_excerpts(out, "csv", codes=["Isolation"], pseudonymise=False)
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    origins = [(r["coder"], r["origin"], int(r["start"])) for r in rows]
    assert origins.count(("ben", "rules", hit["start"])) == 1
    assert {o for _, o, _ in origins} == {"rules", ""}
    docx = tmp_path / "report.docx"
    project.exports.export_docx(docx, codes=["Isolation"], pseudonymise=False)
    lines = [p.text for p in Document(str(docx)).paragraphs]
    assert sum("coded from a rules suggestion" in line for line in lines) == 1
    assert guid in project.suggestions.origins()


def test_accepting_what_the_coder_coded_already_claims_no_origin(coded):
    project, built = coded
    turn = answer_turn(project, built["documents"][0], 4)  # "The volunteers ..." (uncoded)
    mine = project.coding.apply_code("Networks", "ana", segment=turn["guid"])
    suggestion = {
        "suggester": "similar",
        "code": built["codes"]["Networks"],
        "document": built["documents"][0]["guid"],
        "segment": turn["guid"],
        "start": turn["start"],
        "end": turn["end"],
        "score": 0.4,
        "reason": "volunteers",
    }
    assert project.suggestions.accept(suggestion, "ana") == mine
    assert project.suggestions.origins() == {}
    [decision] = project.suggestions.decisions()
    assert (decision["decision"], decision["coding"]) == ("accepted", None)
