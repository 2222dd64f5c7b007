import io
import zipfile

import docx
import pytest
from lxml import etree

from exports.annotated import fallback_paragraphs, write_annotated_docx
from tests.exports.export_fixtures import TRANSCRIPT, leaked_names, make_key, transcript_codings

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

LABELS = ["Interviewer:", "Sarah:", "Interviewer:", "Sarah:"]


def _layout(text: str, labelled: list[str]):
    """Paragraphs and turns as the importer stores them: a paragraph per
    ``labelled`` block (label included), a turn from after the label to its end."""
    paragraphs, turns = [], []
    pos = 0
    for block in labelled:
        start = text.index(block, pos)
        end = start + len(block)
        label, _, spoken = block.partition(": ")
        paragraphs.append((start, end))
        turns.append((end - len(spoken), end, label))
        pos = end
    return paragraphs, turns


TRANSCRIPT_BLOCKS = [
    "Interviewer: How did the funding change for Hope Street Trust?",
    "Sarah: When the grant ended Sarah's team had to bid against the big providers.\n"
    "We lost two contracts that year.",
    "Interviewer: And the network?",
    "Sarah: David Okafor and Priya keep us going, honestly.",
]
PARAGRAPHS, TURNS = _layout(TRANSCRIPT, TRANSCRIPT_BLOCKS)


def anchored(data: bytes) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Anchored text per comment id (runs joined, paragraphs by newline) and comment texts."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        comments = etree.fromstring(archive.read("word/comments.xml"))
    open_ids: list[str] = []
    texts: dict[str, str] = {}
    for element in body.iter(
        W + "commentRangeStart", W + "commentRangeEnd", W + "t", W + "br", W + "p"
    ):
        cid = element.get(W + "id")
        if element.tag == W + "commentRangeStart":
            open_ids.append(cid)
            texts[cid] = ""
        elif element.tag == W + "commentRangeEnd":
            open_ids.remove(cid)
        else:
            piece = element.text or "" if element.tag == W + "t" else "\n"
            if element.tag == W + "p":
                piece = "\n\n"  # paragraph boundary: the blank line the split removed
            for open_id in open_ids:
                texts[open_id] += piece
    notes = {
        c.get(W + "id"): (
            c.get(W + "author"),
            "|".join("".join(t.text for t in p.iter(W + "t")) for p in c.iter(W + "p")),
        )
        for c in comments.iter(W + "comment")
    }
    return texts, notes


def body(data: bytes) -> tuple[list[str], list[str]]:
    """The paragraph texts after the title and, per paragraph, its bold runs joined."""
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    assert paragraphs[0].style.name == "Title"
    texts = [p.text for p in paragraphs[1:]]
    bold = ["".join(r.text for r in p.runs if r.bold) for p in paragraphs[1:]]
    return texts, bold


def write(text=TRANSCRIPT, codings=(), key=None, name="Interview 1", **layout) -> bytes:
    out = io.BytesIO()
    write_annotated_docx(name, text, list(codings), out, key, **layout)
    return out.getvalue()


def test_the_layout_is_the_one_the_importer_stores():
    from corpus.segment import segment_text
    from corpus.speakers import detect_turns

    segments = segment_text(TRANSCRIPT, detect_turns(TRANSCRIPT))
    assert [(s.start, s.end) for s in segments if s.kind == "paragraph"] == PARAGRAPHS
    assert [(s.start, s.end, s.speaker) for s in segments if s.kind == "turn"] == TURNS


def test_a_word_paragraph_per_stored_paragraph_labels_in_bold():
    data = write(paragraphs=PARAGRAPHS, turns=TURNS)
    assert body(data) == (TRANSCRIPT_BLOCKS, LABELS)


def test_each_comment_anchors_exactly_its_span():
    codings = transcript_codings()
    texts, notes = anchored(write(codings=codings, paragraphs=PARAGRAPHS, turns=TURNS))
    assert len(notes) == len(codings) == 5
    assert sorted(texts.values()) == sorted(c.text for c in codings)
    assert sorted(notes.values()) == sorted(
        [
            ("Ana Lopez", "Funding/Grants to contracts|Sarah frames it as loss"),
            ("Ana Lopez", "Funding/Commissioning clique"),
            ("Ana Lopez", "Funding/Loss"),
            ("Ana Lopez", "Social capital/Bonding"),
            ("Ana Lopez", "Cases/Organisation"),
        ]
    )


