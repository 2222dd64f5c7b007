"""Project service: the audit view of the change log, filtered by who made
a change, which codes it touched and when."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from qda.errors import InvalidInput
from qda.services.base import Service
from qda.storage import codes as codes_q
from qda.storage import schema
from qda.values import DATE_RE


def touched_rows(ops: Iterable[dict]) -> Iterable[tuple[str, dict]]:
    """(table, row image) of every row a change's operations wrote or removed."""
    for op in ops:
        table = op.get("table")
        if not table:
            continue
        for key in ("row", "before", "rows"):
            value = op.get(key)
            if isinstance(value, dict):
                yield table, value
            elif isinstance(value, list):
                for row in value:
                    if isinstance(row, dict):
                        yield table, row


def codes_touched(ops: Iterable[dict]) -> set[int]:
    """Ids of the codes a change touched: codes written, and codes of the
    codings written or removed."""
    found = set()
    for table, row in touched_rows(ops):
        if table == "codes" and "id" in row:
            found.add(row["id"])
        elif table in ("codings", "consensus_decisions") and "code_id" in row:
            found.add(row["code_id"])
    return found


class AuditService(Service):
    """Who changed what, and when."""

    def entries(
        self,
        *,
        coder: str | None = None,
        code: str | None = None,
        since: str | None = None,
        until: str | None = None,
        action: str | None = None,
        limit: int = 500,
    ) -> list[dict]:
        """Changes, newest first: id, at, coder, action, summary, undoable,
        reverts and ``codes`` (paths of the codes touched). ``code`` keeps
        the changes touching that code or one of its descendants; ``since``
        and ``until`` are dates (YYYY, YYYY-MM or YYYY-MM-DD), both included."""
        for name, value in (("since", since), ("until", until)):
            if value is not None and not DATE_RE.fullmatch(value):
                raise InvalidInput(f"{name}: a date (YYYY, YYYY-MM or YYYY-MM-DD), not {value!r}")
        if limit < 1:
            raise InvalidInput("limit: at least 1")
        c = schema.changes.c
        q = select(c.id, c.at, c.coder, c.action, c.summary, c.undoable, c.reverts, c.ops)
        if coder is not None:
            q = q.where(c.coder == coder)
        if action is not None:
            q = q.where(c.action == action)
        if since is not None:
            q = q.where(c.at >= since)
        if until is not None:
            q = q.where(c.at < until + "~")  # every time of that day sorts before "~"
        with self._read() as conn:
            tree = codes_q.with_paths(codes_q.all_codes(conn))
            wanted = None
            if code is not None:
                from codebooks.tree import descendant_ids

                root = codes_q.resolve_code(conn, code)["id"]
                parents = {r["id"]: r["parent_id"] for r in tree}
                wanted = {root, *descendant_ids(parents, root)}
            rows = conn.execute(q.order_by(c.id.desc())).mappings()
            paths = {r["id"]: r["path"] for r in tree}
            out = []
            for r in rows:
                touched = codes_touched(r["ops"] or [])
                if wanted is not None and not (touched & wanted):
                    continue
                entry = {k: r[k] for k in ("id", "at", "coder", "action", "summary", "undoable")}
                entry["reverts"] = r["reverts"]
                entry["codes"] = sorted(paths.get(i, f"(deleted code {i})") for i in touched)
                out.append(entry)
                if len(out) >= limit:
                    break
        return out

    def coders(self) -> list[str]:
        """Everyone who has a change in the log."""
        c = schema.changes.c
        with self._read() as conn:
            q = select(c.coder).where(c.coder.is_not(None)).distinct().order_by(c.coder)
            return list(conn.execute(q).scalars())
