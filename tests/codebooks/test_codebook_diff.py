"""Comparing two versions of a codebook by GUID."""

from __future__ import annotations

import copy

import pytest

from codebooks.diff import Changed, Merged, Moved, Renamed, diff_codebooks
from codebooks.model import Code, Codebook

G = [f"00000000-0000-4000-8000-{i:012d}" for i in range(10)]


def old() -> Codebook:
    return Codebook(
        codes=[
            Code("Bonding", guid=G[1], definition="Ties within."),
            Code("Present", guid=G[2], parent=G[1]),
            Code("Lost", guid=G[3], parent=G[1]),
            Code("Bridging", guid=G[4], colour="#1f77b4"),
            Code("Deficit", guid=G[5], parent=G[4]),
        ]
    )


def test_identical_codebooks_give_an_empty_diff() -> None:
    diff = diff_codebooks(old(), old())
    assert diff.is_empty()
    assert diff.describe(old(), old()) == []


def test_added_and_removed() -> None:
    new = old()
    del new.codes[4]
    new.codes.append(Code("Linking", guid=G[6]))
    diff = diff_codebooks(old(), new)
    assert [c.guid for c in diff.added] == [G[6]]
    assert [c.guid for c in diff.removed] == [G[5]]
    assert not diff.is_empty()
    assert diff.describe(new, old()) == ["added 'Linking'", "removed 'Bridging/Deficit'"]


def test_renamed_and_moved() -> None:
    new = old()
    new.codes[2].name = "Weakening or lost"
    new.codes[4].parent = G[1]
    diff = diff_codebooks(old(), new)
    assert diff.renamed == [Renamed(G[3], "Lost", "Weakening or lost")]
    assert diff.moved == [Moved(G[5], "Bridging/Deficit", "Bonding/Deficit")]
    assert diff.added == diff.removed == diff.changed == []


def test_renaming_a_parent_is_not_a_move_of_its_children() -> None:
    new = old()
    new.codes[0].name = "Bonding ties"
    diff = diff_codebooks(old(), new)
    assert diff.renamed == [Renamed(G[1], "Bonding", "Bonding ties")]
    assert diff.moved == []


def test_merged_codes_are_not_reported_as_removed() -> None:
    new = old()
    del new.codes[2]  # "Lost" merged into "Present"
    diff = diff_codebooks(old(), new, merges={G[3]: G[2]})
    assert diff.merged == [Merged(G[3], "Bonding/Lost", G[2], "Bonding/Present")]
    assert diff.removed == []
    assert diff.describe(new, old()) == ["merged 'Bonding/Lost' into 'Bonding/Present'"]


def test_definition_and_colour_changes() -> None:
    new = copy.deepcopy(old())
    new.codes[0].definition = "Ties within one's group."
    new.codes[3].colour = "#ff7f0e"
    new.codes[4].keywords = ["clique"]
    diff = diff_codebooks(old(), new)
    assert diff.changed == [
        Changed(G[1], "Bonding", "definition", "Ties within.", "Ties within one's group."),
        Changed(G[4], "Bridging", "colour", "#1f77b4", "#ff7f0e"),
        Changed(G[5], "Bridging/Deficit", "keywords", [], ["clique"]),
    ]
    assert [c.guid for c in diff.changes_of("colour")] == [G[4]]
    assert diff.describe(new, old())[0] == "changed definition of 'Bonding'"


@pytest.mark.parametrize(
    ("merges", "message"),
    [
        ({G[9]: G[2]}, f"merged code {G[9]} is not in the old codebook"),
        ({G[2]: G[1]}, f"merged code {G[2]} is still in the new codebook"),
        ({G[3]: G[9]}, f"merge target {G[9]} is not in the new codebook"),
    ],
)
def test_bad_merges_are_refused(merges: dict[str, str], message: str) -> None:
    new = old()
    del new.codes[2]
    with pytest.raises(ValueError) as caught:
        diff_codebooks(old(), new, merges=merges)
    assert str(caught.value) == message


def test_change_rows_give_every_change_its_path_and_counts() -> None:
    from codebooks.diff import ChangeRow, change_rows

    new = copy.deepcopy(old())
    del new.codes[2]  # "Lost" merged into "Present"
    del new.codes[3]  # "Deficit" removed
    new.codes[2].colour = "#ff7f0e"  # Bridging
    new.codes[0].name = "Bonding ties"
    new.codes.append(Code("Trust", guid=G[6], parent=G[1]))
    new.codes.append(Code("Linking", guid=G[7]))
    diff = diff_codebooks(old(), new, merges={G[3]: G[2]})
    before = {G[1]: 0, G[2]: 4, G[3]: 3, G[4]: 2, G[5]: 5, G[7]: 1}
    after = {G[1]: 0, G[2]: 7, G[4]: 2, G[6]: 0, G[7]: 2}
    rows = change_rows(diff, before, after, new)
    assert rows == [
        ChangeRow("added", G[6], "Bonding ties/Trust", 0, 0),
        ChangeRow("added", G[7], "Linking", 1, 2),
        ChangeRow("removed", G[5], "Bridging/Deficit", 5, 0),
        ChangeRow("renamed", G[1], "Bonding ties", 0, 0, old="Bonding", new="Bonding ties"),
        ChangeRow("merged", G[2], "Bonding ties/Present", 4, 7, old="Bonding/Lost", absorbed=3),
        ChangeRow(
            "changed", G[4], "Bridging", 2, 2, old="#1f77b4", new="#ff7f0e", field="colour"
        ),  # fmt: skip
    ]
    # a code whose count alone moved gets a row of its own
    after[G[4]] = 3
    same = copy.deepcopy(new)
    assert change_rows(diff_codebooks(new, same), after | {G[4]: 2}, after, same) == [
        ChangeRow("codings", G[4], "Bridging", 2, 3)
    ]
