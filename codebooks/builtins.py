"""The coding frames shipped with the tool, as editable YAML in ``builtin/``.

Each file's GUIDs are fixed, so two projects that load the same frame share
code identities; ask for ``fresh_guids=True`` for an independent copy.
"""

from __future__ import annotations

import copy
from importlib import resources
from importlib.resources.abc import Traversable

from codebooks.errors import UnknownBuiltin
from codebooks.model import Codebook, new_guid
from codebooks.yaml_io import load_yaml

_PACKAGE = "codebooks"
_FOLDER = "builtin"


def _files() -> dict[str, Traversable]:
    folder = resources.files(_PACKAGE).joinpath(_FOLDER)
    return {
        entry.name.removesuffix(".yaml"): entry
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }


def builtin_names() -> list[str]:
    """The names of the built-in codebooks, sorted."""
    return sorted(_files())


def list_builtins() -> list[tuple[str, str]]:
    """``(name, title)`` of every built-in codebook, sorted by name."""
    return [(name, load_builtin(name).name) for name in builtin_names()]


def load_builtin(name: str, fresh_guids: bool = False) -> Codebook:
    """Load a built-in codebook; every code's ``framework`` is ``name``.

    With ``fresh_guids`` every code gets a new GUID (parents follow), for a
    copy that must not share identities with the shipped frame.
    Raises ``UnknownBuiltin`` (listing the names) for an unknown ``name``.
    """
    files = _files()
    if name not in files:
        raise UnknownBuiltin(name, sorted(files))
    entry = files[name]
    cb = load_yaml(entry.read_text(encoding="utf-8"), source=f"{_FOLDER}/{entry.name}")
    for code in cb.codes:
        code.framework = name
    return with_fresh_guids(cb) if fresh_guids else cb


def with_fresh_guids(cb: Codebook) -> Codebook:
    """A deep copy of ``cb`` with new GUIDs, parent links remapped."""
    result = copy.deepcopy(cb)
    mapping = {code.guid: new_guid() for code in result.codes}
    for code in result.codes:
        code.guid = mapping[code.guid]
        if code.parent is not None:
            code.parent = mapping.get(code.parent, code.parent)
    return result
