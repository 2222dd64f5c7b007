"""Project service: editing the codebook without ever losing a coding.

Each edit is one transaction and one undoable change-log entry.
"""

from __future__ import annotations

import uuid

from codebooks.tree import COLOUR_PATTERN, ancestor_ids, with_descendants
from qda.errors import InvalidInput, NotFound
from qda.storage import codes as codes_q
from qda.storage import schema
from qda.storage.changelog import now
from qda.storage.work import retrying

EDITABLE = ("definition", "inclusion", "exclusion", "example", "colour", "codable", "keywords")


class CodebookEdits:
    """Editing the codebook (part of :class:`qda.services.codebook.CodebookService`)."""

    def _check_sibling_name(
        self, conn, parent_id: int | None, name: str, exclude: int | None = None
    ) -> None:
        for r in codes_q.all_codes(conn):
            if (
                r["parent_id"] == parent_id
                and r["id"] != exclude
                and r["name"].casefold() == name.casefold()
            ):
                raise InvalidInput(f"a code called {name!r} already exists there")

    def _move_codings(self, rec, codings: list[dict], code_id: int) -> tuple[int, int]:
        """Re-point codings to a code; one that would repeat a coding the code
        already has (same span, same coder) is deleted instead. Returns
        (moved, collapsed)."""
        keys = {
            (c["document_id"], c["start"], c["end"], c["coder_id"])
            for c in codes_q.codings_of(rec.conn, code_id)
        }
        moved: dict[int, dict] = {}
        collapsed: list[int] = []
        stamp = now()
        for c in codings:
            key = (c["document_id"], c["start"], c["end"], c["coder_id"])
            if key in keys:
                collapsed.append(c["id"])
            else:
                moved[c["id"]] = {"code_id": code_id, "updated_at": stamp}
                keys.add(key)
        rec.delete_many(schema.codings, collapsed)
        rec.update_many(schema.codings, moved)
        return len(moved), len(collapsed)

    @retrying
    def rename_code(self, ref: str, name: str, coder: str | None = None) -> None:
        name = (name or "").strip()
        if not name:
            raise InvalidInput("a code needs a name")
        with self._recorded("rename code", "", coder) as rec:
            row = codes_q.resolve_code(rec.conn, ref)
            self._check_sibling_name(rec.conn, row["parent_id"], name, exclude=row["id"])
            rec.update(schema.codes, row["id"], {"name": name})
            rec.summary = f"Renamed {row['name']!r} to {name!r}"

    @retrying
    def update_code(self, ref: str, coder: str | None = None, **fields) -> None:
        """Edit a code's definition, criteria, example, colour, codable flag or keywords."""
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise InvalidInput(f"cannot edit {', '.join(sorted(unknown))} of a code")
        if "colour" in fields and not COLOUR_PATTERN.fullmatch(str(fields["colour"])):
            raise InvalidInput(f"colour {fields['colour']!r} is not #rrggbb")
        if "keywords" in fields:
            fields["keywords"] = [k.strip() for k in fields["keywords"] if k and k.strip()]
        with self._recorded("edit code", "", coder) as rec:
            row = codes_q.resolve_code(rec.conn, ref)
            if fields.get("codable") is False and codes_q.coding_counts(rec.conn).get(row["id"]):
                raise InvalidInput(f"code {row['name']!r} has codings; it cannot become a folder")
            rec.update(schema.codes, row["id"], fields)
            rec.summary = f"Edited {', '.join(sorted(fields))} of {row['name']!r}"

    @retrying
    def move_codes(self, refs: list[str], parent: str | None, coder: str | None = None) -> None:
        """Re-parent one or many codes (``parent`` None = top level), in order:
        each goes last among its new siblings. One change-log entry, one update."""
        with self._recorded("move codes", "", coder) as rec:
            conn = rec.conn
            target = codes_q.resolve_code(conn, parent) if parent else None
            new_parent = target["id"] if target else None
            codes = {r["id"]: dict(r) for r in codes_q.all_codes(conn)}
            parent_of = {cid: r["parent_id"] for cid, r in codes.items()}
            position = codes_q.next_position(conn, new_parent)
            updates: dict[int, dict] = {}
            for ref in refs:
                row = codes[codes_q.resolve_code(conn, ref)["id"]]
                # the new parent may not be the code or sit under it
                if target and row["id"] in [target["id"], *ancestor_ids(parent_of, target["id"])]:
                    raise InvalidInput(f"cannot move {row['name']!r} under itself or its own child")
                name = row["name"].casefold()
                if any(
                    r["parent_id"] == new_parent and r["id"] != row["id"]
                    and r["name"].casefold() == name
                    for r in codes.values()
                ):  # fmt: skip
                    raise InvalidInput(f"a code called {row['name']!r} already exists there")
                row["parent_id"] = parent_of[row["id"]] = new_parent
                updates[row["id"]] = {"parent_id": new_parent, "position": position}
                position += 1
            rec.update_many(schema.codes, updates)
            where = repr(target["name"]) if target else "the top level"
            rec.summary = f"Moved {len(refs)} code(s) to {where}"

    @retrying
    def merge_codes(self, source: str, target: str, coder: str | None = None) -> dict:
        """Merge ``source`` into ``target``: its codings move (a duplicate of a
        target coding on the same span by the same coder collapses), its child
        codes move under the target, and the source code goes."""
        with self._recorded("merge code", "", coder) as rec:
            conn = rec.conn
            src, dst = codes_q.resolve_code(conn, source), codes_q.resolve_code(conn, target)
            if src["id"] == dst["id"]:
                raise InvalidInput("cannot merge a code into itself")
            if not dst["codable"] and codes_q.coding_counts(conn).get(src["id"]):
                raise InvalidInput(f"{dst['name']!r} is a folder; codings cannot move there")
            codes = codes_q.all_codes(conn)
            parents = {r["id"]: r["parent_id"] for r in codes}
            if src["id"] in ancestor_ids(parents, dst["id"]):
                raise InvalidInput(f"cannot merge {src['name']!r} into its own child")
            moved, collapsed = self._move_codings(
                rec, codes_q.codings_of(conn, src["id"]), dst["id"]
            )
            children = [r for r in codes if r["parent_id"] == src["id"]]
            names = {r["name"].casefold() for r in codes if r["parent_id"] == dst["id"]}
            for child in children:
                if child["name"].casefold() in names:
                    raise InvalidInput(f"a code called {child['name']!r} already exists there")
                names.add(child["name"].casefold())
            rec.update_many(schema.codes, {c["id"]: {"parent_id": dst["id"]} for c in children})
            rec.delete(schema.codes, src["id"])
            rec.note(merged=src["guid"], into=dst["guid"])
            rec.summary = f"Merged {src['name']!r} into {dst['name']!r}"
        return {"moved": moved, "collapsed": collapsed}

    @retrying
    def split_code(
        self,
        source: str,
        codings: list[str],
        new_name: str,
        coder: str | None = None,
        parent: str | None = None,
    ) -> str:
        """Move the selected codings of ``source`` to a new code (a sibling of
        ``source`` unless ``parent`` is given). Returns the new code's GUID."""
        new_name = (new_name or "").strip()
        if not new_name:
            raise InvalidInput("the new code needs a name")
        if not codings:
            raise InvalidInput("choose the codings to move to the new code")
        with self._recorded("split code", "", coder) as rec:
            conn = rec.conn
            src = codes_q.resolve_code(conn, source)
            parent_id = codes_q.resolve_code(conn, parent)["id"] if parent else src["parent_id"]
            self._check_sibling_name(conn, parent_id, new_name)
            guid = str(uuid.uuid4())
            new_id = rec.insert(
                schema.codes,
                {
                    "guid": guid,
                    "parent_id": parent_id,
                    "name": new_name,
                    "colour": src["colour"],
                    "framework": src["framework"],
                    "position": codes_q.next_position(conn, parent_id),
                    "created_at": now(),
                },
            )
            own = {c["guid"]: c for c in codes_q.codings_of(conn, src["id"])}
            missing = [g for g in codings if g not in own]
            if missing:
                raise InvalidInput(
                    f"{len(missing)} of the chosen codings are not codings of {src['name']!r}"
                )
            stamp = now()
            rec.update_many(
                schema.codings,
                {own[g]["id"]: {"code_id": new_id, "updated_at": stamp} for g in codings},
            )
            rec.note(split=src["guid"], into=guid)
            rec.summary = f"Split {len(codings)} coding(s) of {src['name']!r} into {new_name!r}"
        return guid

    @retrying
    def delete_code(
        self,
        ref: str,
        coder: str | None = None,
        *,
        codings: str = "refuse",
        reassign_to: str | None = None,
    ) -> int:
        """Delete a code and the codes under it. While any of them has codings
        the delete is refused, unless ``codings="delete"`` (they go too) or
        ``codings="reassign"`` (they move to ``reassign_to``). Returns the
        number of codings deleted or reassigned."""
        if codings not in ("refuse", "delete", "reassign"):
            raise InvalidInput("codings must be refuse, delete or reassign")
        with self._recorded("delete code", "", coder) as rec:
            conn = rec.conn
            row = codes_q.resolve_code(conn, ref)
            rows = codes_q.all_codes(conn)
            subtree = with_descendants({r["id"]: r["parent_id"] for r in rows}, [row["id"]])
            affected = codes_q.codings_of_codes(conn, subtree)
            if affected and codings == "refuse":
                raise InvalidInput(
                    f"{row['name']!r} has {len(affected)} coding(s); delete them with it or reassign them"
                )
            if codings == "reassign" and affected:
                if not reassign_to:
                    raise InvalidInput("say which code the codings move to")
                dst = codes_q.resolve_code(conn, reassign_to)
                if dst["id"] in subtree:
                    raise InvalidInput("codings cannot move to a code that is being deleted")
                self._move_codings(rec, affected, dst["id"])
            elif affected:
                rec.delete_many(schema.codings, [c["id"] for c in affected])
            rec.delete_many(schema.codes, subtree[::-1])  # children before parents
            rec.summary = f"Deleted {row['name']!r}" + (
                f" ({len(affected)} coding(s) {'reassigned' if codings == 'reassign' else 'deleted'})"
                if affected
                else ""
            )
        return len(affected)

    # -- snapshots -------------------------------------------------------------------
    @retrying
    def create_snapshot(self, name: str) -> str:
        from codebooks.yaml_io import to_data

        name = (name or "").strip()
        if not name:
            raise InvalidInput("a snapshot needs a name")
        data = {
            "codebook": to_data(self.model()),
            "counts": {c["guid"]: c["codings"] for c in self.codes()},
            "taken_at": now(),
        }
        with self._write() as conn:
            if codes_q.snapshot(conn, name) is not None:
                raise InvalidInput(f"a snapshot called {name!r} already exists")
            return codes_q.insert_snapshot(conn, name, data)

    def snapshots(self) -> list[dict]:
        with self._read() as conn:
            return codes_q.list_snapshots(conn)

    def _snapshot(self, name: str) -> dict:
        with self._read() as conn:
            snap = codes_q.snapshot(conn, name)
        if snap is None:
            raise NotFound(f"no snapshot {name!r}")
        return snap

    def snapshot_codebook(self, name: str):
        """The codebook as it was when the snapshot was taken."""
        import yaml

        from codebooks.yaml_io import load_yaml

        return load_yaml(
            yaml.safe_dump(self._snapshot(name)["data"]["codebook"]), source=f"snapshot {name}"
        )

    def snapshot_counts(self, name: str) -> dict[str, int]:
        """Codings per code GUID when the snapshot was taken."""
        return dict(self._snapshot(name)["data"]["counts"])

    def changes(self, old: str, new: str | None = None) -> list:
        """What changed between snapshot ``old`` and ``new`` (default: now), as
        :class:`codebooks.diff.ChangeRow` rows with coding counts before and
        after, ready to show: each change, then codes whose counts alone moved."""
        from codebooks.diff import change_rows

        diff, before, after = self.diff_snapshot(old, new)
        return change_rows(diff, before, after, self.model())

    @staticmethod
    def builtins() -> list[tuple[str, str]]:
        """The built-in coding frames: (name, title); load one as ``builtin:NAME``."""
        from codebooks.builtins import list_builtins

        return list_builtins()

    def diff_snapshot(self, old: str, new: str | None = None):
        """Compare a snapshot with another one or with now: a
        :class:`codebooks.diff.CodebookDiff` plus coding counts per code GUID
        before and after."""
        from codebooks.diff import diff_codebooks
        from qda.storage.changelog import notes

        def load(name: str):
            snap = self._snapshot(name)
            return self.snapshot_codebook(name), snap["data"]["counts"], snap["data"]["taken_at"]

        old_cb, old_counts, since = load(old)
        if new is None:
            new_cb, new_counts = self.model(), {c["guid"]: c["codings"] for c in self.codes()}
        else:
            new_cb, new_counts, _ = load(new)
        with self._read() as conn:
            merges = {n["merged"]: n["into"] for n in notes(conn, "merge code", since)}
        old_guids, new_guids = {c.guid for c in old_cb.codes}, {c.guid for c in new_cb.codes}
        merges = {
            a: b
            for a, b in merges.items()
            if a in old_guids and a not in new_guids and b in new_guids
        }
        return diff_codebooks(old_cb, new_cb, merges), old_counts, new_counts
