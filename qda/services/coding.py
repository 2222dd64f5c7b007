"""Project service: applying and removing codes, reading codings back."""

from __future__ import annotations

import uuid

from qda.errors import InvalidInput, NotFound
from qda.services.base import Service
from qda.services.workbench import Workbench
from qda.storage import cases as cases_q
from qda.storage import codes as codes_q
from qda.storage import codings as codings_q
from qda.storage import documents as docs_q
from qda.storage import schema
from qda.storage.changelog import now
from qda.storage.work import retrying


class CodingService(Workbench, Service):
    """Codings and memos, the workbench's windows, progress and retrieval."""

    @staticmethod
    def highlight_runs(
        segment: dict, codings: list[dict], selection: dict | None = None
    ) -> list[dict]:
        """A segment of :meth:`document_view` cut into display runs covered by
        the same codings (:func:`coding.highlights.highlight_runs`); the names
        of a pseudonymised view (its ``names``) shown as their pseudonyms."""
        from coding.highlights import highlight_runs

        return highlight_runs(segment, codings, selection, segment.get("names"))

    @retrying
    def apply_code(
        self,
        code: str,
        coder: str,
        *,
        segment: str | None = None,
        document: str | None = None,
        start: int | None = None,
        end: int | None = None,
        memo: str | None = None,
    ) -> str:
        """Code a segment (by GUID) or an exact span ``[start, end)`` of a
        document's canonical text. Returns the coding's GUID; applying the same
        code to the same span by the same coder again returns the existing one."""
        with self._recorded("apply code", "", coder) as rec:
            conn = rec.conn
            code_row = codes_q.resolve_code(conn, code)
            if not code_row["codable"]:
                raise InvalidInput(f"code {code_row['name']!r} is a folder, not codable")
            seg_id = None
            if segment is not None:
                seg = codings_q.segment_by_guid(conn, segment)
                if seg is None:
                    raise NotFound(f"no segment {segment!r}")
                doc_id, start, end, seg_id = seg["document_id"], seg["start"], seg["end"], seg["id"]
            else:
                if document is None or start is None or end is None:
                    raise InvalidInput("give a segment, or a document with start and end")
                doc = codings_q.document_extent(conn, document)
                if doc is None:
                    raise NotFound(f"no document {document!r}")
                doc_id, length = doc["id"], doc["length"]
                if not (0 <= start < end <= length):
                    raise InvalidInput(
                        f"span {start}-{end} is outside document {doc['name']!r} (0-{length})"
                    )
            coder_id = codings_q.ensure_coder(conn, coder)
            key = (doc_id, start, end, code_row["id"], coder_id)
            guid = str(uuid.uuid4())
            stamp = now()
            values = {
                "guid": guid,
                "document_id": doc_id,
                "start": start,
                "end": end,
                "segment_id": seg_id,
                "code_id": code_row["id"],
                "coder_id": coder_id,
                "memo": memo,
                "created_at": stamp,
                "updated_at": stamp,
            }
            if rec.insert_unless_exists(schema.codings, values, codings_q.CODING_KEY) is None:
                # the same coding exists (or another writer has just stored it): return it
                return codings_q.coding_by_id(conn, codings_q.existing(conn, *key))["guid"]
            rec.summary = f"Coded {code_row['name']!r} at {start}-{end}"
        return guid

    @retrying
    def remove_coding(self, coding: str, coder: str | None = None) -> None:
        with self._recorded("remove coding", "", coder) as rec:
            row = codings_q.coding_by_guid(rec.conn, coding)
            if row is None:
                raise NotFound(f"no coding {coding!r}")
            rec.delete(schema.codings, row["id"])
            rec.summary = f"Removed coding {row['start']}-{row['end']}"

    @retrying
    def set_coding_memo(self, coding: str, memo: str | None, coder: str | None = None) -> None:
        with self._recorded("coding memo", "Edited a coding memo", coder) as rec:
            row = codings_q.coding_by_guid(rec.conn, coding)
            if row is None:
                raise NotFound(f"no coding {coding!r}")
            rec.update(schema.codings, row["id"], {"memo": memo or None, "updated_at": now()})

    def codings(
        self, code: str | None = None, document: str | None = None, coder: str | None = None
    ) -> list[dict]:
        with self._read() as conn:
            filters: dict = {"coder": coder}
            if code is not None:
                filters["code_ids"] = [codes_q.resolve_code(conn, code)["id"]]
            if document is not None:
                doc = docs_q.find_document(conn, document)
                if doc is None:
                    raise NotFound(f"no document {document!r}")
                filters["document_id"] = doc["id"]
            return codings_q.list_codings(conn, **filters)

    # -- memos -------------------------------------------------------------------------
    @retrying
    def write_memo(
        self, target_kind: str, target: str, text: str, coder: str | None = None, title: str = ""
    ) -> str:
        """A memo on a coding (kept on the coding), a document, a code, a case or
        the project. Writing again replaces the coder's memo on that target."""
        if target_kind == "coding":
            self.set_coding_memo(target, text, coder)
            return target
        if target_kind not in ("document", "code", "case", "project"):
            raise InvalidInput(f"cannot attach a memo to {target_kind!r}")
        with self._recorded("memo", f"Memo on {target_kind}", coder) as rec:
            conn = rec.conn
            if target_kind == "document":
                doc = docs_q.find_document(conn, target)
                if doc is None:
                    raise NotFound(f"no document {target!r}")
                guid = doc["guid"]
            elif target_kind == "code":
                guid = codes_q.resolve_code(conn, target)["guid"]
            elif target_kind == "case":
                guid = cases_q.require_case(conn, target)["guid"]
            else:
                guid = self._project.info()["guid"]
            coder_id = codings_q.ensure_coder(conn, coder) if coder else None
            existing = codings_q.memo_for(conn, target_kind, guid, coder_id)
            stamp = now()
            if existing is not None:
                rec.update(
                    schema.memos, existing, {"text": text, "title": title, "updated_at": stamp}
                )
                return codings_q.memo_guid(conn, existing)
            memo_guid = str(uuid.uuid4())
            rec.insert(
                schema.memos,
                {
                    "guid": memo_guid,
                    "target_kind": target_kind,
                    "target_guid": guid,
                    "title": title,
                    "text": text,
                    "coder_id": coder_id,
                    "created_at": stamp,
                    "updated_at": stamp,
                },
            )
            return memo_guid

    def memos(self, target_kind: str | None = None, target: str | None = None) -> list[dict]:
        with self._read() as conn:
            return codings_q.list_memos(conn, target_kind, target)
