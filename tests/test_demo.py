"""The demo project: built through the facade, with exact, checked contents."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from codebooks.builtins import builtin_names
from qda import demo
from qda.demo import DemoDataError, create_demo, find_quote, load_spec
from qda.errors import ProjectError
from qda.project import Project

N_DOCUMENTS = 10
N_INTERVIEWS = 8
N_ORGANISATIONS = 7
N_PARTICIPANTS = 13
N_CODINGS = 128
N_CODINGS_BY_CODER = {"ana": 65, "ben": 63}
N_DOUBLE_CODED = 26  # passages coded by both coders
N_DOUBLE_CODED_SAME = 17  # ... with the same code
N_MEMOS = 6
N_CODINGS_WITH_MEMO = 7


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    location = tmp_path_factory.mktemp("demo") / "demo.qda"
    project = create_demo(location)
    yield project, location
    project.close()


@pytest.fixture(scope="module")
def project(built) -> Project:
    return built[0]


@pytest.fixture(scope="module")
def spec() -> dict:
    return load_spec()


@pytest.fixture(scope="module")
def docs_by_file(project) -> dict[str, dict]:
    return {d["source_name"]: d for d in project.corpus.documents()}


def test_counts(project):
    counts = project.counts()
    assert counts["documents"] == N_DOCUMENTS
    assert counts["organisations"] == N_ORGANISATIONS
    assert counts["participants"] == N_PARTICIPANTS
    assert counts["codings"] == N_CODINGS
    assert counts["coders"] == 2
    assert counts["memos"] == N_MEMOS
    assert project.info()["name"] == "Demo: Eastmere VCS study"
    assert project.coders() == ["ana", "ben"]


def test_document_kinds_and_sizes(project):
    docs = project.corpus.documents()
    kinds = Counter(d["kind"] for d in docs)
    assert kinds == {"interview": N_INTERVIEWS, "focus group": 1, "workshop": 1}
    assert {d["format"] for d in docs} == {"txt", "md"}
    for d in docs:
        assert d["date"] and d["date"].startswith("2024-")
        if d["kind"] == "interview":
            assert 700 <= d["words"] <= 1300, d["name"]
            assert d["organisation"], d["name"]


def test_codings_per_coder(project):
    by_coder = Counter(c["coder"] for c in project.coding.codings())
    assert by_coder == N_CODINGS_BY_CODER
    for coder, n in N_CODINGS_BY_CODER.items():
        assert len(project.coding.codings(coder=coder)) == n
    assert sum(1 for c in project.coding.codings() if c["memo"]) == N_CODINGS_WITH_MEMO


def test_every_document_is_coded_by_someone(project):
    for doc in project.corpus.documents():
        assert project.coding.codings(document=doc["guid"]), doc["name"]


def test_every_builtin_codebook_has_coded_codes(project):
    coded = Counter()
    for code in project.codebook.codes():
        if code["codings"]:
            coded[code["framework"]] += code["codings"]
    assert set(builtin_names()) == {
        "gridgroup",
        "socialcapital",
        "phases",
        "vcsthemes",
        "socialaction",
    }
    for name in builtin_names():
        assert coded[name] > 0, name


def test_coded_spans_equal_the_quotes(project, spec, docs_by_file):
    paths = {c["guid"]: c["path"] for c in project.codebook.codes()}
    texts = {d["guid"]: project.corpus.document_text(d["guid"]) for d in project.corpus.documents()}
    guid_to_file = {d["guid"]: f for f, d in docs_by_file.items()}
    stored = Counter()
    for c in project.coding.codings():
        quote = texts[c["document"]][c["start"] : c["end"]]
        stored[(guid_to_file[c["document"]], quote, paths[c["code"]], c["coder"])] += 1
    expected = Counter((k["doc"], k["quote"], k["code"], k["coder"]) for k in spec["codings"])
    assert stored == expected


def test_double_coded_passages(project):
    by_span = defaultdict(dict)
    for c in project.coding.codings():
        by_span[(c["document"], c["start"], c["end"])].setdefault(c["coder"], set()).add(c["code"])
    both = {span: coders for span, coders in by_span.items() if len(coders) == 2}
    assert len(both) == N_DOUBLE_CODED
    same = sum(1 for coders in both.values() if coders["ana"] == coders["ben"])
    assert same == N_DOUBLE_CODED_SAME
    assert len(both) - same > 0  # disagreements exist too
    assert len({span[0] for span in both}) == N_DOCUMENTS  # spread over all documents


def test_interview_speakers_link_to_the_documents_organisation(project):
    participants = {p["name"]: p for p in project.cases.all("participant")}
    for doc in project.corpus.documents():
        if doc["kind"] != "interview":
            continue
        speakers = project.corpus.speakers(doc["guid"])
        assert len(speakers) == 2, doc["name"]
        linked = [s for s in speakers if s["participant"]]
        unlinked = [s for s in speakers if not s["participant"]]
        assert len(linked) == 1 and len(unlinked) == 1, doc["name"]
        assert unlinked[0]["label"] in {"Interviewer", "I", "Q"}
        person = participants[linked[0]["participant"]]
        assert person["organisation"] == doc["organisation"], doc["name"]
        assert person["pseudonym"].startswith("Interviewee ")


def test_interview_label_styles(project):
    labels = {
        frozenset(s["label"] for s in project.corpus.speakers(d["guid"]))
        for d in project.corpus.documents()
    }
    assert frozenset({"Q", "A"}) in labels
    assert frozenset({"I", "R"}) in labels
    assert frozenset({"Interviewer", "Denise"}) in labels
    assert frozenset({"Interviewer", "Priya"}) in labels  # the Markdown (**Name:**) interview


def test_focus_group_speakers_span_organisations(project, docs_by_file):
    doc = docs_by_file["focus_group_funding.txt"]
    assert doc["kind"] == "focus group"
    speakers = project.corpus.speakers(doc["guid"])
    assert {s["label"] for s in speakers} == {
        "Facilitator",
        "Rukhsana",
        "Kev",
        "Priya",
        "Tom",
        "Bev",
        "Alan",
    }
    assert all(s["turns"] >= 2 for s in speakers)
    participants = {p["name"]: p for p in project.cases.all("participant")}
    linked = [participants[s["participant"]] for s in speakers if s["participant"]]
    assert len(linked) == 6
    orgs = {p["organisation"] for p in linked}
    assert len(orgs) == 6
    assert "Eastmere Borough Council" in orgs
    # a participant who was also interviewed is the same case in both documents
    assert "Priya Halloran" in {p["name"] for p in linked}


def test_organisation_attributes(project):
    orgs = {o["name"]: o for o in project.cases.all("organisation")}
    assert len(orgs) == N_ORGANISATIONS
    assert all(o["pseudonym"].startswith("Organisation ") for o in orgs.values())
    types = {
        a["name"]: a["type"]
        for a in project.cases.attributes()
        if a["applies_to"] == "organisation"
    }
    assert types["size"] == "number"
    assert types["founded"] == "number"
    assert types["registered charity"] == "boolean"
    assert types["stakeholder group"] == "text"
    groups = Counter(o["attributes"]["stakeholder group"] for o in orgs.values())
    assert groups == {"VCS": 5, "infrastructure": 1, "commissioner": 1}
    phases = {o["attributes"]["development phase"] for o in orgs.values()}
    assert phases <= {"pre-start-up", "start-up", "growth", "maturity"}
    assert orgs["Kinfold Peer Support"]["attributes"]["size"] == "14"


def test_dated_classifications_show_movement(project):
    cultures = defaultdict(dict)
    for c in project.cases.classifications():
        if c["scheme"] == "culture":
            cultures[c["name"]][c["as_of"]] = c["value"]
            assert c["value"] in {"hierarchy", "egalitarianism", "individualism", "fatalism"}
    two_dates = {org: dates for org, dates in cultures.items() if len(dates) >= 2}
    assert len(two_dates) >= 3
    moved = [org for org, dates in two_dates.items() if len(set(dates.values())) > 1]
    assert len(moved) >= 3
    assert cultures["Kinfold Peer Support"] == {"2019-06": "egalitarianism", "2024-03": "hierarchy"}
    phases = [c for c in project.cases.classifications() if c["scheme"] == "phase"]
    assert {c["value"] for c in phases} == {"pre-start-up", "start-up", "growth", "maturity"}


def test_memos(project):
    memos = project.coding.memos()
    assert Counter(m["target_kind"] for m in memos) == {"document": 4, "code": 2}


def test_existing_location_is_refused(built):
    _, location = built
    before = location.read_bytes()
    with pytest.raises(ProjectError, match="already exists"):
        create_demo(location)
    assert location.read_bytes() == before


def test_existing_empty_file_is_refused(tmp_path):
    location = tmp_path / "empty.qda"
    location.touch()
    with pytest.raises(ProjectError, match="already exists"):
        create_demo(location)


def test_find_quote_names_document_and_quote():
    assert find_quote("one two three", "two", "doc.txt") == (4, 7)
    with pytest.raises(DemoDataError, match=r"doc\.txt: quote not found: 'four'"):
        find_quote("one two three", "four", "doc.txt")
    with pytest.raises(DemoDataError, match=r"doc\.txt: quote occurs more than once: 'o'"):
        find_quote("one two", "o", "doc.txt")


def test_bad_quote_fails_and_leaves_nothing_behind(tmp_path, monkeypatch, spec):
    small = {
        "project": "broken demo",
        "codebooks": ["socialaction"],
        "organisations": [spec["organisations"][0]],
        "participants": [spec["participants"][0]],
        "documents": [spec["documents"][0]],
        "codings": [
            {
                "doc": "interview_01_pantry.txt",
                "quote": "words nobody said",
                "code": "Learning",
                "coder": "ana",
            }
        ],
    }
    monkeypatch.setattr(demo, "load_spec", lambda: small)
    location = tmp_path / "broken.qda"
    with pytest.raises(
        DemoDataError, match="interview_01_pantry.txt: quote not found: 'words nobody said'"
    ):
        create_demo(location)
    assert not location.exists()


def test_unknown_code_path_is_reported(tmp_path, monkeypatch, spec):
    small = {
        "codebooks": ["socialaction"],
        "documents": [{**spec["documents"][0], "speakers": {"Interviewer": None, "Denise": None}}],
        "codings": [
            {
                "doc": "interview_01_pantry.txt",
                "quote": "kitchen table",
                "code": "No/Such code",
                "coder": "ana",
            }
        ],
    }
    monkeypatch.setattr(demo, "load_spec", lambda: small)
    with pytest.raises(DemoDataError, match="no code 'No/Such code'"):
        create_demo(tmp_path / "broken.qda")
