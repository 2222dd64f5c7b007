"""Project service: the pseudonym key, excerpts and every export built on them.

Pseudonymisation is the default everywhere: an export shows real names only
when asked with ``pseudonymise=False``, and the key itself leaves the project
only through :meth:`ExportsService.export_key`. Every file is produced in memory
and written in one go (see ``exports.files.deliver``), so a failed export
leaves nothing half-written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence

from codebooks.tree import with_descendants
from exports.assemble import Register, build_excerpts, filter_excerpts, merge_coders
from exports.check import RemainingName, file_texts, remaining_names
from exports.files import Destination, deliver
from exports.model import Excerpt, ExportCode, export_codes
from exports.pseudonyms import PseudonymKey, _normalise
from exports.register import (
    KeyRow,
    RegisterCase,
    build_key,
    key_rows,
    left_out_words,
    lowercase_vocabulary,
    write_key_csv,
)
from exports.suggest import Suggestion, suggest_names
from qda.choices import EXPORT_ORDERS
from qda.errors import InvalidInput, NotFound
from qda.services.base import Progress, Service, tell
from qda.storage import codes as codes_q
from qda.storage import documents as docs_q
from qda.storage import exports as exports_q

NAME_KINDS = ("person", "organisation", "place")
#: The exports whose names :meth:`ExportsService.check_names` reads back.
CHECKED_KINDS = ("docx", "workshop", "annotated", "excerpts", "matrix")
TABLE_FORMATS = ("csv", "xlsx")


def _check_format(fmt: str) -> str:
    fmt = (fmt or "").lower().lstrip(".")
    if fmt not in TABLE_FORMATS:
        raise InvalidInput(f"table format {fmt!r} is not csv or xlsx")
    return fmt


class ExportsService(Service):
    """Word, tables and the pseudonym key."""

    # -- the pseudonym key -----------------------------------------------------------------
    def pseudonyms(self) -> list[dict]:
        """The key table as stored: the researcher's own entries and decisions."""
        with self._read() as conn:
            return exports_q.list_pseudonyms(conn)

    def pseudonym_key(self) -> PseudonymKey:
        """The key table plus the register: every participant (name, first name,
        surname, linked speaker labels) and organisation (name and short forms)."""
        return self._key_and_register()[0]

    def _key_and_register(self) -> tuple[PseudonymKey, list[RegisterCase]]:
        with self._read() as conn:
            rows = exports_q.list_pseudonyms(conn)
            cases, _ = exports_q.register(conn)
            labels = exports_q.linked_labels(conn)
            vocabulary = self._vocabulary(conn)
        by_person: dict[int, list[str]] = {}
        for participant, label in labels:
            by_person.setdefault(participant, []).append(label)
        register = [
            RegisterCase(
                c["name"],
                c["pseudonym"],
                "organisation" if c["kind"] == "organisation" else "person",
                tuple(sorted(by_person.get(c["id"], []))),
            )
            for c in cases
        ]
        table = [KeyRow(r["real"], r["pseudonym"], r["kind"], bool(r["accepted"])) for r in rows]
        return build_key(register, table, vocabulary), register

    def _vocabulary(self, conn) -> frozenset[str]:
        """The lower-case words of every document, read again only when the
        documents change (a text never changes once imported: its sha256 names it)."""
        signature = exports_q.document_signature(conn)
        cached = getattr(self, "_vocabulary_cache", None)
        if cached is None or cached[0] != signature:
            cached = (signature, lowercase_vocabulary(exports_q.document_texts(conn).values()))
            self._vocabulary_cache = cached
        return cached[1]

    def pseudonym_rows(self) -> list[dict]:
        """The whole key as rows (real, pseudonym, kind, accepted, variants, source)."""
        stored = {_normalise(r["real"]) for r in self.pseudonyms()}
        return [
            {**row, "source": "key" if _normalise(row["real"]) in stored else "register"}
            for row in key_rows(self.pseudonym_key())
        ]

    def set_pseudonym(
        self, real: str, pseudonym: str, kind: str = "person", accepted: bool = True
    ) -> None:
        """Add or change a key entry; ``accepted=False`` records a rejected name."""
        real, pseudonym = " ".join((real or "").split()), " ".join((pseudonym or "").split())
        if not real:
            raise InvalidInput("a pseudonym entry needs the real name")
        if kind not in NAME_KINDS:
            raise InvalidInput(f"{real}: kind {kind!r} is not person, organisation or place")
        if accepted and not pseudonym:
            raise InvalidInput(f"{real}: an accepted entry needs a pseudonym")
        if accepted and re.search(rf"(?<!\w){re.escape(real)}(?!\w)", pseudonym, re.IGNORECASE):
            raise InvalidInput(f"{real}: the pseudonym {pseudonym!r} still contains the real name")
        with self._write() as conn:
            exports_q.save_pseudonym(conn, real, pseudonym, kind, bool(accepted))

    def remove_pseudonym(self, real: str) -> None:
        with self._write() as conn:
            if not exports_q.delete_pseudonym(conn, " ".join((real or "").split())):
                raise NotFound(f"no pseudonym entry for {real!r}")

    def pseudonym_suggestions(self, model=None) -> list[Suggestion]:
        """Names in the documents, speaker labels and register not yet in the key."""
        with self._read() as conn:
            texts = list(exports_q.document_texts(conn).values())
            labels = exports_q.all_speaker_labels(conn)
            cases, _ = exports_q.register(conn)
        register = {
            c["name"]: ("organisation" if c["kind"] == "organisation" else "person") for c in cases
        }
        known = {
            _normalise(n) for e in self.pseudonym_key().entries for n in (*e.names(), e.pseudonym)
        }
        found = suggest_names(texts, labels, register, model=model)
        return [s for s in found if _normalise(s.text) not in known]

    def pseudonymise_text(self, text: str) -> str:
        return self.pseudonym_key().apply(text)

    # -- which names remain ------------------------------------------------------------------
    def check_names(self, kind: str, **options) -> list[RemainingName]:
        """The names that would remain in export ``kind`` (docx, workshop,
        annotated, excerpts or matrix) made with ``options`` (those of its
        ``export_<kind>`` method): the file is made in memory and read back,
        nothing is written. ``known`` entries are real names of the key or the
        register; ``possible`` ones are name-like strings it does not know."""
        if kind not in CHECKED_KINDS:
            raise InvalidInput(f"export {kind!r} is not one of {', '.join(CHECKED_KINDS)}")
        buffer = io.BytesIO()
        if kind == "annotated":
            options = dict(options)
            self.export_annotated(options.pop("doc", None), buffer, **options)
        else:
            getattr(self, f"export_{kind}")(buffer, **options)
        fmt = _check_format(options.get("fmt", "csv")) if kind in ("excerpts", "matrix") else "docx"
        return self.remaining_names(file_texts(buffer.getvalue(), fmt))

    def remaining_names(self, texts: Iterable[str]) -> list[RemainingName]:
        """The names in ``texts`` (as an export would write them) that may
        identify someone; see :func:`exports.check.remaining_names`."""
        key, register = self._key_and_register()
        ignore = [self._project.info()["name"]]
        ignore += [part for c in self._export_codes() for part in (c.name, c.path)]
        return remaining_names(texts, key, left_out_words(register, key), ignore)

    # -- excerpts ------------------------------------------------------------------------------
    def _export_codes(self) -> list[ExportCode]:
        return export_codes(self._project.codebook.model().codes)

    def _code_selection(self, conn, codes: Iterable[str] | None, tree: list[ExportCode]):
        """GUIDs of the given codes and their descendants (None for all)."""
        if codes is None:
            return None
        refs = [codes_q.resolve_code(conn, ref)["guid"] for ref in codes]
        return with_descendants({c.guid: c.parent for c in tree}, refs)

    def excerpts(
        self,
        codes: Iterable[str] | None = None,
        organisations: Iterable[str] | None = None,
        attribute_filters: Mapping[str, object] | None = None,
        documents: Iterable[str] | None = None,
        coders: Iterable[str] | None = None,
    ) -> list[Excerpt]:
        """Coded passages with context, speaker, organisation and attributes.

        ``codes`` (names, paths or GUIDs) include their descendants;
        ``organisations`` are names or pseudonyms; ``attribute_filters`` map an
        attribute name to a value or a list of values. Real names are kept in
        ``speaker``/``organisation``; the exporters pseudonymise them.
        """
        tree = self._export_codes()
        with self._read() as conn:
            wanted = self._code_selection(conn, codes, tree)
            ids = codes_q.code_ids(conn)
            code_ids = None if wanted is None else [ids[g] for g in wanted]
            doc_ids = None
            if documents is not None:
                doc_ids = [docs_q.require_document(conn, ref)["id"] for ref in documents]
            rows = exports_q.coding_rows(conn, code_ids, doc_ids, coders)
            used = {r["document_id"] for r in rows}
            texts = exports_q.document_texts(conn, used) if used else {}
            segments = exports_q.context_segments(conn, used) if used else []
            cases, attributes = exports_q.register(conn)
        register = Register({c["id"]: c for c in cases}, attributes)
        paths = {c.guid: c.path for c in tree}
        found = build_excerpts(rows, paths, texts, segments, register)
        if organisations is not None or attribute_filters:
            found = filter_excerpts(found, organisations, attribute_filters)
        return found

    # -- Word ------------------------------------------------------------------------------------
    def export_docx(
        self,
        out: Destination,
        codes: Iterable[str] | None = None,
        by: str = "organisation",
        pseudonymise: bool = True,
        include_memos: bool = True,
        include_context: bool = False,
        charts: bool = False,
        codebook_appendix: bool = True,
        organisations: Iterable[str] | None = None,
        title: str = "Coded excerpts",
        progress: Progress = None,
    ) -> dict:
        """The coded-excerpts report; returns ``{"excerpts", "bytes", "notes"}``."""
        from exports.word import WordOptions, write_excerpts_docx

        if by not in EXPORT_ORDERS:
            raise InvalidInput(f"order {by!r} is not organisation or document")
        tell(progress, 0.05, "Collecting excerpts")
        codes = list(codes) if codes is not None else None
        found = merge_coders(self.excerpts(codes=codes, organisations=organisations))
        tree = self._export_codes()
        selected = None
        if codes is not None:
            with self._read() as conn:
                selected = self._code_selection(conn, codes, tree)
        key = self.pseudonym_key()
        notes: list[str] = []
        chart_list: list[tuple[str, bytes]] = []
        if charts:
            tell(progress, 0.25, "Drawing the chart")
            png, note = self._organisations_chart(selected, key if pseudonymise else None)
            if png:
                chart_list.append(("Organisations raising each code", png))
            if note:
                notes.append(note)
        options = WordOptions(
            title=title,
            subtitle=self._project.info()["name"],
            pseudonymise=pseudonymise,
            key=key,
            attribution="pseudonym" if pseudonymise else "real",
            include_memos=include_memos,
            include_context=include_context,
            order_by=by,  # type: ignore[arg-type]
            codes=selected,
            skip_empty_codes=codes is None,
            charts=chart_list,
            codebook_appendix=codebook_appendix,
        )
        tell(progress, 0.4, f"Writing {len(found)} excerpts")
        size = deliver(out, lambda fh: write_excerpts_docx(found, tree, fh, options))
        tell(progress, 1.0, "Done")
        return {"excerpts": len(found), "bytes": size, "notes": notes}

    def _organisations_chart(self, codes: Sequence[str] | None, key: PseudonymKey | None):
        from analysis.frequency import code_summary
        from exports.charts import organisations_chart

        summary = code_summary(
            self._project.analysis.data(), "organisation", codes=codes, rollup=True
        )
        return organisations_chart(summary, key.apply if key else (lambda s: s))

    # -- workshop pack -----------------------------------------------------------------------------
    def preview(
        self,
        codes: Iterable[str] | None = None,
        pseudonymise: bool = True,
        n: int = 5,
        excerpts: Sequence[Excerpt] | None = None,
    ) -> tuple[int, list[dict]]:
        """The number of excerpts the Word report will quote, and the first
        ``n`` as it shows them: ``text``, ``attribution`` and ``document``,
        cleaned by the pseudonym key when ``pseudonymise``. A passage coded by
        two coders is quoted once, as in the report. ``excerpts`` lets a
        caller pass what it already holds (default: :meth:`excerpts`)."""
        from exports.pseudonyms import attribution

        key = self.pseudonym_key()
        found = list(self.excerpts() if excerpts is None else excerpts)
        if codes is not None:
            wanted = set(codes)
            found = [e for e in found if e.code in wanted]
        found = merge_coders(found)
        clean = key.apply if pseudonymise else (lambda s: s)
        mode = "pseudonym" if pseudonymise else "real"
        shown = [
            {
                "text": clean(e.text.strip()),
                "attribution": clean(attribution(e, key, mode)),
                "document": clean(e.document_name),
            }
            for e in found[:n]
        ]
        return len(found), shown

    def quote_choices(self, codes: Iterable[str] | None = None) -> list[dict]:
        """Per workshop theme, the quotes a researcher may pick: ``code``,
        ``title`` (pseudonymised, with how many organisations raised it),
        ``options`` (coding GUID to a short pseudonymised label) and
        ``default`` (the quotes picked automatically)."""
        from exports.pseudonyms import attribution
        from exports.workshop import pick_quotes

        key = self.pseudonym_key()
        out = []
        for theme in self.workshop_themes(codes):
            options = {
                e.coding: f"{key.apply(' '.join(e.text.split()))[:90]} — "
                f"{attribution(e, key, 'group')}"
                for e in theme.excerpts
            }
            out.append(
                {
                    "code": theme.code,
                    "title": f"{key.apply(theme.name)} (raised by {theme.organisations_raised} "
                    f"of {theme.organisations_total} organisations)",
                    "options": options,
                    "default": [e.coding for e in pick_quotes(theme.excerpts)],
                }
            )
        return out

    def workshop_themes(
        self,
        codes: Iterable[str] | None = None,
        quotes: Mapping[str, list[str]] | None = None,
    ) -> list:
        """One :class:`exports.workshop.Theme` per code (its descendants' excerpts
        included): definition, organisations raising it, candidate excerpts and
        the researcher's chosen quotes. By default every code coded itself."""
        from analysis.frequency import code_summary
        from exports.workshop import Theme

        tree = self._export_codes()
        with self._read() as conn:
            if codes is None:
                own = codes_q.coding_counts(conn)
                ids = codes_q.code_ids(conn)
                chosen = [c.guid for c in tree if own.get(ids[c.guid])]
            else:
                chosen = [codes_q.resolve_code(conn, ref)["guid"] for ref in codes]
            families = {g: self._code_selection(conn, [g], tree) for g in chosen}
        found = merge_coders(self.excerpts())
        data = self._project.analysis.data()
        summary = code_summary(data, "organisation", codes=chosen, rollup=True)
        raised = dict(zip(summary["code"], summary["organisations"], strict=True))
        total = int((data.cases["kind"] == "organisation").sum())
        by_code = {c.guid: c for c in tree}
        themes = []
        for guid in chosen:
            family = set(families[guid] or [])
            code = by_code[guid]
            themes.append(
                Theme(
                    code=guid,
                    name=code.path,
                    definition=code.definition,
                    organisations_raised=int(raised.get(guid, 0)),
                    organisations_total=total,
                    excerpts=[e for e in found if e.code in family],
                    quotes=list((quotes or {}).get(guid) or []) or None,
                )
            )
        return themes

    def export_workshop(
        self,
        out: Destination,
        codes: Iterable[str] | None = None,
        quotes: Mapping[str, list[str]] | None = None,
        pseudonymise: bool = True,
        charts: bool = False,
        title: str = "Emerging themes",
        progress: Progress = None,
    ) -> dict:
        """The interim-workshop pack: a page per theme with quotes and a feedback box.

        ``quotes`` maps a code GUID to the coding GUIDs to quote, in order;
        themes not in it get quotes picked automatically."""
        from exports.workshop import WorkshopOptions, write_workshop_pack

        tell(progress, 0.05, "Collecting themes")
        themes = self.workshop_themes(codes, quotes)
        key = self.pseudonym_key()
        notes: list[str] = []
        if charts and themes:
            from analysis.frequency import frequency
            from exports.charts import theme_chart

            data = self._project.analysis.data()
            clean = key.apply if pseudonymise else (lambda s: s)
            for n, theme in enumerate(themes):
                tell(progress, 0.1 + 0.6 * n / len(themes), f"Chart for {clean(theme.name)}")
                freq = frequency(data, "organisation", codes=[theme.code], rollup=True)
                theme.chart_png, note = theme_chart(freq, clean)
                if note:
                    notes.append(note)
                    break
        options = WorkshopOptions(
            title=title, subtitle=self._project.info()["name"], pseudonymise=pseudonymise, key=key
        )
        tell(progress, 0.8, f"Writing {len(themes)} themes")
        size = deliver(out, lambda fh: write_workshop_pack(themes, fh, options))
        tell(progress, 1.0, "Done")
        return {"themes": len(themes), "bytes": size, "notes": notes}

    # -- annotated transcript -----------------------------------------------------------------------
    def export_annotated(self, doc: str, out: Destination, pseudonymise: bool = True) -> dict:
        """A transcript as Word with each coding as a native comment, laid out
        as stored at import: a Word paragraph per paragraph segment, speaker
        labels in bold."""
        from exports.annotated import write_annotated_docx

        with self._read() as conn:
            row = docs_q.require_document(conn, doc)
            segments = exports_q.context_segments(conn, [row["id"]])
        paragraphs = [(s["start"], s["end"]) for s in segments if s["kind"] == "paragraph"]
        turns = [(s["start"], s["end"], s["speaker"]) for s in segments if s["kind"] == "turn"]
        codings = self.excerpts(documents=[row["guid"]])
        key = self.pseudonym_key() if pseudonymise else None
        size = deliver(
            out,
            lambda fh: write_annotated_docx(
                row["name"], row["text"], codings, fh, key, paragraphs=paragraphs, turns=turns
            ),
        )
        return {"codings": len(codings), "bytes": size}

    # -- tables ----------------------------------------------------------------------------------------
    def export_excerpts(
        self,
        out: Destination,
        fmt: str = "csv",
        codes: Iterable[str] | None = None,
        organisations: Iterable[str] | None = None,
        attribute_filters: Mapping[str, object] | None = None,
        documents: Iterable[str] | None = None,
        coders: Iterable[str] | None = None,
        pseudonymise: bool = True,
    ) -> dict:
        """One row per excerpt: code path, document, speaker, coder, offsets, text,
        memo and case attributes; cells safe from spreadsheet formulas."""
        from exports.tables import excerpts_frame, write_excerpts_csv, write_excerpts_xlsx

        fmt = _check_format(fmt)
        found = self.excerpts(codes, organisations, attribute_filters, documents, coders)
        key = self.pseudonym_key() if pseudonymise else None
        frame = excerpts_frame(found, key, names="pseudonym" if pseudonymise else "real")
        writer = write_excerpts_csv if fmt == "csv" else write_excerpts_xlsx
        size = deliver(out, lambda fh: writer(frame, fh))
        return {"excerpts": len(found), "bytes": size}

    def export_matrix(
        self,
        out: Destination,
        fmt: str = "csv",
        codes: Iterable[str] | None = None,
        pseudonymise: bool = True,
    ) -> dict:
        """Excerpt counts, code (rows) by document (columns)."""
        from exports.tables import code_document_matrix, write_excerpts_csv, write_excerpts_xlsx

        fmt = _check_format(fmt)
        found = self.excerpts(codes)
        key = self.pseudonym_key() if pseudonymise else None
        matrix = code_document_matrix(found, key).reset_index()
        if fmt == "csv":
            size = deliver(out, lambda fh: write_excerpts_csv(matrix, fh))
        else:
            size = deliver(out, lambda fh: write_excerpts_xlsx(matrix, fh, sheet="Matrix"))
        return {"codes": len(matrix), "bytes": size}

    def export_key(self, out: Destination) -> dict:
        """The pseudonym key as CSV. It holds every real name: keep it apart."""
        rows = self.pseudonym_rows()
        size = deliver(out, lambda fh: write_key_csv(rows, fh))
        return {"entries": len(rows), "bytes": size}
