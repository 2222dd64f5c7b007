import io
from datetime import date

import docx

from exports.model import Excerpt
from exports.workshop import (
    DEFAULT_QUESTIONS,
    Theme,
    WorkshopOptions,
    pick_quotes,
    write_workshop_pack,
)
from tests.exports.export_fixtures import bar_chart_png, leaked_names, make_excerpts, make_key


def quote(n: int, organisation: str | None, length: int, text: str | None = None) -> Excerpt:
    return Excerpt(
        coding=f"q{n}",
        code="c",
        code_path="Theme",
        text=text or "x" * length,
        document=f"d{n}",
        document_name=f"Doc {n}",
        organisation=organisation,
    )


def test_default_quotes_are_distinct_medium_and_from_different_organisations():
    excerpts = [
        quote(1, "A", 20),  # too short
        quote(2, "A", 150),
        quote(3, "A", 160),  # same organisation as q2
        quote(4, "B", 500),  # too long
        quote(5, "C", 200, text="x" * 150),  # same text as q2
        quote(6, "D", 290),
        quote(7, "B", 310),
    ]
    assert [e.coding for e in pick_quotes(excerpts)] == ["q2", "q6", "q7"]
    # organisations run out: fall back to other medium quotes, still distinct
    assert [e.coding for e in pick_quotes(excerpts, n=5)] == ["q2", "q6", "q7", "q3", "q1"]


def test_chosen_quotes_are_respected_in_order():
    excerpts = make_excerpts()
    assert [e.coding for e in pick_quotes(excerpts, chosen=["k5", "k1", "missing"])] == ["k5", "k1"]


def build(themes, **kw) -> bytes:
    out = io.BytesIO()
    write_workshop_pack(themes, out, WorkshopOptions(key=make_key(), date=date(2024, 3, 1), **kw))
    return out.getvalue()


def test_pack_layout():
    excerpts = make_excerpts()
    themes = [
        Theme(
            "c-grants",
            "Grants to contracts",
            "Money moves to contracts.",
            3,
            19,
            excerpts[:3],
            chart_png=bar_chart_png([1, 2]),
        ),
        Theme(
            "c-bonding", "Bonding", "Support within communities.", 2, 19, excerpts, quotes=["k6"]
        ),
    ]
    data = build(themes)
    document = docx.Document(io.BytesIO(data))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert [t for s, t in paragraphs if s == "Heading 1"] == ["Grants to contracts", "Bonding"]
    assert ("Normal", "Raised by 3 of 19 organisations") in paragraphs
    assert ("Normal", "Raised by 2 of 19 organisations") in paragraphs
    quotes = [t for s, t in paragraphs if s == "Quote"]
    assert quotes == [
        "We used to get a grant from the council, now it is all contracts and tendering, "
        "and Interviewee B says the small groups cannot compete.",
        "When the grant ended Interviewee G's team had to bid against the big providers.",
        "Interviewee C’s view is that Organisation 7 survives on goodwill.",
        "People in [town] know each other; Interviewee G says that is what keeps "
        "Sarahville Road going, and there is hope.",
    ]
    assert ("Normal", "\u2014 Participant from VCSE \u00b7 2023-05-09") in paragraphs
    assert len(document.inline_shapes) == 1
    assert len(document.tables) == 2
    box = document.tables[0]
    assert [row.cells[0].paragraphs[0].text for row in box.rows] == list(DEFAULT_QUESTIONS)
    assert [len(row.cells[0].paragraphs) for row in box.rows] == [4, 4, 4]
    assert leaked_names(data) == []
