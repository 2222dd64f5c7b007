"""Project service: agreement between coders (see :mod:`coding.agreement`)."""

from __future__ import annotations

from collections.abc import Sequence

from qda.errors import InvalidInput, NotFound
from qda.services.base import Service
from qda.storage import agreement as agreement_q
from qda.storage import codes as codes_q
from qda.storage import documents as docs_q

#: The units agreement can be counted in, as the CLI and the page offer them.
UNITS = ("character", "sentence", "paragraph", "turn")
#: The ``document`` of a row pooling all documents compared.
POOLED = "all documents"
GROUP_SEPARATOR = "+"


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
            "agreement": r.agreement,
            "kappa": r.kappa,
            "alpha": r.alpha,
            "coded": dict(zip(labels, r.levels.coded, strict=True)),
            "both": r.levels.both,
            "neither": r.levels.counts[0],
            "documents": r.documents,
        }
        if pooled:
            row["mean_agreement"] = r.mean_agreement
            row["mean_kappa"] = r.mean_kappa
        return row

    def coders(self) -> list[str]:
        """Every coder's name, for choosing whom to compare."""
        with self._read() as conn:
            return agreement_q.coder_names(conn)


__all__ = ["AgreementService", "POOLED", "UNITS", "rater_label"]
