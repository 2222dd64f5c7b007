"""The exports facade: the pseudonym key, excerpts and every export, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from lxml import etree

from exports.model import Excerpt
from qda.errors import InvalidInput, NotFound
from tests.exports.docx_text import W, csv_cells, docx_texts, leaks, xlsx_cells

INTERVIEW = (
    "Interviewer: How did the funding change?\n\n"
    "Sarah: When the grant ended Sarah's team had to bid. Hope Street Trust lost two contracts.\n\n"
    "Interviewer: And now?\n\n"
    "Sarah: Jones is my name, and we keep going.\n"
)
FOCUS = (
    "Facilitator: Who helps you?\n\n"
    "Sarah: The volunteers at Hope Street do.\n\n"
    "David: Riverside Food Bank shares a van with Sarah's lot.\n\n"
    "Facilitator: Anyone else?\n\n"
    "Sarah: No.\n\n"
    "David: No.\n"
)
REAL = ["Sarah Jones", "Sarah", "Jones", "David Okafor", "David", "Okafor", "Hope Street Trust"]
REAL += ["Hope Street", "Riverside Food Bank", "Riverside"]


def _span(text: str, fragment: str) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


@pytest.fixture
def study(project):
    p = project
    p.cases.add_organisation("Hope Street Trust", pseudonym="Organisation 4")
    p.cases.set_attribute("Hope Street Trust", "stakeholder group", "VCSE")
    p.cases.set_attribute("Hope Street Trust", "sector", "Housing")
    p.cases.add_organisation("Riverside Food Bank", pseudonym="Organisation 2")
    p.cases.set_attribute("Riverside Food Bank", "sector", "Food")
    p.cases.add_participant(
        "Sarah Jones", pseudonym="Interviewee G", organisation="Hope Street Trust"
    )
    p.cases.add_participant(
        "David Okafor",
        pseudonym="Interviewee B",
        role="Volunteer; quoted as Participant from food aid",
        organisation="Riverside Food Bank",
    )
    interview = p.corpus.import_file(
        "sarah.txt",
        INTERVIEW.encode(),
        name="Interview 1",
        organisation="Hope Street Trust",
        date="2024-01-23",
        aliases={"Sarah": "Sarah Jones", "Interviewer": None},
    )["guid"]
    focus = p.corpus.import_file(
        "focus.txt",
        FOCUS.encode(),
        name="Focus group",
        kind="focus group",
        aliases={"Sarah": "Sarah Jones", "David": "David Okafor", "Facilitator": None},
    )["guid"]
    p.codebook.add_code("Funding", definition="Where money comes from.")
    p.codebook.add_code("Grants", parent="Funding")
    p.codebook.add_code("Bonding")
    s, e = _span(INTERVIEW, "When the grant ended Sarah's team had to bid.")
    grant_ana = p.coding.apply_code("Funding/Grants", "ana", document=interview, start=s, end=e)
    grant_ben = p.coding.apply_code(
        "Funding/Grants", "ben", document=interview, start=s, end=e, memo="Ask Sarah Jones."
    )
    s, e = _span(FOCUS, "Riverside Food Bank shares a van")
    van = p.coding.apply_code("Bonding", "ana", document=focus, start=s, end=e)
    s, e = _span(FOCUS, "Who helps you?")
    question = p.coding.apply_code("Funding", "ben", document=focus, start=s, end=e)
    return {
        "p": p,
        "interview": interview,
        "focus": focus,
        "codings": {"grant_ana": grant_ana, "grant_ben": grant_ben, "van": van, "q": question},
    }


def _row(e: Excerpt) -> tuple:
    return (
        e.code_path,
        e.text,
        e.context,
        e.speaker,
        e.participant_pseudonym,
        e.group_label,
        e.organisation,
        e.organisation_pseudonym,
        e.coder,
        e.start,
        e.end,
    )


def test_excerpts_exact(study):
    p = study["p"]
    found = p.exports.excerpts()
    assert [_row(e) for e in found] == [
        (
            "Funding/Grants",
            "When the grant ended Sarah's team had to bid.",
            "When the grant ended Sarah's team had to bid. Hope Street Trust lost two contracts.",
            "Sarah Jones",
            "Interviewee G",
            "Participant from VCSE",
            "Hope Street Trust",
            "Organisation 4",
            "ana",
            49,
            94,
        ),
        (
            "Funding/Grants",
            "When the grant ended Sarah's team had to bid.",
            "When the grant ended Sarah's team had to bid. Hope Street Trust lost two contracts.",
            "Sarah Jones",
            "Interviewee G",
            "Participant from VCSE",
            "Hope Street Trust",
            "Organisation 4",
            "ben",
            49,
            94,
        ),
        ("Funding", "Who helps you?", "Who helps you?", "Facilitator")
        + (None, None, None, None, "ben", 13, 27),
        (
            "Bonding",
            "Riverside Food Bank shares a van",
            "Riverside Food Bank shares a van with Sarah's lot.",
            "David Okafor",
            "Interviewee B",
            "Participant from food aid",
            "Riverside Food Bank",  # the speaker's organisation; the focus group has none
            "Organisation 2",
        )
        + ("ana", 78, 110),
    ]
    assert found[1].memo == "Ask Sarah Jones."
    assert found[0].attributes == {"stakeholder group": "VCSE", "sector": "Housing"}
    assert found[3].attributes == {"sector": "Food"}
    assert (found[0].document_name, found[0].document_kind, found[0].document_date) == (
        "Interview 1",
        "interview",
        "2024-01-23",
    )
    assert found[0].coding == study["codings"]["grant_ana"]


def test_excerpt_filters(study):
    p = study["p"]
    assert [e.code_path for e in p.exports.excerpts(codes=["Funding"])] == [
        "Funding/Grants",
        "Funding/Grants",
        "Funding",
    ]
    assert [e.coder for e in p.exports.excerpts(codes=["Grants"], coders=["ben"])] == ["ben"]
    assert [e.coding for e in p.exports.excerpts(organisations=["Organisation 2"])] == [
        study["codings"]["van"]
    ]
    assert [
        e.coding for e in p.exports.excerpts(attribute_filters={"sector": ["housing", "x"]})
    ] == [
        study["codings"]["grant_ana"],
        study["codings"]["grant_ben"],
    ]
    assert len(p.exports.excerpts(documents=["Focus group"])) == 2
    with pytest.raises(NotFound):
        p.exports.excerpts(codes=["Nope"])


def test_pseudonym_key_from_register_and_table(study):
    p = study["p"]
    entries = {
        e.real: (e.pseudonym, e.kind, e.accepted, e.variants)
        for e in p.exports.pseudonym_key().entries
    }
    assert entries == {
        "Hope Street Trust": ("Organisation 4", "organisation", True, ("Hope Street",)),
        "Riverside Food Bank": ("Organisation 2", "organisation", True, ("Riverside",)),
        "David Okafor": ("Interviewee B", "person", True, ("David", "Okafor")),
        "Sarah Jones": ("Interviewee G", "person", True, ("Sarah", "Jones")),
    }
    p.exports.set_pseudonym("Sarah", "[rejected]", "person", accepted=False)
    p.exports.set_pseudonym("Brindle Heath", "[area]", "place")
    key = p.exports.pseudonym_key()
    assert key.apply("Sarah Jones and Sarah walked to Brindle Heath.") == (
        "Interviewee G and Sarah walked to [area]."
    )
    assert p.exports.pseudonyms() == [
        {"real": "Sarah", "pseudonym": "[rejected]", "kind": "person", "accepted": False},
        {"real": "Brindle Heath", "pseudonym": "[area]", "kind": "place", "accepted": True},
    ]
    p.exports.set_pseudonym("Sarah Jones", "Participant 7")  # the researcher's entry wins
    assert p.exports.pseudonym_key().apply("Sarah Jones said") == "Participant 7 said"
    p.exports.remove_pseudonym("Sarah")
    assert p.exports.pseudonym_key().apply("Sarah said") == "Participant 7 said"  # variants follow
    with pytest.raises(NotFound, match="no pseudonym entry for 'Sarah'"):
        p.exports.remove_pseudonym("Sarah")


def test_pseudonym_entry_errors_name_the_entry(study):
    p = study["p"]
    with pytest.raises(InvalidInput, match=r"^Sarah: the pseudonym 'Sarah J' still contains"):
        p.exports.set_pseudonym("Sarah", "Sarah J")
    with pytest.raises(InvalidInput, match=r"^Sarah: kind 'pet' is not person"):
        p.exports.set_pseudonym("Sarah", "X", "pet")
    with pytest.raises(InvalidInput, match=r"^Sarah: an accepted entry needs a pseudonym"):
        p.exports.set_pseudonym("Sarah", " ")
    assert p.exports.pseudonyms() == []


def test_participant_without_pseudonym_is_still_hidden(study):
    p = study["p"]
    p.cases.add_participant("Maureen Tully", organisation="Hope Street Trust")
    assert p.exports.pseudonymise_text("Maureen Tully and Maureen") == "[name] and [name]"


def test_suggestions_leave_out_names_in_the_key(study):
    p = study["p"]
    p.corpus.import_file("notes.txt", b"Notes\n\nWe met Bob McDonald and Sarah at Calder House.\n")
    found = {(s.text, s.kind, s.count) for s in p.exports.pseudonym_suggestions()}
    assert found == {("Bob McDonald", "person", 1), ("Calder House", "place", 1)}


def test_csv_excerpts_exact_and_real_names_only_on_request(study, tmp_path):
    p = study["p"]
    out = tmp_path / "excerpts.csv"
    assert p.exports.export_excerpts(out)["excerpts"] == 4
    rows = csv_cells(out.read_bytes())
    assert rows[0] == [
        "code_path",
        "document",
        "document_kind",
        "date",
        "speaker",
        "organisation",
        "coder",
        "start",
        "end",
        "text",
        "memo",
        "sector",
        "stakeholder group",
    ]
    assert rows[2] == [
        "Funding/Grants",
        "Interview 1",
        "interview",
        "2024-01-23",
        "Interviewee G",
        "Organisation 4",
        "ben",
        "49",
        "94",
        "When the grant ended Interviewee G's team had to bid.",
        "Ask Interviewee G.",
        "Housing",
        "VCSE",
    ]
    assert rows[3][4:6] == ["", ""]  # the facilitator is nobody's participant
    assert leaks([c for r in rows for c in r], REAL) == []
    p.exports.export_excerpts(out, "csv", pseudonymise=False)
    real = csv_cells(out.read_bytes())
    assert real[2][4:6] == ["Sarah Jones", "Hope Street Trust"]
    assert real[2][9] == "When the grant ended Sarah's team had to bid."


def test_xlsx_and_matrix(study, tmp_path):
    p = study["p"]
    p.exports.export_excerpts(tmp_path / "x.xlsx", "xlsx")
    cells = xlsx_cells((tmp_path / "x.xlsx").read_bytes())
    assert len(cells) == 5 and cells[4][4] == "Interviewee B"
    p.exports.export_matrix(tmp_path / "m.csv", "csv")
    assert csv_cells((tmp_path / "m.csv").read_bytes()) == [
        ["code_path", "Focus group", "Interview 1"],
        ["Bonding", "1", "0"],
        ["Funding", "1", "0"],
        ["Funding/Grants", "0", "2"],
    ]
    with pytest.raises(InvalidInput, match="table format 'pdf' is not csv or xlsx"):
        p.exports.export_matrix(tmp_path / "m.pdf", "pdf")


def test_key_csv_only_on_request(study, tmp_path):
    p = study["p"]
    p.exports.set_pseudonym("Calder House", "[building]", "place")
    p.exports.export_key(tmp_path / "key.csv")
    rows = csv_cells((tmp_path / "key.csv").read_bytes())
    assert rows[0] == ["real", "pseudonym", "kind", "accepted", "variants", "source"]
    assert ["Calder House", "[building]", "place", "yes", "", "key"] in rows
    assert ["Sarah Jones", "Interviewee G", "person", "yes", "Sarah; Jones", "register"] in rows


def test_word_report_pseudonymised_one_quote_per_passage(study, tmp_path):
    p = study["p"]
    out = tmp_path / "report.docx"
    result = p.exports.export_docx(out, include_context=True)
    assert result["excerpts"] == 3  # the two coders' identical passage is quoted once
    texts = docx_texts(out.read_bytes())
    assert leaks(texts, REAL) == []
    assert texts.count("When the grant ended Interviewee G's team had to bid.") == 1
    assert "Memo: Ask Interviewee G." in texts
    assert "\u2014 Interviewee B, Organisation 2 \u00b7 Focus group" in texts
    p.exports.export_docx(out, pseudonymise=False)
    assert "When the grant ended Sarah's team had to bid." in docx_texts(out.read_bytes())


def test_word_report_selected_codes_and_order(study, tmp_path):
    p = study["p"]
    out = io.BytesIO()
    assert p.exports.export_docx(out, codes=["Bonding"], by="document")["excerpts"] == 1
    texts = docx_texts(out.getvalue())
    assert "Bonding" in texts and "Funding" not in texts
    with pytest.raises(InvalidInput, match="order 'date' is not organisation or document"):
        p.exports.export_docx(io.BytesIO(), by="date")


def test_workshop_quotes_chosen_by_the_researcher(study, tmp_path):
    p = study["p"]
    funding = p.codebook.find_code("Funding")["guid"]
    themes = p.exports.workshop_themes(["Funding", "Bonding"])
    assert [(t.name, t.organisations_raised, t.organisations_total) for t in themes] == [
        ("Funding", 1, 2),
        ("Bonding", 1, 2),
    ]
    assert [e.coding for e in themes[0].excerpts] == [
        study["codings"]["grant_ana"],
        study["codings"]["q"],
    ]
    out = tmp_path / "pack.docx"
    p.exports.export_workshop(
        out, ["Funding", "Bonding"], quotes={funding: [study["codings"]["q"]]}
    )
    texts = docx_texts(out.read_bytes())
    assert "Who helps you?" in texts
    assert "When the grant ended Interviewee G's team had to bid." not in texts
    assert "Riverside Food Bank shares a van" not in texts
    assert "Organisation 2 shares a van" in texts  # picked automatically for Bonding
    assert "Raised by 1 of 2 organisations" in texts
    assert leaks(texts, REAL) == []


def _comments(data: bytes) -> list[tuple[str, str, str]]:
    """(anchored text, comment text, author) of every comment."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        notes = etree.fromstring(archive.read("word/comments.xml"))
    texts = {
        c.get(f"{W}id"): (
            " / ".join("".join(p.itertext()) for p in c.iter(f"{W}p")),
            c.get(f"{W}author"),
        )
        for c in notes.iter(f"{W}comment")
    }
    open_ids: dict[str, list[str]] = {}
    anchored: dict[str, str] = {}
    for el in body.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}t"):
        if el.tag == f"{W}commentRangeStart":
            open_ids[el.get(f"{W}id")] = []
        elif el.tag == f"{W}commentRangeEnd":
            anchored[el.get(f"{W}id")] = "".join(open_ids.pop(el.get(f"{W}id")))
        else:
            for parts in open_ids.values():
                parts.append(el.text or "")
    return sorted((anchored[i], *texts[i]) for i in anchored)


