"""Project service: REFI-QDA project exchange (``.qdpx``) with NVivo, ATLAS.ti,
MAXQDA and QualCoder.

Export builds a :class:`~exports.qdpx_model.ProjectExchange` through the
facade's own reads (GUIDs leave unchanged); import stores another tool's
project in one transaction, with bulk inserts, and ends with a change-log
entry that undo does not go past.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from codebooks.errors import FormatError
from corpus.model import DOCUMENT_KINDS
from exports.qdpx import (
    PROJECT_TARGET,
    Note,
    ProjectExchange,
    QdpxError,
    TextSource,
    User,
    derived_guid,
    read_qdpx,
    validate_qdpx,
    write_qdpx,
)
from exports.qdpx_cases import (
    case_fields,
    cases_to_exchange,
    document_fields,
    document_variables,
    selections_from_codings,
)
from exports.qdpx_names import pseudonymise as pseudonymise_exchange
from exports.qdpx_names import qualify_names as qualify_code_names
from exports.qdpx_names import shared_names_warning
from exports.qdpx_validate import load_schema
from qda.errors import InvalidInput
from qda.services.base import Progress, Service, tell
from qda.storage import cases as cases_q
from qda.storage import changelog
from qda.storage import codes as codes_q
from qda.storage import documents as docs_q
from qda.storage import exchange as exchange_q
from qda.storage.changelog import now
from qda.storage.exchange import fresh_guid
from qda.values import check_date, normalise_value

FALLBACK_CODER = "imported"
MEMO_SEPARATOR = "\n\n"


def _stamp(value: str | None, default: str) -> str:
    return value if value and len(value) <= 32 else default


def _distinct_titles(notes: list[Note]) -> None:
    """Number repeated note titles ("Context (2)"): QualCoder stops an import
    at two journals with the same name."""
    seen: dict[str, int] = {}
    for note in notes:
        n = seen[note.name] = seen.get(note.name, 0) + 1
        if n > 1:
            note.name = f"{note.name} ({n})"


class ExchangeService(Service):
    """REFI-QDA project exchange (QDPX) in both directions."""

    # -- export ---------------------------------------------------------------------------
    def qdpx_exchange(self) -> ProjectExchange:
        """The whole project as exchange data, real names included (what
        ``export_qdpx(pseudonymise=False)`` writes)."""
        info = self._project.info()
        with self._read() as conn:
            coder_guid = exchange_q.coder_guids(conn)
        users = [User(coder_guid[name], name) for name in self._project.coders()]
        codings_by_doc: dict[str, list[dict]] = {}
        for c in self._project.coding.codings():
            codings_by_doc.setdefault(c["document"], []).append(c)
        memos: dict[tuple[str, str], list[str]] = {}
        notes = []
        codebook = self._project.codebook.model()
        code_names = {c.guid: c.name for c in codebook.codes}
        for m in self._project.coding.memos():
            target = PROJECT_TARGET if m["target_kind"] == "project" else m["target_guid"]
            about = code_names.get(m["target_guid"]) if m["target_kind"] == "code" else None
            title = m["title"] or (
                f"Memo on {about}" if about else f"Memo on the {m['target_kind']}"
            )
            user = coder_guid.get(m["coder"]) if m["coder"] else None
            notes.append(Note(m["guid"], title, m["text"], [target], user, m["created_at"]))
            memos.setdefault((m["target_kind"], m["target_guid"]), []).append(m["text"])
        documents = self._project.corpus.documents()
        doc_variables, doc_values = document_variables(documents, info["guid"])
        sources, case_docs, speakers = [], {}, []
        for doc in documents:
            if doc.get("organisation_guid"):
                case_docs.setdefault(doc["organisation_guid"], []).append(doc["guid"])
            for speaker in self._project.corpus.speakers(doc["guid"]):
                if not speaker.get("participant_guid"):
                    continue
                speakers.append(
                    {"source": doc["guid"], "label": speaker["label"],
                     "case": speaker["participant_guid"]}
                )  # fmt: skip
                docs = case_docs.setdefault(speaker["participant_guid"], [])
                if doc["guid"] not in docs:
                    docs.append(doc["guid"])
            selections, coding_notes = selections_from_codings(
                doc["guid"], codings_by_doc.get(doc["guid"], []), coder_guid
            )
            notes += coding_notes
            text = self._project.corpus.document_text(doc["guid"])
            source = TextSource(doc["guid"], doc["name"], text, selections)
            source.description = MEMO_SEPARATOR.join(memos.get(("document", doc["guid"]), []))
            source.values = doc_values.get(doc["guid"], {})
            sources.append(source)
        variables, cases = cases_to_exchange(
            self._project.cases.all(), self._project.cases.attributes(), case_docs, info["guid"]
        )
        for case in cases:
            case.description = MEMO_SEPARATOR.join(memos.get(("case", case.guid), []))
        classifications = [
            {"case": c["case"], "scheme": c["scheme"], "value": c["value"],
             "asOf": c["as_of"], "note": c["note"]}
            for c in self._project.cases.classifications()
        ]  # fmt: skip
        extension = {"speakers": speakers, "classifications": classifications}
        _distinct_titles(notes)
        return ProjectExchange(
            name=info["name"],
            users=users,
            codebook=codebook,
            variables=doc_variables + variables,
            cases=cases,
            sources=sources,
            notes=notes,
            description=info["description"],
            extension=extension if speakers or classifications else {},
        )

    def export_qdpx(
        self,
        out: BinaryIO,
        crlf: bool = False,
        pseudonymise: bool = True,
        qualify_names: bool = False,
        progress: Progress = None,
    ) -> dict:
        """Write the project as a REFI-QDA ``.qdpx`` file to a binary stream.

        By default the project is pseudonymised: every text, name, memo and value
        goes through the pseudonym key, and every selection is moved to cover the
        same words of the replaced text. ``pseudonymise=False`` writes real names.
        ``crlf=True`` writes texts with CRLF line ends (MAXQDA) and shifts positions.
        ``qualify_names=True`` renames codes that share a name to their full path.
        Returns ``pseudonymised`` and ``warnings`` (codes sharing a name)."""
        tell(progress, 0.0, "Collecting documents, codings and cases")
        exchange = self.qdpx_exchange()
        warnings = []
        if qualify_names:
            exchange.codebook = qualify_code_names(exchange.codebook)
        elif (shared := shared_names_warning(exchange.codebook)) is not None:
            warnings.append(shared)
        if pseudonymise:
            tell(progress, 0.3, "Replacing real names with pseudonyms")
            exchange = pseudonymise_exchange(exchange, self._project.exports.pseudonym_key())
        tell(progress, 0.5, f"Writing {len(exchange.sources)} sources")
        write_qdpx(exchange, out, crlf=crlf)
        tell(progress, 1.0, "Done")
        return {"pseudonymised": pseudonymise, "warnings": warnings}

    @staticmethod
    def validate_qdpx(data: bytes, schema: str | Path | None = None) -> list[str]:
        """Every problem of a ``.qdpx`` file, one line each (empty: valid).

        ``schema``: the standard's ``Project.xsd``; without it only structural
        checks run (duplicate and dangling GUIDs, selections outside their text,
        missing source files, unsafe zip members)."""
        if schema is not None:
            if not Path(schema).is_file():
                raise InvalidInput(f"{schema}: no such schema file")
            try:
                load_schema(schema)
            except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as err:
                raise InvalidInput(f"{schema}: not a usable XML schema ({err})") from None
        return [str(p) for p in validate_qdpx(io.BytesIO(data), schema)]

    # -- import ---------------------------------------------------------------------------
    def import_qdpx(self, filename: str, data: bytes, coder: str | None = None) -> dict:
        """Import another tool's ``.qdpx`` project in one transaction.

        Returns counts (codes, sources, selections, codings, cases, notes,
        users) and the warnings for what was skipped. Codes keep their GUIDs;
        a code GUID already in the project is refused and nothing is stored."""
        from corpus.segment import get_nlp, segment_text
        from corpus.speakers import detect
        from corpus.words import word_count

        try:
            exchange = read_qdpx(io.BytesIO(data), source=filename)
        except (QdpxError, FormatError) as err:
            raise InvalidInput(str(err)) from None
        nlp = get_nlp(self.settings.get("spacy_model"))
        prepared = []
        for source in exchange.sources:
            detection = detect(source.text)
            segments = segment_text(source.text, detection.turns, nlp)
            prepared.append((source, detection.preset, segments, word_count(source.text)))
        report = {
            "file": filename,
            "origin": exchange.origin,
            "codes": len(exchange.codebook.codes),
            "sources": 0,
            "selections": 0,
            "codings": 0,
            "cases": len(exchange.cases),
            "notes": len(exchange.notes),
            "users": len(exchange.users),
            "coders": 0,
            "memos": 0,
            "warnings": list(exchange.warnings),
        }
        with self._write() as conn:
            code_ids = self._qdpx_codes(conn, exchange, filename)
            coders = exchange_q.CoderMap(
                conn, {u.guid: u.name for u in exchange.users}, coder or FALLBACK_CODER
            )
            for user in exchange.users:  # users without codings are coders too
                coders.need(user.guid, fallback=False)
            cases = cases_q.CaseIndex(conn)
            docs, existing = self._qdpx_documents(conn, exchange, prepared, report)
            targets = self._qdpx_codings(conn, exchange, docs, existing, code_ids, coders, report)
            case_guids = self._qdpx_cases(conn, exchange, docs, cases, report)
            self._qdpx_extension(conn, exchange, docs, case_guids, report)
            self._qdpx_link_speakers(conn, docs, cases)
            self._qdpx_notes(conn, exchange, docs, targets, case_guids, coders, report)
            report["coders"] = coders.created
            changelog.append_entry(
                conn,
                "import qdpx",
                f"Imported {filename}: {report['codes']} codes, {report['sources']} documents, "
                f"{report['codings']} codings",
                coder,
                [],
                undoable=False,
            )
        return report

    def _qdpx_codes(self, conn, exchange: ProjectExchange, filename: str) -> dict[str, int]:
        """Insert the codebook; returns code GUID -> id."""
        codes = exchange.codebook.codes
        taken = exchange_q.taken_guids(conn, "codes", [c.guid for c in codes])
        if taken:
            first = next(c for c in codes if c.guid in taken)
            raise InvalidInput(
                f"{filename}: {len(taken)} code GUID(s) are already in this project "
                f"(e.g. {first.name!r}); import it into a new project"
            )
        stamp, base = now(), codes_q.next_position(conn, None)
        rows, order = [], {}
        for code in codes:
            n = order[code.parent] = order.get(code.parent, 0) + 1
            row = codes_q.code_values(
                code,
                parent_id=None,
                position=n + (base - 1 if code.parent is None else 0),
                created_at=stamp,
            )
            rows.append({**row, "name": code.name.strip() or "(unnamed)"})
        return exchange_q.insert_codes(conn, rows, {c.guid: c.parent for c in codes})

    def _qdpx_documents(
        self, conn, exchange, prepared, report
    ) -> tuple[dict[str, tuple[int, str]], list[int]]:
        """Source GUID -> (document id, document GUID), and the ids of documents
        that were in the project before (a source's text was already there)."""
        taken = exchange_q.taken_guids(conn, "documents", [s.guid for s, *_ in prepared])
        shas = [hashlib.sha256(s.text.encode("utf-8")).hexdigest() for s, *_ in prepared]
        known = docs_q.documents_by_sha(conn, shas)
        names = docs_q.DocumentNames(conn)
        existing = sorted({row["id"] for row in known.values()})
        rows, speakers, segments, sources = [], [], [], {}
        for (source, preset, segs, words), sha in zip(prepared, shas, strict=True):
            same = known.get(sha)
            if same is not None:
                report["warnings"].append(
                    f"source {source.name!r}: identical text is already in the project as "
                    f"{same['name']!r}; its codings were added there"
                )
                sources[source.guid] = same
                continue
            fields = document_fields(source.values, exchange.variables)
            row = {
                "guid": fresh_guid(source.guid, taken),
                "name": names.take(source.name.strip() or "Imported source"),
                "source_name": f"{source.name}.txt",
                "format": "qdpx",
                "kind": self._qdpx_kind(source.name, fields.get("kind"), report),
                "date": self._qdpx_date(source.name, fields.get("date"), report),
                "text": source.text,
                "sha256": sha,
                "words": words,
                "meta": {"speaker_preset": preset, "origin": exchange.origin},
            }
            known[sha] = sources[source.guid] = row
            rows.append(row)
            speakers.append(list(dict.fromkeys(s.speaker for s in segs if s.speaker)))
            segments.append((source.text, segs))
            report["sources"] += 1
        for row, doc_id in zip(rows, docs_q.insert_documents(conn, rows), strict=True):
            row["id"] = doc_id
        speaker_ids = docs_q.insert_speaker_rows(
            conn,
            [
                {"document_id": row["id"], "label": label, "participant_id": None}
                for row, labels in zip(rows, speakers, strict=True)
                for label in labels
            ],
        )
        segment_rows = []
        for row, labels, (text, segs) in zip(rows, speakers, segments, strict=True):
            own = {label: speaker_ids[row["id"], label] for label in labels}
            for seg in docs_q.segment_rows(segs, own, text):
                segment_rows.append({**seg, "document_id": row["id"]})
        docs_q.insert_segment_rows(conn, segment_rows)
        return {g: (row["id"], row["guid"]) for g, row in sources.items()}, existing

    @staticmethod
    def _qdpx_kind(name: str, kind: str | None, report: dict) -> str:
        if kind is None:
            return "interview"
        kind = kind.strip().lower().replace("_", " ").replace("-", " ")
        if kind in DOCUMENT_KINDS:
            return kind
        report["warnings"].append(f"source {name!r}: document kind {kind!r} unknown; interview")
        return "interview"

    @staticmethod
    def _qdpx_date(name: str, date: str | None, report: dict) -> str | None:
        try:
            return check_date(date)
        except InvalidInput as err:
            report["warnings"].append(f"source {name!r}: {err}; date left empty")
            return None

    def _qdpx_extension(self, conn, exchange, docs, cases, report) -> None:
        """Speaker-participant links and dated classifications from ``extensions/qda.xml``."""
        ext = exchange.extension
        links = {}
        for item in ext.get("speakers", []):
            if item["source"] in docs and item["case"] in cases:
                links[(docs[item["source"]][0], item["label"])] = cases[item["case"]]
        if links:
            exchange_q.link_speakers(conn, links)
        for item in ext.get("classifications", []):
            if item["case"] not in cases:
                continue
            try:
                as_of = check_date(item["asOf"])
            except InvalidInput as err:
                report["warnings"].append(f"classification {item['scheme']!r}: {err}; skipped")
                continue
            row = cases_q.require_case(conn, cases[item["case"]])
            cases_q.insert_classification(
                conn, row["id"], item["scheme"], item["value"], as_of, item.get("note", "")
            )

    def _qdpx_codings(
        self, conn, exchange, docs, existing, code_ids, coders, report
    ) -> dict[str, list[str]]:
        """Insert the codings; returns selection/coding GUID -> coding GUIDs
        (and a source's GUID -> its document's) for attaching notes."""
        all_guids = [c.guid for s in exchange.sources for sel in s.selections for c in sel.codings]
        taken = exchange_q.taken_guids(conn, "codings", all_guids)
        stored = exchange_q.existing_codings(conn, existing)
        for source in exchange.sources:
            for sel in source.selections:
                for coding in sel.codings:
                    coders.need(coding.user or sel.user)
        coders.flush()
        rows, targets, stamp, empty, repeated = [], {}, now(), 0, 0
        for source in exchange.sources:
            doc_id, _ = docs[source.guid]
            seen = set(stored.get(doc_id, ()))
            for sel in source.selections:
                if not sel.codings:
                    empty += 1
                    continue
                report["selections"] += 1
                for coding in sel.codings:
                    coder_id = coders.id_for(coding.user or sel.user)
                    key = (sel.start, sel.end, code_ids[coding.code], coder_id)
                    if key in seen:
                        repeated += 1
                        continue
                    seen.add(key)
                    guid = fresh_guid(coding.guid, taken)
                    when = _stamp(coding.created or sel.created, stamp)
                    rows.append(
                        {
                            "guid": guid,
                            "document_id": doc_id,
                            "start": sel.start,
                            "end": sel.end,
                            "segment_id": None,
                            "code_id": key[2],
                            "coder_id": coder_id,
                            "memo": None,
                            "created_at": when,
                            "updated_at": when,
                        }
                    )
                    targets.setdefault(sel.guid, []).append(guid)
                    targets[coding.guid] = [guid]
        exchange_q.insert_codings(conn, rows)
        report["codings"] = len(rows)
        if empty:
            report["warnings"].append(f"{empty} selection(s) without codings skipped")
        if repeated:
            report["warnings"].append(f"{repeated} repeated coding(s) of the same span skipped")
        return targets

    def _qdpx_cases(self, conn, exchange, docs, cases, report) -> dict[str, str]:
        """Case GUID in the file -> case GUID in the project. Cases are found
        and added in the file's order through ``cases`` and written together."""
        taken = exchange_q.taken_guids(conn, "cases", [c.guid for c in exchange.cases])
        attributes = cases_q.AttributeIndex(conn)
        out: dict[str, str] = {}
        values: dict = {}
        organisations: dict[str, cases_q.CaseRef] = {}  # document GUID -> its organisation
        for case in exchange.cases:
            f = case_fields(case, exchange.variables)
            found = cases.find(f.kind, f.name)
            if found is None:
                org = None
                if f.kind == "participant" and f.organisation:
                    org = cases.ensure_organisation(f.organisation)
                guid = None
                if f.guid not in taken:
                    guid = f.guid
                    taken.add(f.guid)
                found = cases.add(
                    f.kind, f.name, guid=guid, pseudonym=f.pseudonym, role=f.role, organisation=org
                )
            out[case.guid] = found.guid
            for name, (type_, value) in f.attributes.items():
                attr = attributes.get(name, f.kind, type_)
                where = f"case {f.name!r}: {name}"
                try:
                    values[found, attr] = normalise_value(value, attr.type, where)
                except InvalidInput as err:
                    report["warnings"].append(f"{err}; value skipped")
            if f.kind == "organisation":
                for source in f.sources:
                    if source in docs:
                        organisations.setdefault(docs[source][1], found)
        cases.flush()
        attributes.flush()
        cases_q.write_values(conn, values)
        exchange_q.set_document_organisations(
            conn, {doc: org.id for doc, org in organisations.items()}
        )
        return out

    def _qdpx_link_speakers(self, conn, docs: dict[str, tuple[int, str]], cases) -> None:
        """Link speaker labels to participants named exactly so (as on import)."""
        doc_ids = sorted({doc_id for doc_id, _ in docs.values()})
        links = {}
        for speaker_id, label in exchange_q.unlinked_speakers(conn, doc_ids):
            found = cases.find("participant", label)
            if found is not None:
                links[speaker_id] = found.id
        docs_q.set_speaker_participants(conn, links)

    def _qdpx_notes(self, conn, exchange, docs, targets, cases, coders, report) -> None:
        """Memos from ``Note``s and from ``Description``s of sources, cases and
        selections (where QualCoder and MAXQDA keep them). A ``Description``
        that only repeats the notes about the same thing (as we write both) is
        not stored twice."""
        project_guid = exchange_q.project_guid(conn)
        codes = {c.guid for c in exchange.codebook.codes}
        taken = exchange_q.taken_guids(conn, "memos", [n.guid for n in exchange.notes])
        notes, coding_memos, stamp = [], {}, now()
        about: dict[str, list[str]] = {}  # target GUID -> texts of the notes about it
        for note in exchange.notes:
            for target in note.targets:
                about.setdefault(target, []).append(note.text)
        described = [(s.guid, s.description, s.user, s.created) for s in exchange.sources]
        described += [(c.guid, c.description, None, None) for c in exchange.cases]
        for guid, text, user, created in described:
            if not text.strip() or _repeats(text, about.get(guid, [])):
                continue
            kind = ("document", docs[guid][1]) if guid in docs else None
            if kind is None and guid in cases:
                kind = ("case", cases[guid])
            if kind is not None:
                desc = Note(
                    derived_guid("description", guid), "Description", text, [], user, created
                )
                coders.need(user, fallback=False)
                notes.append((desc, [kind]))
        for source in exchange.sources:
            for sel in source.selections:
                if sel.description.strip():
                    for coding in targets.get(sel.guid, []):
                        coding_memos[coding] = sel.description
        for note in exchange.notes:
            kinds = []
            for target in note.targets:
                if target == PROJECT_TARGET:
                    kinds.append(("project", project_guid))
                elif target in codes:
                    kinds.append(("code", target))
                elif target in docs:
                    kinds.append(("document", docs[target][1]))
                elif target in cases:
                    kinds.append(("case", cases[target]))
                elif target in targets:
                    for coding in targets[target]:
                        memo = coding_memos.get(coding)
                        if memo and note.text.strip() in memo:
                            continue  # the selection's Description said it already
                        coding_memos[coding] = f"{memo}\n\n{note.text}" if memo else note.text
            if not kinds and not any(t in targets for t in note.targets):
                kinds.append(("project", project_guid))
            if kinds:
                coders.need(note.user, fallback=False)
            notes.append((note, kinds))
        coders.flush()
        rows = []
        for note, kinds in notes:
            when = _stamp(note.created, stamp)
            for kind, target in kinds:
                rows.append(
                    {
                        "guid": fresh_guid(note.guid, taken),
                        "target_kind": kind,
                        "target_guid": target,
                        "title": note.name,
                        "text": note.text,
                        "coder_id": coders.id_for(note.user, fallback=False),
                        "created_at": when,
                        "updated_at": when,
                    }
                )
        exchange_q.insert_memos(conn, rows)
        exchange_q.set_coding_memos(conn, coding_memos)
        report["memos"] = len(rows) + len(coding_memos)


def _repeats(description: str, notes: list[str]) -> bool:
    """Whether a ``Description`` holds nothing but the texts of ``notes``."""
    rest = description
    for text in notes:
        if text.strip() and text in rest:
            rest = rest.replace(text, "", 1)
    return bool(notes) and not rest.strip()