def test_a_coding_over_a_speaker_label_keeps_the_label_bold():
    start = TRANSCRIPT.index("Sarah: When")
    coding = transcript_codings()[0]
    coding.start, coding.end, coding.text = start + 3, start + 11, "ah: When"
    data = write(codings=[coding], paragraphs=PARAGRAPHS, turns=TURNS)
    assert body(data) == (TRANSCRIPT_BLOCKS, LABELS)
    assert list(anchored(data)[0].values()) == ["ah: When"]


def test_pseudonymised_transcript_moves_anchors_and_layout_with_the_names():
    data = write(
        codings=transcript_codings(),
        key=make_key(),
        name="Interview with Sarah Jones",
        paragraphs=PARAGRAPHS,
        turns=TURNS,
    )
    texts, notes = anchored(data)
    assert sorted(texts.values()) == sorted(
        [
            "the grant ended Interviewee G's team had to bid",
            "had to bid against the big providers",
            "big providers.\nWe lost two contracts",
            "Interviewee B and Interviewee C keep us going",
            "Organisation 4",
        ]
    )
    assert (
        "Ana Lopez",
        "Funding/Grants to contracts|Interviewee G frames it as loss",
    ) in notes.values()
    assert body(data) == (
        [
            "Interviewer: How did the funding change for Organisation 4?",
            "Interviewee G: When the grant ended Interviewee G's team had to bid against the "
            "big providers.\nWe lost two contracts that year.",
            "Interviewer: And the network?",
            "Interviewee G: Interviewee B and Interviewee C keep us going, honestly.",
        ],
        ["Interviewer:", "Interviewee G:", "Interviewer:", "Interviewee G:"],
    )
    assert leaked_names(data) == []


def test_a_turn_starting_mid_paragraph_gets_its_label_in_bold():
    text = "Note before anyone speaks.\n\nQ: Who helps you? A: Sarah does.\nQ: Anyone else?"
    paragraph = (text.index("Q:"), len(text))
    turns = [
        (text.index("Who"), text.index("you?") + 4, "Q"),
        (text.index("Sarah"), text.index("does.") + 5, "A"),
        (text.index("Anyone"), len(text), "Q"),
    ]
    data = write(text, paragraphs=[(0, len("Note before anyone speaks.")), paragraph], turns=turns)
    assert body(data) == (
        ["Note before anyone speaks.", "Q: Who helps you? A: Sarah does.\nQ: Anyone else?"],
        ["", "Q:A:Q:"],
    )
    runs = docx.Document(io.BytesIO(data)).paragraphs[2].runs
    assert [(r.text, bool(r.bold)) for r in runs] == [
        ("Q:", True),
        (" Who helps you? ", False),
        ("A:", True),
        (" Sarah does.\n", False),
        ("Q:", True),
        (" Anyone else?", False),
    ]


def test_without_paragraphs_the_text_is_split_at_blank_lines():
    codings = transcript_codings()
    data = write(codings=codings)
    assert fallback_paragraphs(TRANSCRIPT) == PARAGRAPHS
    assert body(data) == (TRANSCRIPT_BLOCKS, ["", "", "", ""])
    assert sorted(anchored(data)[0].values()) == sorted(c.text for c in codings)


def test_text_outside_the_stored_paragraphs_is_not_lost():
    data = write(paragraphs=PARAGRAPHS[1:2], turns=TURNS[1:2])
    assert body(data) == (TRANSCRIPT_BLOCKS, ["", "Sarah:", "", ""])


def test_fallback_paragraphs_of_a_stretch():
    text = "  \n\nOne\nline.\n \n\n  Two.  \n"
    assert [text[s:e] for s, e in fallback_paragraphs(text)] == ["One\nline.", "Two."]
    two = text.index("Two")
    assert fallback_paragraphs(text, text.index("\n \n"), len(text)) == [(two, two + 4)]
    assert fallback_paragraphs(text, 0, 4) == []


def test_offsets_outside_the_text_are_refused():
    coding = transcript_codings()[0]
    coding.end = len(TRANSCRIPT) + 1
    with pytest.raises(ValueError, match="outside the text"):
        write_annotated_docx("x", TRANSCRIPT, [coding], io.BytesIO())
