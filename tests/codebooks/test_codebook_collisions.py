"""Path collisions between a loaded codebook and the project's codes."""

from __future__ import annotations

import pytest

from codebooks.collisions import collisions
from codebooks.model import Code, Codebook
from qda.errors import InvalidInput
from qda.project import Project


def tree(*paths: str) -> Codebook:
    """A codebook with one code per path (parents named first)."""
    codes: dict[str, Code] = {}
    for path in paths:
        *parents, name = path.split(">")
        parent = codes[">".join(parents)].guid if parents else None
        codes[path] = Code(name=name, parent=parent)
    return Codebook(name="t", codes=list(codes.values()))


def test_same_paths_and_shadows_are_found():
    existing = tree("Culture", "Culture>Hierarchy", "Growth")
    incoming = tree("culture", "culture>HIERARCHY", "culture>Fatalism", "Culture/Hierarchy")
    found = collisions(existing, incoming)
    assert sorted(found.paths[g] for g in found.same_path) == ["culture", "culture/HIERARCHY"]
    assert found.shadows == [("Culture/Hierarchy", "Culture/Hierarchy")]
    # below another code nothing collides
    assert collisions(existing, tree("Hierarchy"), existing.codes[2].guid).same_path == {}


def codebook_file(*paths: str) -> bytes:
    rows = "".join(f'"{p}",\r\n' for p in paths)
    return f"path,description\r\n{rows}".encode()


def test_load_refuses_a_path_already_there_and_merges_on_request(tmp_path):
    p = Project.create(tmp_path / "p.sqlite", name="p")
    p.codebook.import_codebook("one.csv", codebook_file("Culture/Hierarchy"))
    with pytest.raises(InvalidInput) as err:
        p.codebook.import_codebook(
            "two.csv", codebook_file("Culture/Hierarchy", "Culture/Fatalism")
        )
    assert str(err.value) == (
        "codebook 'two.csv': 2 code path(s) are already in the project (e.g. 'Culture'); "
        "load it with merge to add only the new codes below the existing ones"
    )
    added = p.codebook.import_codebook(
        "two.csv", codebook_file("Culture/Hierarchy", "Culture/Fatalism"), merge=True
    )
    assert added == 1
    assert [c["path"] for c in p.codebook.codes()] == [
        "Culture", "Culture/Hierarchy", "Culture/Fatalism",
    ]  # fmt: skip
    assert p.codebook.find_code("Culture/Hierarchy")["name"] == "Hierarchy"
    p.close()


def test_a_slash_name_that_reads_like_a_path_is_refused(tmp_path):
    p = Project.create(tmp_path / "p.sqlite", name="p")
    p.codebook.import_codebook("one.csv", codebook_file("Culture/Hierarchy"))
    with pytest.raises(InvalidInput) as err:
        p.codebook.import_codebook("flat.csv", codebook_file("Culture\\/Hierarchy"))
    assert str(err.value) == (
        "codebook 'flat.csv': code name 'Culture/Hierarchy' holds '/' and reads like the path "
        "of the code 'Culture/Hierarchy'; rename one of them first"
    )
    assert p.counts()["codes"] == 2
    p.close()
