import io
import zipfile
from datetime import date

import docx
import pytest

from exports._docx import TOC_PLACEHOLDER
from exports.word import WordOptions, counts_line, write_excerpts_docx
from tests.exports.export_fixtures import leaked_names, make_codes, make_excerpts, make_key


def build(**kw) -> bytes:
    out = io.BytesIO()
    options = WordOptions(
        title="Social value", subtitle="Wave 1", key=make_key(), date=date(2024, 3, 1)
    )
    for name, value in kw.items():
        setattr(options, name, value)
    write_excerpts_docx(make_excerpts(), make_codes(), out, options)
    return out.getvalue()


def styled(data: bytes) -> list[tuple[str, str]]:
    document = docx.Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in document.paragraphs]


def test_heading_sequence_and_styles():
    paragraphs = styled(build(codebook_appendix=True))
    headings = [(s, t) for s, t in paragraphs if s.startswith("Heading") or s == "Title"]
    assert headings == [
        ("Title", "Social value"),
        ("Heading 1", "Funding"),
        ("Heading 2", "Grants to contracts"),
        ("Heading 3", "Commissioning clique"),
        ("Heading 1", "Social capital"),
        ("Heading 2", "Bonding"),
        ("Heading 1", "Becoming corporate"),
        ("Heading 1", "Appendix: codebook"),
    ]
    assert ("Subtitle", "Wave 1") in paragraphs
    assert ("Normal", "Names are pseudonymised.") in paragraphs


def test_one_quote_paragraph_per_excerpt_with_counts_and_attribution():
    paragraphs = styled(build())
    quotes = [i for i, (s, _) in enumerate(paragraphs) if s == "Quote"]
    assert len(quotes) == 6
    assert paragraphs[quotes[0]][1] == (
        "When the grant ended Interviewee G's team had to bid against the big providers."
    )
    assert paragraphs[quotes[0] + 1][1] == (
        "\u2014 Interviewee G, Organisation 4 \u00b7 Interview with Interviewee G \u00b7 2023-05-02"
    )
    assert (
        paragraphs[quotes[0] + 2][1] == "Memo: Check with Interviewee G whether the bid was lost."
    )
    texts = [t for _, t in paragraphs]
    assert "3 excerpts from 3 documents and 3 organisations" in texts
    assert "1 excerpt from 1 document and 1 organisation" in texts


def test_no_excerpts_only_for_empty_subtrees():
    texts = [t for _, t in styled(build())]
    i = texts.index("Becoming corporate")
    assert texts[i + 2] == "No excerpts."
    assert texts.count("No excerpts.") == 1
    assert "Becoming corporate" not in [t for _, t in styled(build(skip_empty_codes=True))]


def test_counts_line_counts_distinct_documents_and_organisations():
    excerpts = make_excerpts()
    assert counts_line(excerpts[:2] + excerpts[3:4]) == (
        "3 excerpts from 2 documents and 2 organisations"
    )


def test_toc_field_in_xml():
    with zipfile.ZipFile(io.BytesIO(build())) as archive:
        body = archive.read("word/document.xml").decode()
        settings = archive.read("word/settings.xml").decode()
    assert 'w:fldCharType="begin"' in body
    assert 'TOC \\o "1-3" \\h \\z \\u' in body
    assert TOC_PLACEHOLDER in body
    assert '<w:updateFields w:val="true"/>' in settings


def test_context_memos_and_order_by_organisation():
    paragraphs = styled(build(include_context=True, include_memos=False, order_by="organisation"))
    texts = [t for _, t in paragraphs]
    assert not any(t.startswith("Memo:") for t in texts)
    assert (
        "Context: Interviewee G: When the grant ended Interviewee G's team had to bid. It was hard."
        in texts
    )
    sources = [t for t in texts if t.startswith("\u2014")]
    assert [s.split(",")[1].split("\u00b7")[0].strip() for s in sources[:3]] == [
        "Organisation 2",
        "Organisation 4",
        "Organisation 7",
    ]


def test_code_filter_keeps_full_path_for_orphans():
    paragraphs = styled(build(codes={"c-clique"}))
    headings = [(s, t) for s, t in paragraphs if s.startswith("Heading")]
    assert headings == [("Heading 3", "Funding/Grants to contracts/Commissioning clique")]
    assert sum(s == "Quote" for s, _ in paragraphs) == 1


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"include_context": True, "codebook_appendix": True},
        {"attribution": "group", "include_context": True, "order_by": "organisation"},
    ],
)
def test_no_real_name_anywhere(options):
    assert leaked_names(build(**options)) == []


def test_real_names_only_when_asked():
    data = build(pseudonymise=False, attribution="real")
    assert "Sarah Jones" in leaked_names(data)
    with pytest.raises(ValueError):
        build(attribution="real")


def test_ten_thousand_excerpts_is_linear_enough():
    import time

    excerpts = make_excerpts() * 1667
    out = io.BytesIO()
    started = time.perf_counter()
    write_excerpts_docx(excerpts, make_codes(), out, WordOptions(key=make_key()))
    assert time.perf_counter() - started < 10
