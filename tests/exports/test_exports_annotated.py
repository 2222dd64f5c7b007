import io
import zipfile

import pytest
from lxml import etree

from exports.annotated import paragraph_spans, write_annotated_docx
from tests.exports.export_fixtures import TRANSCRIPT, leaked_names, make_key, transcript_codings

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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


def test_each_comment_anchors_exactly_its_span():
    codings = transcript_codings()
    out = io.BytesIO()
    write_annotated_docx("Interview 1", TRANSCRIPT, codings, out)
    texts, notes = anchored(out.getvalue())
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


def test_pseudonymised_transcript_moves_anchors_with_the_names():
    out = io.BytesIO()
    write_annotated_docx(
        "Interview with Sarah Jones", TRANSCRIPT, transcript_codings(), out, make_key()
    )
    texts, notes = anchored(out.getvalue())
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
    assert leaked_names(out.getvalue()) == []


def test_paragraphs_split_on_blank_lines_and_speaker_labels_kept():
    import docx

    out = io.BytesIO()
    write_annotated_docx("Interview 1", TRANSCRIPT, [], out)
    paragraphs = docx.Document(io.BytesIO(out.getvalue())).paragraphs
    assert [p.text for p in paragraphs[1:]] == [
        TRANSCRIPT[s:e] for s, e in paragraph_spans(TRANSCRIPT)
    ]
    assert len(paragraphs) == 5
    assert paragraphs[2].runs[0].text == "Sarah:" and paragraphs[2].runs[0].bold


def test_offsets_outside_the_text_are_refused():
    coding = transcript_codings()[0]
    coding.end = len(TRANSCRIPT) + 1
    with pytest.raises(ValueError, match="outside the text"):
        write_annotated_docx("x", TRANSCRIPT, [coding], io.BytesIO())
