"""Project service: the project's codebook (reading, adding, loading)."""

from __future__ import annotations

import uuid
from dataclasses import replace

from codebooks.collisions import collisions
from codebooks.model import Code, Codebook
from codebooks.tree import COLOUR_PATTERN, with_ancestors, with_descendants
from qda.errors import InvalidInput
from qda.services.base import Service
from qda.services.codebook_edit import CodebookEdits
from qda.storage import codes as codes_q
from qda.storage import schema
from qda.storage.changelog import now
from qda.storage.work import retrying


class CodebookService(CodebookEdits, Service):
    """The project's codebook: reading, adding, loading, editing, snapshots."""

    def codes(self) -> list[dict]:
        """The codebook in tree order: guid, name, path, depth, parent, fields and
        the number of codings of each code."""
        with self._read() as conn:
            rows = codes_q.all_codes(conn)
            counts = codes_q.coding_counts(conn)
        out = []
        for r in codes_q.with_paths(rows):
            out.append(
                {
                    "guid": r["guid"],
                    "name": r["name"],
                    "path": r["path"],
                    "depth": r["depth"],
                    "parent": r["parent_guid"],
                    "definition": r["definition"],
                    "inclusion": r["inclusion"],
                    "exclusion": r["exclusion"],
                    "example": r["example"],
                    "colour": r["colour"],
                    "codable": bool(r["codable"]),
                    "keywords": r["keywords"] or [],
                    "framework": r["framework"],
                    "meta": r["meta"] or {},
                    "codings": counts.get(r["id"], 0),
                }
            )
        return out

    def model(self) -> Codebook:
        fields = (
            "guid",
            "name",
            "definition",
            "inclusion",
            "exclusion",
            "example",
            "colour",
            "codable",
            "keywords",
            "framework",
            "meta",
        )
        return Codebook(
            name=self._project.info()["name"],
            codes=[Code(parent=c["parent"], **{f: c[f] for f in fields}) for c in self.codes()],
        )

    @staticmethod
    def matches(code: dict, text: str) -> bool:
        """Whether ``text`` (any case) is in a code's name, definition or keywords."""
        needle = (text or "").strip().casefold()
        haystack = " ".join([code["name"], code["definition"] or "", *code["keywords"]])
        return needle in haystack.casefold()

    @staticmethod
    def search(codes: list[dict], text: str) -> list[dict]:
        """The codes of :meth:`codes` whose name, definition or keywords contain
        ``text`` (any case), with their ancestors so the tree stays readable;
        tree order kept. Empty ``text``: every code."""
        if not (text or "").strip():
            return codes
        hits = [c["guid"] for c in codes if CodebookService.matches(c, text)]
        keep = set(with_ancestors({c["guid"]: c["parent"] for c in codes}, hits))
        return [c for c in codes if c["guid"] in keep]

    @staticmethod
    def subtree(codes: list[dict], guid: str) -> list[dict]:
        """The code ``guid`` of :meth:`codes` and every code under it, in tree order."""
        inside = set(with_descendants({c["guid"]: c["parent"] for c in codes}, [guid]))
        return [c for c in codes if c["guid"] in inside]

    def find_code(self, ref: str) -> dict:
        with self._read() as conn:
            guid = codes_q.resolve_code(conn, ref)["guid"]
        return next(c for c in self.codes() if c["guid"] == guid)

    @retrying
    def add_code(
        self, name: str, parent: str | None = None, *, coder: str | None = None, **fields
    ) -> str:

        name = (name or "").strip()
        if not name:
            raise InvalidInput("a code needs a name")
        colour = fields.get("colour")
        if colour is not None and not COLOUR_PATTERN.fullmatch(colour):
            raise InvalidInput(f"code {name!r}: colour {colour!r} is not #rrggbb")
        with self._recorded("add code", f"Added code {name!r}", coder) as rec:
            parent_id = codes_q.resolve_code(rec.conn, parent)["id"] if parent else None
            siblings = [
                r
                for r in codes_q.all_codes(rec.conn)
                if r["parent_id"] == parent_id and r["name"].casefold() == name.casefold()
            ]
            if siblings:
                raise InvalidInput(f"code {name!r} already exists there")
            guid = fields.pop("guid", None) or str(uuid.uuid4())
            rec.insert(
                schema.codes,
                {
                    "guid": guid,
                    "parent_id": parent_id,
                    "name": name,
                    "position": codes_q.next_position(rec.conn, parent_id),
                    "created_at": now(),
                    **{k: v for k, v in fields.items() if v is not None},
                },
            )
        return guid

    @retrying
    def load_codebook(
        self,
        codebook: Codebook,
        *,
        coder: str | None = None,
        under: str | None = None,
        merge: bool = False,
    ) -> int:
        """Copy a codebook's codes into the project (one undoable step); returns
        how many codes were added.

        Codes keep their GUIDs; a GUID already in the project is refused. A code
        whose path is already in the project is refused too (two codes with one
        path make every lookup by path ambiguous), unless ``merge``: then the
        existing code stands for it and only new codes are added (below it where
        they belong). A name holding "/" that reads like another code's path is
        always refused."""
        with self._recorded("load codebook", f"Loaded codebook {codebook.name!r}", coder) as rec:
            existing = codes_q.all_codes(rec.conn)
            ids = {r["guid"]: r["id"] for r in existing}
            clash = [c.name for c in codebook.codes if c.guid in ids]
            if clash:
                raise InvalidInput(
                    f"codebook {codebook.name!r}: {len(clash)} code(s) already in the project "
                    f"(e.g. {clash[0]!r}); load a fresh copy instead"
                )
            root = codes_q.resolve_code(rec.conn, under) if under else None
            root_parent = root["id"] if root else None
            codebook = _without_collisions(
                existing, codebook, root["guid"] if root else None, merge, ids
            )
            position = codes_q.next_position(rec.conn, root_parent)
            # One insert per level of the tree: a code's parent gets its id first.
            levels: list[list[tuple[int, Code]]] = []
            depth: dict[str, int] = {}
            for i, code in enumerate(codebook.codes):
                if code.parent and code.parent not in depth and code.parent not in ids:
                    raise KeyError(code.parent)
                depth[code.guid] = depth[code.parent] + 1 if code.parent in depth else 0
                if depth[code.guid] == len(levels):
                    levels.append([])
                levels[depth[code.guid]].append((i, code))
            for level in levels:
                rows = [
                    codes_q.code_values(
                        code,
                        parent_id=ids[code.parent] if code.parent else root_parent,
                        position=position + i,
                        created_at=now(),
                    )
                    for i, code in level
                ]
                for (_, code), code_id in zip(
                    level, rec.insert_many(schema.codes, rows), strict=True
                ):
                    ids[code.guid] = code_id
        return len(codebook.codes)

    # -- files -------------------------------------------------------------------------
    def import_codebook(
        self,
        filename: str,
        data: bytes,
        *,
        coder: str | None = None,
        fresh: bool = False,
        merge: bool = False,
    ) -> int:
        """Load a codebook file (.yaml/.yml, .qdc, .csv) or ``builtin:NAME``
        into the project. ``fresh`` gives the codes new GUIDs (a copy);
        ``merge`` merges codes whose path the project has (see ``load_codebook``)."""
        codebook = read_codebook_file(filename, data, fresh=fresh)
        if not codebook.name:
            codebook.name = filename.removeprefix("builtin:")
        return self.load_codebook(codebook, coder=coder, merge=merge)

    def export_codebook(self, fmt: str, out) -> None:
        """Write the project's codebook as yaml, qdc or csv to a binary stream."""
        from codebooks import csv_io, qdc, yaml_io

        writers = {
            "yaml": yaml_io.write_yaml,
            "yml": yaml_io.write_yaml,
            "qdc": qdc.write_qdc,
            "csv": csv_io.write_csv,
        }
        if fmt not in writers:
            raise InvalidInput(f"unknown codebook format {fmt!r}: use yaml, qdc or csv")
        cb = self.model()
        if not cb.codes:
            raise InvalidInput("the codebook is empty: nothing to export")
        writers[fmt](cb, out)


