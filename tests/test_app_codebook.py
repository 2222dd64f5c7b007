"""AppTest: the Codebook page on the demo project; every action lands in the store."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import state
from app_pages.codebook_widgets import diff_frame, export_bytes, filter_codes, subtree
from codebooks.model import Code, Codebook
from qda.project import Project
from tests.conftest import ROOT

PAGE = "app_pages/codebook.py"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    from qda.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_demo(path).close()
    return path


@pytest.fixture
def demo(demo_template, tmp_path, monkeypatch):
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, path)
    monkeypatch.setenv("QDA_PROJECT", str(path))
    monkeypatch.setenv("QDA_HOME", str(tmp_path))
    project = Project.open(path)
    yield project
    project.close()


def start() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def select(at: AppTest, project: Project, path: str) -> None:
    at.selectbox(key=state.CODEBOOK_CODE).set_value(project.codebook.find_code(path)["guid"])
    at.run()
    assert not at.exception, at.exception


def widget(elements, label: str):
    return next(e for e in elements if e.label == label)


def click(at: AppTest, label: str) -> None:
    widget(at.button, label).click()
    at.run()
    assert not at.exception, at.exception


def tree(at: AppTest) -> list[tuple[str, int]]:
    frame = next(df.value for df in at.dataframe if "codings" in df.value.columns)
    return list(zip(frame["code"], frame["codings"], strict=True))


def summary(at: AppTest) -> str:
    return next(c.value for c in at.main.caption if "select a row" in c.value)


def toasts(at: AppTest) -> list[str]:
    return [t.value for t in at.toast]


def test_page_shows_the_tree_with_counts(demo):
    at = start()
    assert at.title[0].value == "Codebook"
    rows = tree(at)
    assert len(rows) == 100
    assert rows[:6] == [
        ("Hierarchy", 7),
        ("Egalitarianism", 6),
        ("Individualism", 1),
        ("Fatalism", 8),
        ("▼ Movement", 0),
        ("\u2003Towards hierarchy", 5),
    ]
    assert ("\u2003\u2003Determination", 1) in rows
    assert summary(at).startswith("100 codes · 128 codings")


def test_search_keeps_ancestors_of_matches(demo):
    at = start()
    at.text_input(key=state.CODEBOOK_SEARCH).input("clique")
    at.run()
    assert tree(at) == [
        ("Egalitarianism", 6),
        ("Bridging", 0),
        ("\u2003Absent or deficit", 6),
    ]
    assert "3 shown for 'clique'" in summary(at)
    # the selection follows the search to the first code that matches itself
    at.text_input(key=state.CODEBOOK_SEARCH).input("isolation")
    at.run()
    assert (
        at.selectbox(key=state.CODEBOOK_CODE).value == demo.codebook.find_code("Isolation")["guid"]
    )


def test_add_a_child_and_a_top_level_code(demo):
    at = start()
    select(at, demo, "Bonding")
    widget(at.text_input, "New code name").input("Trust")
    widget(at.text_area, "Its definition (optional)").input("Confidence in each other")
    at.radio(key="cb_add_where").set_value("child")
    click(at, "Add code")
    trust = demo.codebook.find_code("Bonding/Trust")
    assert (trust["definition"], trust["depth"], trust["codings"]) == (
        "Confidence in each other",
        1,
        0,
    )
    widget(at.text_input, "New code name").input("Emerging: food poverty")
    at.radio(key="cb_add_where").set_value("top")
    click(at, "Add code")
    assert demo.codebook.codes()[-1]["path"] == "Emerging: food poverty"
    assert at.selectbox(key=state.CODEBOOK_CODE).value == demo.codebook.codes()[-1]["guid"]
    assert len(demo.codebook.codes()) == 102
    assert ("\u2003Trust", 0) in tree(at)


def test_edit_renames_recolours_and_keeps_codings(demo):
    at = start()
    select(at, demo, "Linking")
    widget(at.text_input, "Name").input("Linking to power")
    widget(at.text_area, "Definition").input("Ties to people who hold power.")
    widget(at.text_input, "Keywords").input("commissioner, council officer , ")
    at.color_picker[0].pick("#123abc")
    click(at, "Save changes")
    code = demo.codebook.find_code("Linking to power")
    assert (code["definition"], code["keywords"], code["colour"], code["codings"]) == (
        "Ties to people who hold power.",
        ["commissioner", "council officer"],
        "#123abc",
        3,
    )
    assert "Saved 'Linking to power'" in toasts(at)
    # a code with codings cannot become a folder; the store is unchanged
    widget(at.checkbox, "Codable").uncheck()
    click(at, "Save changes")
    assert at.error[0].value == "code 'Linking to power' has codings; it cannot become a folder"
    assert demo.codebook.find_code("Linking to power")["codable"] is True


def test_move_several_codes_at_once(demo):
    at = start()
    moving = [demo.codebook.find_code(p)["guid"] for p in ("Linking", "Shared language")]
    at.multiselect(key="cb_move_codes").set_value(moving).run()
    at.selectbox(key="cb_move_parent").set_value(demo.codebook.find_code("Bridging")["guid"])
    click(at, "Move")
    paths = [c["path"] for c in demo.codebook.codes() if c["guid"] in moving]
    assert paths == ["Bridging/Linking", "Bridging/Shared language"]
    assert demo.codebook.find_code("Bridging/Linking")["codings"] == 3
    at.multiselect(key="cb_move_codes").set_value(moving[:1]).run()
    at.selectbox(key="cb_move_parent").set_value("")
    click(at, "Move")
    assert demo.codebook.find_code(moving[0])["path"] == "Linking"


def test_merge_names_the_codings_and_keeps_them(demo):
    # one coding of Present repeated on Weakening (same passage, same coder) collapses
    dup = demo.coding.codings(code="Bonding/Present")[0]
    demo.coding.apply_code(
        "Bonding/Weakening or lost",
        dup["coder"],
        document=dup["document"],
        start=dup["start"],
        end=dup["end"],
    )
    assert len(demo.coding.codings()) == 129
    at = start()
    select(at, demo, "Bonding/Present")
    target = demo.codebook.find_code("Bonding/Weakening or lost")["guid"]
    at.selectbox(key="cb_merge_into").set_value(target)
    at.run()
    assert any("4 coding(s) of 'Bonding/Present' will move to" in i.value for i in at.info)
    assert widget(at.button, "Merge").disabled
    widget(at.checkbox, "Yes, move 4 coding(s) and merge").check().run()
    click(at, "Merge")
    assert demo.codebook.find_code(target)["codings"] == 7
    assert at.selectbox(key=state.CODEBOOK_CODE).value == target
    assert len(demo.coding.codings()) == 128
    assert [c["path"] for c in demo.codebook.codes() if c["path"].startswith("Bonding")] == [
        "Bonding",
        "Bonding/Weakening or lost",
    ]
    assert (
        "Merged into 'Bonding/Weakening or lost': 3 coding(s) moved, 1 duplicate(s) kept once"
        in toasts(at)
    )


def test_split_moves_the_chosen_codings(demo):
    at = start()
    select(at, demo, "Hierarchy")
    codings = demo.coding.codings(code="Hierarchy")
    chosen = [codings[0]["guid"], codings[2]["guid"]]
    picker = at.multiselect(key=f"cb_split_pick_{codings[0]['code']}")
    assert picker.options[0].startswith("“") and "(ana) · Interview 02 - " in picker.options[0]
    picker.set_value(chosen).run()
    widget(at.text_input, "New code (next to the old one)").input("Rules and control")
    click(at, "Split 2 coding(s) off")
    assert sorted(c["guid"] for c in demo.coding.codings(code="Rules and control")) == sorted(
        chosen
    )
    assert demo.codebook.find_code("Hierarchy")["codings"] == 5
    assert (
        at.selectbox(key=state.CODEBOOK_CODE).value
        == demo.codebook.find_code("Rules and control")["guid"]
    )
    assert len(demo.coding.codings()) == 128


def test_delete_is_refused_then_reassigns(demo):
    at = start()
    select(at, demo, "Fatalism")
    widget(at.checkbox, "Yes, delete 'Fatalism'").check().run()
    click(at, "Delete code")
    assert at.error[0].value == ("'Fatalism' has 8 coding(s); delete them with it or reassign them")
    assert demo.codebook.find_code("Fatalism")["codings"] == 8
    at.radio(key=f"cb_del_policy_{demo.codebook.find_code('Fatalism')['guid']}").set_value(
        "reassign"
    )
    at.run()
    at.selectbox(key="cb_del_target").set_value(demo.codebook.find_code("Hierarchy")["guid"])
    click(at, "Delete code")
    assert [c for c in demo.codebook.codes() if c["name"] == "Fatalism"] == []
    assert demo.codebook.find_code("Hierarchy")["codings"] == 15
    assert len(demo.coding.codings()) == 128
    assert "Deleted 'Fatalism'; 8 coding(s) moved" in toasts(at)


def test_snapshot_diff_shows_the_rename_and_undo_restores(demo):
    at = start()
    widget(at.text_input, "Snapshot name").input("before workshop")
    click(at, "Take snapshot")
    assert [s["name"] for s in demo.codebook.snapshots()] == ["before workshop"]
    assert at.success[0].value == "No changes to the codebook between them."
    select(at, demo, "Linking")
    widget(at.text_input, "Name").input("Linking to power")
    click(at, "Save changes")
    diff = next(df.value for df in at.dataframe if "change" in df.value.columns)
    assert diff.values.tolist() == [["renamed", "Linking to power", "was 'Linking'", 3, 3]]
    click(at, "Undo")
    assert demo.codebook.find_code("Linking")["codings"] == 3
    assert "Undone: Renamed 'Linking' to 'Linking to power'" in toasts(at)
    assert at.success[0].value == "No changes to the codebook between them."
    click(at, "Redo")
    assert demo.codebook.find_code("Linking to power")["codings"] == 3


def test_diff_table_has_every_kind_of_change_with_counts(demo):
    demo.codebook.create_snapshot("s1")
    demo.codebook.merge_codes("Bonding/Present", "Bonding/Weakening or lost")
    demo.codebook.delete_code("Bridging/Positive example", codings="delete")
    demo.codebook.add_code("Trust", parent="Bonding")
    demo.codebook.update_code("Linking", colour="#000000")
    doc = demo.corpus.documents()[0]["guid"]
    demo.coding.apply_code("Hierarchy", "ana", document=doc, start=0, end=10)
    frame = diff_frame(demo.location, demo.revision, "s1", None)
    assert frame.values.tolist() == [
        ["added", "Bonding/Trust", "", 0, 0],
        ["removed", "Bridging/Positive example", "", 5, 0],
        ["merged", "Bonding/Weakening or lost", "'Bonding/Present' (4) merged in", 3, 7],
        ["changed", "Linking", "colour: #6c27a5 → #000000", 3, 3],
        ["codings", "Hierarchy", "", 7, 8],
    ]
    demo.codebook.create_snapshot("s2")
    assert diff_frame(demo.location, demo.revision, "s2", None).empty
    assert diff_frame(demo.location, demo.revision, "s1", "s2").values.tolist()[1] == [
        "removed",
        "Bridging/Positive example",
        "",
        5,
        0,
    ]


def test_load_builtin_twice_is_refused_unless_merged(demo):
    at = start()
    at.selectbox(key="cb_bi").set_value("socialcapital")
    click(at, "Load built-in")
    assert len(demo.codebook.codes()) == 100
    assert [e.value for e in at.error] == [
        "codebook 'Social capital (Putnam)': 7 code path(s) are already in the project "
        "(e.g. 'Bonding'); load it with merge to add only the new codes below the existing ones"
    ]
    at.checkbox(key="cb_merge").check()
    click(at, "Load built-in")
    assert len(demo.codebook.codes()) == 100
    assert [c["path"] for c in demo.codebook.codes()].count("Bonding/Present") == 1
    assert "Loaded 0 codes of 'Social capital (Putnam)'" in toasts(at)


def test_export_bytes_round_trip(demo, tmp_path):
    data = export_bytes(demo.location, demo.revision, "yaml")
    other = Project.create(tmp_path / "other.sqlite")
    other.codebook.import_codebook("frame.yaml", data)
    assert [(c["guid"], c["path"]) for c in other.codebook.codes()] == [
        (c["guid"], c["path"]) for c in demo.codebook.codes()
    ]
    other.close()


def test_filter_and_subtree_helpers():
    def code(guid, parent, name, definition="", keywords=()):
        return {
            "guid": guid,
            "parent": parent,
            "name": name,
            "definition": definition,
            "keywords": list(keywords),
        }

    codes = [
        code("a", None, "Funding"),
        code("b", "a", "Grants", "money from trusts"),
        code("c", "b", "Lottery", keywords=["Big Lottery"]),
        code("d", None, "Trust", "confidence"),
    ]
    assert [c["guid"] for c in filter_codes(codes, "  LOTTERY ")] == ["a", "b", "c"]
    assert [c["guid"] for c in filter_codes(codes, "trust")] == ["a", "b", "d"]
    assert filter_codes(codes, "") == codes and filter_codes(codes, "zzz") == []
    assert [c["guid"] for c in subtree(codes, "a")] == ["a", "b", "c"]


def test_a_codebook_of_2000_codes_renders(tmp_path, monkeypatch):
    path = tmp_path / "big.sqlite"
    project = Project.create(path, name="Big")
    codes = []
    for i in range(200):
        parent = Code(name=f"Theme {i:03d}", codable=False)
        codes.append(parent)
        codes += [Code(name=f"Sub-theme {j}", parent=parent.guid) for j in range(9)]
    codes += [Code(name=f"Extra {k}") for k in range(2000 - len(codes))]
    project.codebook.load_codebook(Codebook(name="Big", codes=codes))
    monkeypatch.setenv("QDA_PROJECT", str(path))
    monkeypatch.setenv("QDA_HOME", str(tmp_path))
    at = start()
    rows = tree(at)
    assert len(rows) == 2000
    assert rows[:2] == [("▼ Theme 000", 0), ("\u2003Sub-theme 0", 0)]
    at.text_input(key=state.CODEBOOK_SEARCH).input("Theme 199")
    at.run()
    assert len(tree(at)) == 1
    project.close()
