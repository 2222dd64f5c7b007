"""Project.analysis_data and duplicate marks, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from analysis.filters import Filters
from analysis.frequency import frequency
from qda.errors import InvalidInput, NotFound

INTERVIEW = (
    "Interviewer: How did it start?\n"  # turn 13-30
    "Sarah: We met in a kitchen. Then we grew.\n"  # turn 38-72
    "Interviewer: And now?\n"  # turn 86-94
    "Sarah: Bigger.\n"  # turn 102-109
)
NOTES = "First paragraph here.\n\nSecond paragraph text.\n"  # paragraphs 0-21, 23-45


@pytest.fixture
def study(project):
    p = project
    p.cases.add_organisation("Pantry", pseudonym="Org A")
    p.cases.add_participant("Sarah", organisation="Football", pseudonym="P1")
    p.cases.set_attribute("Pantry", "stakeholder", "VCSE")
    p.cases.set_attribute("Football", "stakeholder", "VCSE")
    p.cases.set_attribute("Sarah", "age band", "30-39")
    one = p.corpus.import_file(
        "one.txt", INTERVIEW.encode(), organisation="Pantry", date="2024-01-10", speakers="colon"
    )["guid"]
    two = p.corpus.import_file(
        "two.txt", NOTES.encode(), organisation="Pantry", kind="workshop", speakers="none"
    )["guid"]
    theme = p.codebook.add_code("Theme")
    growth = p.codebook.add_code("Growth", parent=theme)
    place = p.codebook.add_code("Place")
    turns = [s for s in p.corpus.segments(one, kind="turn")]
    codings = {
        # a span inside Sarah's first turn, starting on the word "kitchen"
        "span": p.coding.apply_code(place, "ana", document=one, start=50, end=57),
        # starting on the speaker label "Sarah:" (between turns): the next turn
        "label": p.coding.apply_code(growth, "ana", document=one, start=31, end=44),
        # a segment coding (Sarah's second turn)
        "segment": p.coding.apply_code(growth, "ben", segment=turns[3]["guid"]),
        # a coding in a paragraph-only document
        "paragraph": p.coding.apply_code(place, "ben", document=two, start=30, end=39),
    }
    return p, one, two, {"theme": theme, "growth": growth, "place": place}, turns, codings


def test_units_are_turns_or_paragraphs_with_words_and_participants(study):
    p, one, two, codes, turns, _ = study
    data = p.analysis.data()
    sarah = p.cases.all("participant")[0]["guid"]
    units = data.units.sort_values(["document", "start"])
    got = [
        (u.document, u.start, u.end, u.participant if isinstance(u.participant, str) else None,
         u.words)
        for u in units.itertuples()
    ]  # fmt: skip
    assert sorted(got, key=lambda r: (r[0] != one, r[1])) == [
        (one, 13, 30, None, 4),
        (one, 38, 72, sarah, 8),
        (one, 86, 94, None, 2),
        (one, 102, 109, sarah, 1),
        (two, 0, 21, None, 3),
        (two, 23, 45, None, 3),
    ]
    assert [t["start"] for t in turns] == [13, 38, 86, 102]


def test_codings_map_to_their_counting_unit(study):
    p, one, two, codes, turns, codings = study
    data = p.analysis.data(with_text=True, real_names=True)  # the text as written
    units = data.units.set_index("unit")
    sarah = p.cases.all("participant")[0]["guid"]
    rows = data.codings.set_index("coding")
    expected = {
        "span": (one, 50, 57, codes["place"], "ana", (38, 72), sarah, "kitchen"),
        "label": (one, 31, 44, codes["growth"], "ana", (38, 72), sarah, "Sarah: We met"),
        "segment": (one, 102, 109, codes["growth"], "ben", (102, 109), sarah, "Bigger."),
        "paragraph": (two, 30, 39, codes["place"], "ben", (23, 45), None, "paragraph"),
    }
    for name, (doc, start, end, code, coder, span, who, text) in expected.items():
        row = rows.loc[codings[name]]
        unit = units.loc[row["unit"]]
        assert (row["document"], row["start"], row["end"], row["code"], row["coder"]) == (
            doc, start, end, code, coder,
        ), name  # fmt: skip
        assert (unit["document"], unit["start"], unit["end"]) == (doc, *span), name
        assert (row["participant"] if isinstance(row["participant"], str) else None) == who, name
        assert row["text"] == text, name
    assert rows.loc[codings["segment"], "unit"] == turns[3]["guid"]
    assert data.has_text and not p.analysis.data().has_text
    # labelled by pseudonyms, the passages read as exports quote them
    shown = p.analysis.data(with_text=True).codings.set_index("coding")
    assert shown.loc[codings["label"], "text"] == "P1: We met"


def test_tables_documents_cases_attributes_codes(study):
    p, one, two, codes, _, _ = study
    data = p.analysis.data()
    docs = data.documents.set_index("document")
    pantry = next(c["guid"] for c in p.cases.all("organisation") if c["name"] == "Pantry")
    football = next(c["guid"] for c in p.cases.all("organisation") if c["name"] == "Football")
    assert docs.loc[one, ["name", "kind", "date", "organisation", "words"]].tolist() == [
        "one", "interview", "2024-01-10", pantry, 19,
    ]  # fmt: skip
    assert docs.loc[two, "kind"] == "workshop"
    cases = data.cases.set_index("name")
    assert cases.loc["Sarah", ["kind", "pseudonym", "organisation"]].tolist() == [
        "participant", "P1", football,
    ]  # fmt: skip
    assert cases.loc["Pantry", "pseudonym"] == "Org A"
    attrs = sorted(data.attributes.itertuples(index=False, name=None))
    sarah = cases.loc["Sarah", "case"]
    assert attrs == sorted(
        [
            (sarah, "age band", "text", "30-39"),
            (football, "stakeholder", "text", "VCSE"),
            (pantry, "stakeholder", "text", "VCSE"),
        ]
    )
    assert data.codes[["code", "path", "parent"]].fillna("").values.tolist() == [
        [codes["theme"], "Theme", ""],
        [codes["growth"], "Theme/Growth", codes["theme"]],
        [codes["place"], "Place", ""],
    ]


def test_frequency_from_the_database_counts_by_speaker_organisation(study):
    p, one, two, codes, _, _ = study
    freq = frequency(p.analysis.data(), codes=[codes["growth"], codes["place"]])
    got = {(r.path, r.group_label): (r.codings, r.segments) for r in freq.itertuples()}
    # Sarah speaks for Football although the interview is Pantry's; Football has
    # no pseudonym, so pseudonymised labels hide it as the exports do
    assert got == {
        ("Theme/Growth", "[organisation]"): (2, 2),
        ("Theme/Growth", "Org A"): (0, 0),
        ("Place", "[organisation]"): (1, 1),
        ("Place", "Org A"): (1, 1),
    }


def test_duplicates_are_excluded_from_frequency_and_undoable(study):
    p, one, two, codes, _, _ = study
    guid = p.analysis.mark_duplicate(one, 38, 72, note="repeated in summary")
    assert p.analysis.mark_duplicate(one, 38, 72) == guid
    assert p.analysis.duplicates() == [
        {
            "guid": guid,
            "document": one,
            "document_name": "one",
            "start": 38,
            "end": 72,
            "note": "repeated in summary",
        }
    ]
    data = p.analysis.data()
    assert data.duplicates.values.tolist() == [[one, 38, 72]]
    freq = frequency(data, codes=[codes["growth"], codes["place"]])
    got = {(r.path, r.group_label): (r.codings, r.segments) for r in freq.itertuples()}
    assert got == {
        ("Theme/Growth", "[organisation]"): (2, 2),  # "label" starts at 31, outside the mark
        ("Theme/Growth", "Org A"): (0, 0),
        ("Place", "[organisation]"): (0, 0),  # "kitchen" lies inside the duplicate
        ("Place", "Org A"): (1, 1),
    }
    assert p.history(1)[0]["action"] == "mark duplicate"
    p.undo()
    assert p.analysis.duplicates() == []
    p.redo()
    assert [d["guid"] for d in p.analysis.duplicates()] == [guid]
    p.analysis.unmark_duplicate(guid)
    assert p.analysis.duplicates() == []


def test_duplicate_errors_name_the_problem(study):
    p, one, *_ = study
    with pytest.raises(InvalidInput, match="outside document 'one' \\(0-109\\)"):
        p.analysis.mark_duplicate(one, 100, 200)
    with pytest.raises(NotFound, match="no document 'nope'"):
        p.analysis.mark_duplicate("nope", 0, 1)
    with pytest.raises(NotFound, match="no duplicate mark"):
        p.analysis.unmark_duplicate("not-a-guid")


def test_filters_restrict_codings_and_units(study):
    p, one, two, codes, _, _ = study
    data = p.analysis.data({"document_kinds": ["workshop"]})
    assert data.codings["document"].tolist() == [two]
    assert sorted(data.units["start"]) == [0, 23]
    by_coder = p.analysis.data(Filters(coders=["ana"]))
    assert sorted(by_coder.codings["start"]) == [31, 50]
    assert len(by_coder.units) == 6
    with pytest.raises(InvalidInput, match="unknown analysis filter"):
        p.analysis.data({"colour": "red"})


def test_empty_project_gives_empty_frames(project):
    data = project.analysis.data()
    assert [len(getattr(data, f)) for f in ("codings", "units", "documents", "codes")] == [0] * 4
    assert frequency(data).empty


# -- the analysis service's tables: the pages and the CLI call only these -----------------
def test_service_frequency_leaves_out_codes_raised_nowhere_unless_named(study):
    p, one, two, codes, _, _ = study
    rows = p.analysis.frequency(by="organisation")
    # Theme is coded nowhere itself (no rollup): left out; Growth and Place are kept
    assert sorted(set(rows["path"])) == ["Place", "Theme/Growth"]
    growth = rows[rows["path"] == "Theme/Growth"].set_index("group_label")["segments"]
    # both Growth codings are in Sarah's turns: her organisation, not the document's
    assert growth.to_dict() == {"[organisation]": 2, "Org A": 0}  # Football: no pseudonym
    named = p.analysis.frequency(by="organisation", codes=["Theme"])
    assert list(named["path"].unique()) == ["Theme"] and not named["raised"].any()
    rolled = p.analysis.frequency(by="organisation", codes=["Theme"], rollup=True)
    assert rolled.set_index("group_label")["segments"].to_dict() == {
        "[organisation]": 2,
        "Org A": 0,
    }


def test_service_cooccurrence_keeps_only_coded_codes_and_labels(study):
    p, _, _, codes, _, _ = study
    matrix = p.analysis.cooccurrence(mode="segment")
    assert list(matrix.index) == [codes["growth"], codes["place"]]
    labels = matrix.attrs["labels"]
    assert [labels[c] for c in matrix.index] == ["Theme/Growth", "Place"]
    # "span" (Place, 50-57) and "label" (Growth, 31-44) fall in Sarah's first turn
    assert int(matrix.loc[codes["growth"], codes["place"]]) == 1
    assert int(matrix.loc[codes["place"], codes["place"]]) == 2
    everything = p.analysis.cooccurrence(mode="segment", coded_only=False)
    assert len(everything) == 3


def test_service_errors_are_one_line_naming_the_field(study):
    p = study[0]
    with pytest.raises(InvalidInput) as err:
        p.analysis.frequency(by="no such attribute")
    assert "\n" not in str(err.value) and "no such attribute" in str(err.value)
    with pytest.raises(NotFound, match="no code 'Nope'"):
        p.analysis.frequency(codes=["Nope"])
    with pytest.raises(InvalidInput, match="unknown analysis filter"):
        p.analysis.frequency(filters={"colour": "red"})


def test_service_data_with_real_names_clears_pseudonyms(study):
    p = study[0]
    # a case with no pseudonym is labelled as the key hides it
    assert set(p.analysis.data().cases["pseudonym"].dropna()) == {"Org A", "P1", "[organisation]"}
    assert p.analysis.data(real_names=True).cases["pseudonym"].isna().all()
