"""Project service: agreement between coders (see :mod:`coding.agreement`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from qda.errors import InvalidInput, NotFound
from qda.services.base import Service
from qda.storage import agreement as agreement_q
from qda.storage import codes as codes_q
from qda.storage import codings as codings_q
from qda.storage import documents as docs_q
from qda.storage import schema
from qda.storage.changelog import now

#: The units agreement can be counted in, as the CLI and the page offer them.
UNITS = ("character", "sentence", "paragraph", "turn")
#: The ``document`` of a row pooling all documents compared.
POOLED = "all documents"
GROUP_SEPARATOR = "+"
#: The coder a resolved disagreement's codings are written for, unless named.
CONSENSUS = "consensus"


def rater_label(group: Sequence[str]) -> str:
    """How a coder, or a group of coders, is named in a comparison."""
    return GROUP_SEPARATOR.join(group)


class AgreementService(Service):
    """Inter-coder agreement per code and document, pooled per code."""

    def compare(
        self,
        raters: Sequence[str | Sequence[str]],
        *,
        unit: str = "character",
        codes: Sequence[str] | None = None,
        documents: Sequence[str] | None = None,
    ) -> list[dict]:
        """Agreement of two or more raters, each a coder's name or a list of
        names (a group: a unit is coded when any member coded it).

        One row per code and document, then a pooled row per code whose
        ``document`` is ``"all documents"``. Keys: ``code`` (path),
        ``document`` (name), ``unit``, ``units``, ``agreement`` (percent),
        ``kappa`` (two raters; else None), ``alpha`` (None when nobody's
        coding varies), ``coded`` (units each rater coded, by rater label),
        ``both`` (coded by every rater), ``neither``, ``documents``, and for
        pooled rows ``mean_agreement`` / ``mean_kappa`` (plain means over the
        documents; the pooled ``agreement`` weighs them by their units).
        ``codes`` defaults to every code a rater used, in codebook order;
        ``documents`` to all. Codings of a code's children are not its own."""
        from coding import agreement

        groups = [[r] if isinstance(r, str) else list(r) for r in raters]
        if len(groups) < 2:
            raise InvalidInput("coders: name at least two coders (or groups) to compare")
        if unit not in UNITS:
            raise InvalidInput(f"unit: must be one of {', '.join(UNITS)}, not {unit!r}")
        with self._read() as conn:
            known = set(agreement_q.coder_names(conn))
            for group in groups:
                if not group:
                    raise InvalidInput("coders: a group of coders is empty")
                for name in group:
                    if name not in known:
                        listed = ", ".join(sorted(known)) or "none yet"
                        raise NotFound(f"coders: no coder {name!r} (coders: {listed})")
            doc_ids = None
            if documents:
                doc_ids = list(
                    dict.fromkeys(docs_q.require_document(conn, d)["id"] for d in documents)
                )
            tree = codes_q.with_paths(codes_q.all_codes(conn))
            paths = {c["id"]: c["path"] for c in tree}
            wanted = None
            if codes:
                wanted = list(dict.fromkeys(codes_q.resolve_code(conn, c)["id"] for c in codes))
            docs = agreement_q.documents(conn, doc_ids)
            ids = [d["id"] for d in docs] if doc_ids is not None else None
            spans = agreement_q.unit_spans(conn, unit, ids) if unit != "character" else {}
            coders = sorted({name for group in groups for name in group})
            codings = agreement_q.codings(conn, coders, ids)
        if wanted is None:
            used = {c["code"] for c in codings}
            wanted = [c["id"] for c in tree if c["id"] in used]
        prepared = {
            d["id"]: agreement.Document(d["length"], {unit: spans.get(d["id"], ())}) for d in docs
        }
        names = {d["id"]: d["name"] for d in docs}
        labels = [rater_label(g) for g in groups]
        rows = agreement.compare(prepared, codings, groups, unit=unit, codes=wanted)
        return [self._row(r, paths, names, labels) for r in rows]

    @staticmethod
    def _row(r, paths: dict, names: dict, labels: list[str]) -> dict:
        from coding import agreement

        pooled = r.document == agreement.POOLED
        row = {
            "code": paths[r.code],
            "document": POOLED if pooled else names[r.document],
            "unit": r.unit,
            "units": r.levels.units,
            "agreement": agreement.percent_agreement(r.levels),
            "kappa": agreement.kappa(r.levels),
            "alpha": agreement.alpha(r.levels),
            "coded": dict(zip(labels, r.levels.coded, strict=True)),
            "both": r.levels.both,
            "neither": r.levels.counts[0],
            "documents": r.documents,
        }
        if pooled:
            row["mean_agreement"] = r.mean_agreement
            row["mean_kappa"] = r.mean_kappa
        return row

    # -- disagreements and consensus -----------------------------------------------------------
    def _pair(self, a, b) -> tuple[list[str], list[str]]:
        groups = [[r] if isinstance(r, str) else list(r) for r in (a, b)]
        with self._read() as conn:
            known = set(agreement_q.coder_names(conn))
        for group in groups:
            for name in group:
                if name not in known:
                    raise NotFound(
                        f"coders: no coder {name!r} (coders: {', '.join(sorted(known))})"
                    )
        return groups[0], groups[1]

    def _clusters(self, conn, a, b, codes, documents) -> list[tuple[int, int, object]]:
        """(document id, code id, cluster) of the two raters' codings, in
        document order then code order then position."""
        from coding import agreement

        doc_ids = None
        if documents:
            doc_ids = [docs_q.require_document(conn, d)["id"] for d in documents]
        code_ids = None
        if codes:
            code_ids = {codes_q.resolve_code(conn, c)["id"] for c in codes}
        order = {d["id"]: i for i, d in enumerate(agreement_q.documents(conn, doc_ids))}
        found: dict[tuple[int, int], tuple[list, list]] = {}
        for c in agreement_q.codings(conn, sorted(set(a) | set(b)), doc_ids):
            if code_ids is not None and c["code"] not in code_ids:
                continue
            pair = found.setdefault((c["document"], c["code"]), ([], []))
            if c["coder"] in a:
                pair[0].append((c["start"], c["end"]))
            if c["coder"] in b:
                pair[1].append((c["start"], c["end"]))
        out = []
        for (doc, code), (sa, sb) in sorted(
            found.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])
        ):
            out.extend((doc, code, cl) for cl in agreement.clusters(sa, sb))
        return out

    def disagreements(
        self,
        a: str | Sequence[str],
        b: str | Sequence[str],
        *,
        codes: Sequence[str] | None = None,
        documents: Sequence[str] | None = None,
        include_agreed: bool = False,
        context: int = 120,
    ) -> list[dict]:
        """Where two raters' codings of a code differ: clusters of
        overlapping codings (or a coding only one of them made), with the
        passage (``before``, ``text``, ``after``, ``context`` characters
        either side), each rater's spans (``a``, ``b``), and the ``decision``
        taken (None while open). ``key`` names the disagreement for
        :meth:`resolve`."""
        a, b = self._pair(a, b)
        la, lb = rater_label(a), rater_label(b)
        with self._read() as conn:
            found = self._clusters(conn, a, b, codes, documents)
            if not include_agreed:
                found = [f for f in found if not f[2].agreed]
            texts = agreement_q.document_texts(conn, sorted({d for d, _, _ in found}))
            paths = {c["id"]: c["path"] for c in codes_q.with_paths(codes_q.all_codes(conn))}
            guids = agreement_q.code_guids(conn)
            taken = agreement_q.decisions(conn, la, lb)
        out = []
        for doc, code, cl in found:
            d = texts[doc]
            decision = taken.get((doc, code, cl.start, cl.end))
            out.append(
                {
                    "key": f"{guids[code]}|{d['guid']}|{cl.start}|{cl.end}",
                    "code": paths[code],
                    "document": d["name"],
                    "start": cl.start,
                    "end": cl.end,
                    "a": [list(s) for s in cl.a],
                    "b": [list(s) for s in cl.b],
                    "agreed": cl.agreed,
                    "before": d["text"][max(0, cl.start - context) : cl.start],
                    "text": d["text"][cl.start : cl.end],
                    "after": d["text"][cl.end : cl.end + context],
                    "decision": decision["decision"] if decision else None,
                }
            )
        return out

    def resolve(
        self,
        a: str | Sequence[str],
        b: str | Sequence[str],
        key: str,
        decision: str,
        *,
        consensus: str = CONSENSUS,
        edited: tuple[int, int] | None = None,
        coder: str | None = None,
    ) -> list[str]:
        """Settle one disagreement (by its ``key``): the consensus coder's
        codings of that code across the passage become ``keep_a``, ``keep_b``,
        ``both``, ``neither`` or an ``edit``ed span, and the decision is
        remembered; one undoable change. Returns the GUIDs of the consensus
        codings written."""
        return self._resolve_many(a, b, [(key, decision, edited)], consensus, coder)

    def adopt_agreed(
        self,
        a: str | Sequence[str],
        b: str | Sequence[str],
        *,
        consensus: str = CONSENSUS,
        coder: str | None = None,
    ) -> int:
        """Give the consensus coder every passage both raters coded the same
        way (one undoable change); returns how many were adopted."""
        agreed = [
            d
            for d in self.disagreements(a, b, include_agreed=True)
            if d["agreed"] and not d["decision"]
        ]
        self._resolve_many(a, b, [(d["key"], "keep_a", None) for d in agreed], consensus, coder)
        return len(agreed)

    def _resolve_many(self, a, b, choices, consensus: str, coder: str | None) -> list[str]:
        from coding import agreement

        a, b = self._pair(a, b)
        la, lb = rater_label(a), rater_label(b)
        if consensus in a or consensus in b:
            raise InvalidInput(f"consensus: {consensus!r} is one of the coders compared")
        if not consensus.strip():
            raise InvalidInput("consensus: the consensus coder needs a name")
        written: list[str] = []
        with self._recorded("resolve disagreement", "", coder) as rec:
            conn = rec.conn
            clusters = {}
            guids = agreement_q.code_guids(conn)
            for doc, code, cl in self._clusters(conn, a, b, None, None):
                clusters[(guids[code], doc, cl.start, cl.end)] = (doc, code, cl)
            doc_guids = {d["guid"]: d["id"] for d in agreement_q.documents(conn, None)}
            consensus_id = codings_q.ensure_coder(conn, consensus)
            taken = agreement_q.decisions(conn, la, lb)
            stamp = now()
            for key, decision, edited in choices:
                try:
                    code_guid, doc_guid, start, end = key.split("|")
                    found = clusters[(code_guid, doc_guids[doc_guid], int(start), int(end))]
                except (ValueError, KeyError):
                    raise NotFound(f"key: no disagreement {key!r} between {la} and {lb}") from None
                doc, code, cl = found
                try:
                    spans = agreement.resolution(cl, decision, edited)
                except ValueError as err:
                    raise InvalidInput(f"decision: {err}") from None
                for old in agreement_q.coder_codings(conn, consensus_id, doc, code):
                    if old["start"] < cl.end and cl.start < old["end"]:
                        rec.delete(schema.codings, old["id"])
                for s, e in spans:
                    guid = str(uuid.uuid4())
                    rec.insert(
                        schema.codings,
                        {
                            "guid": guid,
                            "document_id": doc,
                            "start": s,
                            "end": e,
                            "segment_id": None,
                            "code_id": code,
                            "coder_id": consensus_id,
                            "memo": None,
                            "created_at": stamp,
                            "updated_at": stamp,
                        },
                    )
                    written.append(guid)
                before = taken.get((doc, code, cl.start, cl.end))
                if before is not None:
                    rec.delete(schema.consensus_decisions, before["id"])
                rec.insert(
                    schema.consensus_decisions,
                    {
                        "guid": str(uuid.uuid4()),
                        "document_id": doc,
                        "code_id": code,
                        "start": cl.start,
                        "end": cl.end,
                        "coder_a": la,
                        "coder_b": lb,
                        "decision": decision,
                        "consensus_id": consensus_id,
                        "decided_by": coder,
                        "created_at": stamp,
                    },
                )
            n = len(choices)
            rec.summary = f"Resolved {n} disagreement{'s' if n != 1 else ''} of {la} and {lb} into {consensus!r}"
        return written

    def coders(self) -> list[str]:
        """Every coder's name, for choosing whom to compare."""
        with self._read() as conn:
            return agreement_q.coder_names(conn)


__all__ = ["CONSENSUS", "AgreementService", "POOLED", "UNITS", "rater_label"]