def test_annotated_comments_anchor_exactly(study, tmp_path):
    p = study["p"]
    out = tmp_path / "annotated.docx"
    assert p.exports.export_annotated("Interview 1", out)["codings"] == 2
    assert _comments(out.read_bytes()) == [
        ("When the grant ended Interviewee G's team had to bid.", "Funding/Grants", "ana"),
        (
            "When the grant ended Interviewee G's team had to bid.",
            "Funding/Grants / Ask Interviewee G.",
            "ben",
        ),
    ]
    assert leaks(docx_texts(out.read_bytes()), REAL) == []
    p.exports.export_annotated("Focus group", out, pseudonymise=False)
    assert ("Riverside Food Bank shares a van", "Bonding", "ana") in _comments(out.read_bytes())


def _annotated_body(data: bytes) -> tuple[list[str], list[str]]:
    """Paragraph texts of the annotated transcript after its title, and per
    paragraph its bold runs joined."""
    import docx

    paragraphs = docx.Document(io.BytesIO(data)).paragraphs[1:]
    return (
        [p.text for p in paragraphs],
        ["".join(r.text for r in p.runs if r.bold) for p in paragraphs],
    )


def test_annotated_paragraphs_and_labels_as_stored(study, tmp_path):
    p = study["p"]
    out = tmp_path / "annotated.docx"
    stored = [s["text"] for s in p.corpus.segments("Interview 1", "paragraph")]
    assert stored == [
        "Interviewer: How did the funding change?",
        "Sarah: When the grant ended Sarah's team had to bid. Hope Street Trust lost two "
        "contracts.",
        "Interviewer: And now?",
        "Sarah: Jones is my name, and we keep going.",
    ]
    p.exports.export_annotated("Interview 1", out, pseudonymise=False)
    assert _annotated_body(out.read_bytes()) == (
        stored,
        ["Interviewer:", "Sarah:", "Interviewer:", "Sarah:"],
    )
    p.exports.export_annotated("Interview 1", out)
    assert _annotated_body(out.read_bytes()) == (
        [
            "Interviewer: How did the funding change?",
            "Interviewee G: When the grant ended Interviewee G's team had to bid. "
            "Organisation 4 lost two contracts.",
            "Interviewer: And now?",
            "Interviewee G: Interviewee G is my name, and we keep going.",
        ],
        ["Interviewer:", "Interviewee G:", "Interviewer:", "Interviewee G:"],
    )
    assert leaks(docx_texts(out.read_bytes()), REAL) == []