def read_codebook_file(filename: str, data: bytes, *, fresh: bool = False) -> Codebook:
    """Parse a codebook file or a ``builtin:NAME`` reference; errors name the file."""
    import io

    from codebooks import builtins, csv_io, qdc, yaml_io
    from codebooks.errors import FormatError, InvalidCodebook, UnknownBuiltin

    try:
        if filename.startswith("builtin:"):
            return builtins.load_builtin(filename.removeprefix("builtin:"), fresh_guids=True)
        ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        readers = {
            "yaml": yaml_io.read_yaml,
            "yml": yaml_io.read_yaml,
            "qdc": qdc.read_qdc,
            "csv": csv_io.read_csv,
        }
        if ext not in readers:
            raise InvalidInput(f"{filename}: not a codebook file (use .yaml, .qdc or .csv)")
        cb = readers[ext](io.BytesIO(data), source=filename)
    except (FormatError, InvalidCodebook) as err:
        raise InvalidInput(str(err)) from None
    except UnknownBuiltin as err:
        raise InvalidInput(str(err)) from None
    if fresh:
        cb = builtins.with_fresh_guids(cb)
    return cb


def _without_collisions(
    existing: list[dict], codebook: Codebook, under: str | None, merge: bool, ids: dict
) -> Codebook:
    """``codebook`` less the codes whose path the project (``existing`` rows) has,
    their children re-parented to the existing codes (``merge``); or a refusal."""
    tree = Codebook(
        codes=[Code(name=r["name"], guid=r["guid"], parent=r["parent_guid"]) for r in existing]
    )
    found = collisions(tree, codebook, under)
    if found.shadows:
        name, path = found.shadows[0]
        raise InvalidInput(
            f"codebook {codebook.name!r}: code name {name!r} holds '/' and reads like the "
            f"path of the code {path!r}; rename one of them first"
        )
    if not found.same_path:
        return codebook
    if not merge:
        first = next(iter(found.same_path))
        raise InvalidInput(
            f"codebook {codebook.name!r}: {len(found.same_path)} code path(s) are already "
            f"in the project (e.g. {found.paths[first]!r}); load it with merge to add only "
            "the new codes below the existing ones"
        )
    for guid, same in found.same_path.items():
        ids[guid] = ids[same]
    codes = [
        replace(c, parent=found.same_path.get(c.parent, c.parent))
        for c in codebook.codes
        if c.guid not in found.same_path
    ]
    return replace(codebook, codes=codes)
