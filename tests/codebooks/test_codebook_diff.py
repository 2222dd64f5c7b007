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
