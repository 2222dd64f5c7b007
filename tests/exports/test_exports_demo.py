"""The demo project, exported every way: no real name leaks unless asked for."""

from __future__ import annotations

import pytest

from qda.demo import create_demo, load_spec
from tests.exports.docx_text import file_texts, leaks


def real_names() -> list[str]:
    """Every participant's name, first name, surname and speaker label, and every
    organisation's name with the short forms the transcripts use."""
    spec = load_spec()
    names: set[str] = set()
    for person in spec["participants"]:
        words = person["name"].split()
        names.update([person["name"], words[0], words[-1]])
    for document in spec["documents"]:
        for label, person in (document.get("speakers") or {}).items():
            if person and len(label) > 1:
                names.add(label)
    for organisation in spec["organisations"]:
        names.add(organisation["name"])
    names.update(["Threadworks", "Kinfold", "Marsh Lane", "Harbour Street", "Community Pantry"])
    return sorted(names)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    project = create_demo(folder / "demo.sqlite")
    yield project, folder
    project.close()


def test_real_names_list_is_what_the_demo_holds():
    names = real_names()
    assert {"Denise Okafor", "Denise", "Okafor", "Kev", "Tom", "Bev"} <= set(names)
    assert "A" not in names and "Interviewer" not in names


def test_no_real_name_in_any_export_by_default(demo):
    project, folder = demo
    outputs = []
    for name, export in [
        ("report.docx", lambda o: project.exports.export_docx(o, include_context=True)),
        ("by-document.docx", lambda o: project.exports.export_docx(o, by="document")),
        ("workshop.docx", lambda o: project.exports.export_workshop(o)),
        ("excerpts.csv", lambda o: project.exports.export_excerpts(o, "csv")),
        ("excerpts.xlsx", lambda o: project.exports.export_excerpts(o, "xlsx")),
        ("matrix.csv", lambda o: project.exports.export_matrix(o, "csv")),
        ("matrix.xlsx", lambda o: project.exports.export_matrix(o, "xlsx")),
    ]:
        export(folder / name)
        outputs.append(folder / name)
    for n, document in enumerate(project.corpus.documents()):
        out = folder / f"annotated-{n}.docx"
        project.exports.export_annotated(document["guid"], out)
        outputs.append(out)
    names = real_names()
    found = {path.name: leaks(file_texts(path), names) for path in outputs}
    assert found == {path.name: [] for path in outputs}
    texts = file_texts(folder / "report.docx")
    assert len(texts) > 300
    assert any("Interviewee A" in t for t in texts)


def test_real_names_when_asked(demo):
    project, folder = demo
    project.exports.export_docx(folder / "named.docx", pseudonymise=False)
    texts = file_texts(folder / "named.docx")
    assert leaks(texts, ["Denise Okafor"]) and leaks(texts, ["Eastmere Community Pantry"])
    assert "Names are pseudonymised." not in texts
