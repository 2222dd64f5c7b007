"""Pure exchange pieces: UTC times, the extension member, selections per coder,
document variables and pseudonymised positions."""

from __future__ import annotations

import pytest

from codebooks.errors import InvalidXML
from exports.pseudonyms import PseudonymKey
from exports.qdpx_cases import document_fields, document_variables, selections_from_codings
from exports.qdpx_extension import extension_xml, read_extension
from exports.qdpx_model import ProjectExchange, Selection, TextSource, parse_stamp, utc_stamp
from exports.qdpx_names import pseudonymise


@pytest.mark.parametrize(
    "stored, written",
    [
        ("2026-12-03T15:12:00.202+00:00", "2026-12-03T15:12:00Z"),
        ("2024-03-02T08:00:00+02:00", "2024-03-02T06:00:00Z"),
        ("2024-03-02T08:00:00", "2024-03-02T08:00:00Z"),
        ("2024-03-02T08:00:00Z", "2024-03-02T08:00:00Z"),
        ("2024-03-02", None),
        ("yesterday", None),
        ("2026-12-03T15:12:00.202+00:00Z", None),
        (None, None),
    ],
)
def test_times_are_written_in_utc_with_z(stored, written):
    assert utc_stamp(stored) == written
    assert (parse_stamp(stored) is None) == (written is None)


def test_extension_round_trip_and_incomplete_items():
    ext = {
        "speakers": [{"source": "s1", "label": "Sarah", "case": "c1"}],
        "classifications": [
            {"case": "c1", "scheme": "culture", "value": "hierarchy", "asOf": "2024-03",
             "note": ""},
        ],
    }  # fmt: skip
    data = extension_xml(ext)
    assert read_extension(data, "x.xml") == ext
    broken = data.replace(b' asOf="2024-03"', b"")
    assert read_extension(broken, "x.xml") == {"speakers": ext["speakers"], "classifications": []}
    with pytest.raises(InvalidXML):
        read_extension(b"<Extension", "x.xml")


def coding(guid, start, end, coder, memo=None):
    return {
        "guid": guid, "start": start, "end": end, "coder": coder, "memo": memo,
        "code": "k", "code_name": "Code", "created_at": "2024-01-01T00:00:00+00:00",
        "updated_at": "2024-01-01T00:00:00+00:00",
    }  # fmt: skip


def test_one_selection_per_coder_and_memo():
    rows = [
        coding("a", 0, 5, "ana", "first"),
        coding("b", 0, 5, "ben"),
        coding("c", 0, 5, "ana", "first"),
        coding("d", 0, 5, "ana"),
    ]
    sels, notes = selections_from_codings("doc", rows, {"ana": "U1", "ben": "U2"})
    assert [(s.user, s.description, [c.guid for c in s.codings]) for s in sels] == [
        ("U1", "first", ["a", "c"]),
        ("U2", "", ["b"]),
        ("U1", "", ["d"]),
    ]
    assert len({s.guid for s in sels}) == 3
    assert [(n.text, n.targets) for n in notes] == [("first", ["a"]), ("first", ["c"])]


def test_document_kind_and_date_variables():
    docs = [
        {"guid": "d1", "kind": "interview", "date": "2024-01-23"},
        {"guid": "d2", "kind": "focus group", "date": "2024-02"},
    ]
    variables, values = document_variables(docs, "p")
    assert [(v.name, v.type) for v in variables] == [
        ("Document kind", "Text"),
        ("Document date", "Text"),
    ]
    assert document_fields(values["d2"], variables) == {"kind": "focus group", "date": "2024-02"}
    variables, values = document_variables(docs[:1], "p")
    assert variables[1].type == "Date"


def test_pseudonymised_selections_cover_the_same_words():
    key = PseudonymKey()
    key.add("Sarah Jones", "Interviewee A", variants=["Sarah"])
    text = "Sarah said: Sarah Jones runs it. Ask Sarah."
    sels = [
        Selection("s1", 0, 5),  # "Sarah"
        Selection("s2", 12, 31),  # "Sarah Jones runs it"
        Selection("s3", 33, 42),  # "Ask Sarah"
        Selection("s4", 14, 20),  # inside the name: snaps out to the pseudonym
    ]
    out = pseudonymise(ProjectExchange("p", sources=[TextSource("d", "Sarah", text, sels)]), key)
    [source] = out.sources
    assert source.text == "Interviewee A said: Interviewee A runs it. Ask Interviewee A."
    assert [source.text[s.start : s.end] for s in source.selections] == [
        "Interviewee A",
        "Interviewee A runs it",
        "Ask Interviewee A",
        "Interviewee A",
    ]
    assert source.name == "Interviewee A"
    assert [s.start for s in sels] == [0, 12, 33, 14]  # the original is untouched