def test_annotated_turns_starting_inside_a_block(study, tmp_path):
    p = study["p"]
    text = (
        "Notes from a phone call.\n"
        "Interviewer: Who helps you?\n"
        "Sarah: Hope Street Trust does.\n"
        "Interviewer: Anyone else?\n"
        "Sarah: No.\n"
    )
    doc = p.corpus.import_file(
        "call.txt", text.encode(), name="Call", aliases={"Sarah": "Sarah Jones"}
    )["guid"]
    s, e = _span(text, "Hope Street Trust does")
    p.coding.apply_code("Bonding", "ana", document=doc, start=s, end=e)
    s, e = _span(text, "Who helps you?\nSarah: Hope")
    p.coding.apply_code("Funding", "ben", document=doc, start=s, end=e)
    stored = [s["text"] for s in p.corpus.segments("Call", "paragraph")]
    assert stored == text.splitlines()
    out = tmp_path / "call.docx"
    p.exports.export_annotated("Call", out, pseudonymise=False)
    assert _annotated_body(out.read_bytes()) == (
        stored,
        ["", "Interviewer:", "Sarah:", "Interviewer:", "Sarah:"],
    )
    p.exports.export_annotated("Call", out)
    data = out.read_bytes()
    labels = ["", "Interviewer:", "Interviewee G:", "Interviewer:", "Interviewee G:"]
    assert _annotated_body(data)[1] == labels
    assert _comments(data) == [
        ("Organisation 4 does", "Bonding", "ana"),
        ("Who helps you?Interviewee G: Organisation 4", "Funding", "ben"),
    ]
    assert leaks(docx_texts(data), REAL) == []


