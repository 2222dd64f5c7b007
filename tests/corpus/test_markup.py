"""Markdown and HTML become plain canonical text; the original is kept."""

import pytest

from corpus.markup import (
    convert_markup,
    html_to_text,
    looks_like_html,
    looks_like_markdown,
    markdown_to_text,
)
from corpus.readers import extract

MARKDOWN = (
    "# Findings\n"
    "Intro with **bold**, *italic*, __strong__, `code` and a [link](https://example.org/a_(b)).\n"
    "\n"
    "- first item\n"
    "* second *item*\n"
    "1. numbered\n"
    "2. again\n"
    "\n"
    "Text with a footnote[^7] and Services\u00b3 here; 2*3 stays.\n"
    "\n"
    "[^7]: The note.\n"
    "\u00b3 <https://gov.example>\n"
    "\n"
    "| a | b |\n"
    "|---|---|\n"
    "| 1 | 2 |\n"
    "\n"
    "Title\n"
    "=====\n"
    "\u201c*get real*\u201d and \\*literal\\* stars.\n"
    "---\n"
    "![a chart](chart.png) closes.\n"
)


def test_markdown_to_text_exact():
    assert markdown_to_text(MARKDOWN) == (
        "Findings\n\n"
        "Intro with bold, italic, strong, code and a link.\n\n"
        "first item\n\n"
        "second item\n\n"
        "1. numbered\n\n"
        "2. again\n\n"
        "Text with a footnote[7] and Services[3] here; 2*3 stays.\n\n"
        "[7] The note.\n\n"
        "[3] https://gov.example\n\n"
        "a\tb\n\n"
        "1\t2\n\n"
        "Title\n\n"
        "\u201cget real\u201d and *literal* stars.\n\n"
        "a chart closes."
    )


def test_html_to_text_exact():
    page = (
        "<html><head><title>x</title><style>p{}</style></head><body>"
        "<h1>Round table</h1><p>Hello <b>Sam</b> said<sup>7</sup>\n more &amp; more</p>"
        "<!-- a comment --><ul><li>one</li><li>two<br>lines</li></ul>"
        "<table><tr><td>a</td><td>b</td></tr></table><script>alert(1)</script></body></html>"
    )
    assert looks_like_html(page)
    assert html_to_text(page) == (
        "Round table\n\nHello Sam said[7] more & more\n\none\n\ntwo\nlines\n\na\tb"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Interviewer: Hi.\nSam: Hello - fine.\n", None),
        ("Just one **bold** word in prose.", None),
        ("# A\n\n## B\n\n**C** text", "markdown"),
        ("Intro [x](http://a.b)\n\n- a\n- b\n- c", "markdown"),
        ("<p>one</p><p>two</p><b>three</b>", "html"),
    ],
)
def test_recognising_markup(text, expected):
    assert convert_markup(text, "txt")[1] == expected
    assert looks_like_markdown(text) == (expected == "markdown") or expected == "html"


def test_txt_with_markdown_is_converted_and_plain_txt_is_not():
    marked = "## Notes\n\n**Pat Adams** (*CVS*) \u2013 hello.\n\n- one\n- two\n"
    result = extract("notes.txt", marked.encode())
    assert result.text == "Notes\n\nPat Adams (CVS) \u2013 hello.\n\none\n\ntwo"
    assert result.original == marked.rstrip()
    assert result.meta == {"markup": "markdown"}
    plain = extract("plain.txt", b"Interviewer: Hi *there*.\nSam: Hello.")
    assert (plain.text, plain.original) == ("Interviewer: Hi *there*.\nSam: Hello.", None)


def test_html_in_a_txt_file():
    result = extract("page.txt", b"<p>One <i>two</i></p><p>Three<sup>2</sup></p><br>")
    assert (result.text, result.meta) == ("One two\n\nThree[2]", {"markup": "html"})


def test_bold_names_of_a_markdown_transcript_survive_conversion():
    from corpus import preview_document

    md = (
        "# Round table\n\n"
        "**Sam Lee** (Food Bank) We started in 2010.\n\n"
        "**Ana Ruiz**: And we joined later.\n\n"
        "**Sam Lee:** Right.\n\n"
        "**Ana Ruiz** (Youth Trust)\nExactly.\n"
    )
    preview = preview_document("round.md", md.encode())
    doc = preview.document
    assert doc.text == (
        "Round table\n\nSam Lee (Food Bank) We started in 2010.\n\n"
        "Ana Ruiz: And we joined later.\n\nSam Lee: Right.\n\nAna Ruiz (Youth Trust)\nExactly."
    )
    assert preview.preset == "markdown_bold"
    assert [(t.speaker, doc.text[t.start : t.end]) for t in doc.segments_of("turn")] == [
        (None, "Round table"),
        ("Sam Lee", "We started in 2010."),
        ("Ana Ruiz", "And we joined later."),
        ("Sam Lee", "Right."),
        ("Ana Ruiz", "Exactly."),
    ]
    assert preview.affiliations == {"Sam Lee": "Food Bank", "Ana Ruiz": "Youth Trust"}


def test_mark_and_unmark_offsets():
    from corpus.markup import bold_label_spans, mark_labels, unmark_offset

    plain = "PA \u2013 yes. JG \u2013 no."
    spans = bold_label_spans("**PA** \u2013 yes. **JG** \u2013 no.", plain)
    assert spans == [(0, 2), (10, 12)]
    marked, markers = mark_labels(plain, spans)
    assert marked == "**PA** \u2013 yes. **JG** \u2013 no."
    assert markers == [0, 4, 14, 18]
    back = [unmark_offset(i, markers) for i in range(len(marked) + 1)]
    assert back[:7] == [0, 0, 0, 1, 2, 2, 2]
    assert back[14:21] == [10, 10, 10, 11, 12, 12, 12]
    assert back[-1] == len(plain)
    assert all(plain[unmark_offset(i, markers)] == c for i, c in enumerate(marked) if c != "*")