def test_annotated_document_stored_without_paragraphs(study, tmp_path):
    from sqlalchemy import delete, select

    from qda.storage import schema

    p = study["p"]
    documents, segments = schema.documents.c, schema.segments.c
    with p.engine.begin() as conn:
        conn.execute(
            delete(schema.segments).where(
                segments.document_id.in_(
                    select(documents.id).where(documents.guid == study["focus"])
                ),
                segments.kind.in_(("paragraph", "sentence")),
            )
        )
    assert p.corpus.segments("Focus group", "paragraph") == []
    out = tmp_path / "focus.docx"
    p.exports.export_annotated("Focus group", out, pseudonymise=False)
    texts, bold = _annotated_body(out.read_bytes())
    assert texts == FOCUS.strip().split("\n\n")
    assert bold == ["Facilitator:", "Sarah:", "David:", "Facilitator:", "Sarah:", "David:"]
    assert ("Riverside Food Bank shares a van", "Bonding", "ana") in _comments(out.read_bytes())


def test_a_failed_export_leaves_nothing(study, tmp_path, monkeypatch):
    import exports.word

    p = study["p"]
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "report.docx"
    out.write_bytes(b"the previous export")

    def broken(excerpts, codes, fh, options):
        fh.write(b"PK half a file")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(exports.word, "write_excerpts_docx", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        p.exports.export_docx(out)
    assert out.read_bytes() == b"the previous export"
    with pytest.raises(RuntimeError):
        p.exports.export_docx(folder / "fresh.docx")
    assert sorted(os.listdir(folder)) == ["report.docx"]
