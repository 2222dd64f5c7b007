"""Project service: importing transcripts and reading documents back."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from corpus.model import DOCUMENT_KINDS, ImportFailed, ParsedDocument
from corpus.words import word_count
from qda.errors import InvalidInput, NotFound, os_error_line
from qda.services.base import Service
from qda.storage import cases as cases_q
from qda.storage import changelog
from qda.storage import documents as docs_q
from qda.values import check_date, infer_type, normalise_value

MAX_FILE_BYTES = 200 * 1024 * 1024
# Segment rows inserted per statement: a batch of ordinary transcripts fits in
# one; a 50 MB text (3 million segments) never holds all its rows at once.
SEGMENT_CHUNK = 50_000
SURVEY_EXTENSIONS = (".csv", ".xlsx")


@dataclass
class ImportReport:
    imported: list[dict] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def _public(row: dict) -> dict:
    """Drop integer ids: only GUIDs leave the facade."""
    return {k: v for k, v in row.items() if k != "id" and not k.endswith("_id")}


def check_kind(kind: str | None) -> str:
    kind = (kind or "interview").strip().lower().replace("_", " ").replace("-", " ")
    if kind not in DOCUMENT_KINDS:
        raise InvalidInput(f"kind {kind!r} is not one of: {', '.join(DOCUMENT_KINDS)}")
    return kind


@dataclass
class _NewDocument:
    """A parsed document to store, with where it goes."""

    parsed: ParsedDocument
    filename: str
    kind: str
    date: str | None
    name: str | None
    organisation: cases_q.CaseRef | None
    aliases: dict[str, str | None]
    allow_duplicate: bool = False
    affiliations: dict[str, str] = field(default_factory=dict)


def _store_documents(
    conn, cases: cases_q.CaseIndex, docs: list[_NewDocument]
) -> list[tuple[int, str]]:
    """Insert parsed documents with their speakers and segments, a statement
    for each table whatever the number of documents; returns (id, GUID) of
    each. A speaker label is linked to the participant it names (an explicit
    alias is created as a participant of the document's organisation when
    missing); new cases of ``cases`` are written here too."""
    checked = [d.parsed.sha256 for d in docs if not d.allow_duplicate]
    known = (
        {sha: row["name"] for sha, row in docs_q.documents_by_sha(conn, checked).items()}
        if checked
        else {}
    )
    names = docs_q.DocumentNames(conn)
    rows, links = [], []
    for d in docs:
        parsed = d.parsed
        if not d.allow_duplicate and parsed.sha256 in known:
            raise ImportFailed(
                d.filename, f"identical text is already in the project as {known[parsed.sha256]!r}"
            )
        doc_name = names.take((d.name or parsed.name).strip() or Path(d.filename).stem)
        known.setdefault(parsed.sha256, doc_name)
        rows.append(
            {
                "guid": str(uuid.uuid4()),
                "name": doc_name,
                "source_name": Path(d.filename).name,
                "format": parsed.format,
                "kind": d.kind,
                "date": d.date,
                "text": parsed.text,
                "original": parsed.original,
                "sha256": parsed.sha256,
                "words": (
                    parsed.meta["word_count"]
                    if "word_count" in parsed.meta
                    else word_count(parsed.text)
                ),
                "meta": {
                    k: v for k, v in parsed.meta.items() if k not in ("word_count", "attributes")
                },
            }
        )
        links.append(_link_speakers(cases, d))
    cases.flush()
    for row, d in zip(rows, docs, strict=True):
        row["organisation_id"] = d.organisation.id if d.organisation else None
    ids = docs_q.insert_documents(conn, rows)
    speaker_ids = docs_q.insert_speaker_rows(
        conn,
        [
            {"document_id": doc_id, "label": label, "participant_id": p.id if p else None}
            for doc_id, d, linked in zip(ids, docs, links, strict=True)
            for label in d.parsed.speakers
            for p in [linked.get(label)]
        ],
    )
    segments = []  # one statement for a usual batch; chunks for a huge document
    for doc_id, d in zip(ids, docs, strict=True):
        own = {label: speaker_ids[doc_id, label] for label in d.parsed.speakers}
        for seg in docs_q.iter_segment_rows(d.parsed.segments, own, d.parsed.text):
            seg["document_id"] = doc_id
            segments.append(seg)
            if len(segments) >= SEGMENT_CHUNK:
                docs_q.insert_segment_rows(conn, segments)
                segments = []
    docs_q.insert_segment_rows(conn, segments)
    return [(doc_id, row["guid"]) for doc_id, row in zip(ids, rows, strict=True)]


def _link_speakers(cases: cases_q.CaseIndex, d: _NewDocument) -> dict[str, cases_q.CaseRef]:
    """Speaker label -> participant. A label with a confirmed affiliation
    names a participant of that organisation (created, with the
    organisation, when missing); the others are linked as
    :func:`qda.storage.cases.link_labels` links them."""
    labels = list(d.parsed.speakers)
    linked: dict[str, cases_q.CaseRef] = {}
    for label in labels:
        org = (d.affiliations.get(label) or "").strip()
        name = d.aliases.get(label, label)
        if not org or not name:
            continue
        organisation = cases.ensure_organisation(org)
        linked[label] = cases.find("participant", name) or cases.add(
            "participant", name, organisation=organisation
        )
    rest = [label for label in labels if label not in linked]
    linked.update(cases_q.link_labels(cases, rest, d.aliases, d.organisation))
    return linked


def speaker_edits(
    *,
    paragraphs_only: bool = False,
    rename: dict[str, str] | None = None,
    not_speakers: Iterable[str] = (),
    keep_as_written: Iterable[str] = (),
):
    """The user's corrections of detected speakers, for :meth:`CorpusService.preview`
    and :meth:`CorpusService.import_file` (:class:`corpus.review.SpeakerEdits`):
    paragraphs only; ``rename`` a label (two labels renamed alike are merged);
    labels that are ``not_speakers``; initials to ``keep_as_written`` (undo
    their automatic alias to a full name)."""
    from corpus.review import SpeakerEdits

    rename = {k.strip(): v.strip() for k, v in (rename or {}).items() if k.strip()}
    for label, new in rename.items():
        if not new:
            raise InvalidInput(f"speaker {label!r}: the new label is empty")
    return SpeakerEdits(
        paragraphs_only=paragraphs_only,
        rename=rename,
        not_speakers=frozenset(x.strip() for x in not_speakers if x.strip()),
        keep_as_written=frozenset(x.strip() for x in keep_as_written if x.strip()),
    )


class CorpusService(Service):
    """Documents: import (files, surveys), their text, segments and speakers."""

    # -- import ---------------------------------------------------------------------
    def preview(
        self,
        filename: str,
        data: bytes,
        speakers: str = "auto",
        *,
        kind: str | None = None,
        edits=None,
    ):
        """How a file would import, without storing it: a
        :class:`corpus.pipeline.ImportPreview` (the document, how its speakers
        were found, alias suggestions, the kind, the coverage of the text by
        speaker turns with a warning when low, the affiliations to confirm).
        ``kind`` None: detected (a report, else an interview); ``edits``: from
        :func:`speaker_edits`. Raises ``ImportFailed``."""
        from corpus import preview_document
        from corpus.segment import get_nlp

        nlp = get_nlp(self.settings.get("spacy_model"))
        return preview_document(
            filename,
            data,
            speakers,
            nlp,
            kind=check_kind(kind) if kind else None,
            edits=edits,
        )

    speaker_edits = staticmethod(speaker_edits)

    @staticmethod
    def read_survey(filename: str, data: bytes):
        """A survey table read without storing it (:class:`corpus.surveys.Survey`)."""
        from corpus.surveys import read_survey

        return read_survey(filename, data)

    @staticmethod
    def speaker_presets() -> dict[str, str]:
        """The speaker-label formats offered, name to description (no "custom")."""
        from corpus.speakers import PRESETS

        return {k: p.description for k, p in PRESETS.items() if k != "custom"}

    @staticmethod
    def importable_extensions() -> tuple[str, ...]:
        """File name endings :meth:`import_files` takes: transcripts, then surveys."""
        from corpus.readers import SUPPORTED_EXTENSIONS

        return (*SUPPORTED_EXTENSIONS, *SURVEY_EXTENSIONS)

    def parse(self, filename: str, data: bytes, speakers: str = "auto") -> ParsedDocument:
        """Parse a file without storing it (the import preview)."""
        from corpus import parse_document
        from corpus.segment import get_nlp

        return parse_document(
            filename, data, speakers=speakers, nlp=get_nlp(self.settings.get("spacy_model"))
        )

    def import_file(
        self,
        filename: str,
        data: bytes,
        *,
        organisation: str | None = None,
        kind: str | None = None,
        date: str | None = None,
        speakers: str = "auto",
        name: str | None = None,
        aliases: dict[str, str | None] | None = None,
        parsed: ParsedDocument | None = None,
        coder: str | None = None,
        edits=None,
        affiliations: dict[str, str] | None = None,
        accept_affiliations: bool = False,
    ) -> dict:
        """Import one file as one document in one transaction.

        ``kind`` None: the kind the text looks like (a report, else an
        interview); a kind's default decides how speakers are found when
        ``speakers`` is ``"auto"``. ``edits`` (:func:`speaker_edits`) correct
        the detected speakers. ``aliases`` maps speaker labels as written to
        participant names (several labels may name the same person, e.g.
        initials); a participant that does not exist yet is created, belonging
        to ``organisation``. ``affiliations`` maps labels to the organisation
        they speak for, as confirmed in the preview (``accept_affiliations``:
        every one the preview proposes, then ``affiliations`` on top): the
        participant is created in that organisation, the organisation too
        when new. Raises :class:`ImportFailed` naming the file; nothing is
        stored then."""
        kind = check_kind(kind) if kind else None
        date = check_date(date)
        if len(data) > MAX_FILE_BYTES:
            raise ImportFailed(filename, f"larger than {MAX_FILE_BYTES // 2**20} MB")
        confirmed: dict[str, str] = {}
        if parsed is None:
            preview = self.preview(filename, data, speakers, kind=kind, edits=edits)
            parsed, kind = preview.document, preview.kind
            if accept_affiliations:
                confirmed.update(preview.affiliations)
        kind = kind or "interview"
        confirmed.update(affiliations or {})
        unknown = sorted(set(confirmed) - set(parsed.speakers))
        if unknown:
            raise InvalidInput(f"{Path(filename).name}: no speaker {unknown[0]!r} to affiliate")
        if not parsed.text.strip():
            raise ImportFailed(filename, "no text found")
        with self._write() as conn:
            cases = cases_q.CaseIndex(conn)
            [(_, guid)] = _store_documents(
                conn,
                cases,
                [
                    _NewDocument(
                        parsed,
                        filename,
                        kind=kind,
                        date=date,
                        name=name,
                        organisation=cases.ensure_organisation(organisation)
                        if organisation
                        else None,
                        aliases=dict(aliases or {}),
                        affiliations=confirmed,
                    )
                ],
            )
            changelog.append_entry(
                conn,
                "import",
                f"Imported {parsed.name!r} from {Path(filename).name}",
                coder,
                [],
                undoable=False,
            )
        document = self.document(guid)
        if parsed.meta.get("encoding"):
            document["note"] = (
                f"{Path(filename).name}: not UTF-8, read as {parsed.meta['encoding']}; "
                "check its accented letters and quotes"
            )
        return document

    def import_survey(
        self,
        filename: str,
        data: bytes,
        *,
        id_column: str | None = None,
        text_columns: list[str] | None = None,
        organisation: str | None = None,
        date: str | None = None,
        coder: str | None = None,
    ) -> list[dict]:
        """A CSV/XLSX survey: each respondent becomes a participant (their other
        columns become participant attributes) and a document of kind survey
        whose turns are their answers, one per open-ended question. All
        respondents or none."""
        from corpus.segment import get_nlp
        from corpus.surveys import read_survey, respondent_document

        date = check_date(date)
        survey = read_survey(filename, data, id_column=id_column, text_columns=text_columns)
        if not survey.text_columns:
            raise ImportFailed(
                filename, "no open-ended (free-text) column found; name one with --text-column"
            )
        nlp = get_nlp(self.settings.get("spacy_model"))
        stem = Path(filename).stem
        types = {
            col: infer_type([r.attributes.get(col, "") for r in survey.respondents])
            for col in survey.attribute_columns
        }
        answered = [
            (line, respondent)
            for line, respondent in enumerate(survey.respondents, start=2)
            if any(v.strip() for v in respondent.answers.values())
        ]
        if not answered:
            raise ImportFailed(filename, "every respondent's answers are empty")
        # Segmenting (spaCy) happens before the write transaction opens.
        parsed = [respondent_document(r, survey.text_columns, nlp) for _, r in answered]
        with self._write() as conn:
            cases = cases_q.CaseIndex(conn)
            attributes = cases_q.AttributeIndex(conn)
            org = cases.ensure_organisation(organisation) if organisation else None
            values: dict = {}
            for line, respondent in answered:
                person = cases.find("participant", respondent.id) or cases.add(
                    "participant", respondent.id, organisation=org
                )
                for col in survey.attribute_columns:
                    value = respondent.attributes.get(col, "")
                    if not value.strip():
                        continue
                    attr = attributes.get(col, "participant", types[col])
                    where = f"{filename} line {line}, column {col!r}"
                    values[person, attr] = normalise_value(value, attr.type, where)
            stored = _store_documents(
                conn,
                cases,
                [
                    _NewDocument(
                        doc,
                        filename,
                        kind="survey",
                        date=date,
                        name=f"{stem} {respondent.id}",
                        organisation=org,
                        aliases={respondent.id: respondent.id},
                        allow_duplicate=True,
                    )
                    for doc, (_, respondent) in zip(parsed, answered, strict=True)
                ],
            )
            attributes.flush()
            cases_q.write_values(conn, values)
            changelog.append_entry(
                conn,
                "import",
                f"Imported survey {Path(filename).name} ({len(stored)} respondents)",
                coder,
                [],
                undoable=False,
            )
        with self._read() as conn:
            rows = docs_q.list_documents(conn, ids=[doc_id for doc_id, _ in stored])
        return [_public(r) for r in rows]

    def import_files(
        self,
        paths: Iterable[str | Path],
        *,
        progress: Callable[[int, int, str], None] | None = None,
        **options,
    ) -> ImportReport:
        """Import many files; one failure does not stop the batch."""
        paths = list(paths)
        report = ImportReport()
        if paths:
            self._project.backup(f"before importing {len(paths)} file(s)")
        for i, path in enumerate(paths, 1):
            path = Path(path)
            if progress:
                progress(i, len(paths), path.name)
            try:
                data = path.read_bytes()
                if path.suffix.lower() in SURVEY_EXTENSIONS:
                    survey_options = {
                        k: options[k] for k in ("organisation", "date", "coder") if k in options
                    }
                    report.imported.extend(self.import_survey(path.name, data, **survey_options))
                else:
                    report.imported.append(self.import_file(path.name, data, **options))
            except ImportFailed as err:
                report.failed.append((path.name, err.reason))
            except OSError as err:
                reason = os_error_line(err).removeprefix(f"{err.filename}: ")
                report.failed.append((path.name, reason))
            except InvalidInput as err:
                report.failed.append((path.name, str(err)))
        return report

    # -- reading -----------------------------------------------------------------------
    def documents(self) -> list[dict]:
        with self._read() as conn:
            return [_public(d) for d in docs_q.list_documents(conn)]

    def document(self, ref: str) -> dict:
        with self._read() as conn:
            row = docs_q.require_document(conn, ref)
            return _public(docs_q.list_documents(conn, row["id"])[0])

    def document_text(self, ref: str) -> str:
        with self._read() as conn:
            return docs_q.require_document(conn, ref)["text"]

    def document_original(self, ref: str) -> str | None:
        """The file's text before markup conversion or PDF clean-up (provenance);
        None when the stored text is the file's text."""
        with self._read() as conn:
            return docs_q.require_document(conn, ref)["original"]

    def segments(self, ref: str, kind: str | None = None) -> list[dict]:
        with self._read() as conn:
            doc = docs_q.require_document(conn, ref)
            rows = docs_q.document_segments(conn, doc["id"], kind)
        text = doc["text"]
        return [
            {**_public(r), "text": text[r["start"] : r["end"]], "document": doc["guid"]}
            for r in rows
        ]

    def speakers(self, ref: str) -> list[dict]:
        with self._read() as conn:
            doc = docs_q.require_document(conn, ref)
            return [_public(r) for r in docs_q.document_speakers(conn, doc["id"])]

    # -- editing metadata -----------------------------------------------------------------
    def update_document(self, ref: str, **values) -> dict:
        allowed = {"name", "kind", "date", "organisation"}
        unknown = set(values) - allowed
        if unknown:
            raise InvalidInput(f"cannot edit {', '.join(sorted(unknown))} of a document")
        with self._write() as conn:
            doc = docs_q.require_document(conn, ref)
            new: dict = {}
            if "name" in values:
                name = (values["name"] or "").strip()
                if not name:
                    raise InvalidInput("a document needs a name")
                if name != doc["name"] and docs_q.name_taken(conn, name):
                    raise InvalidInput(f"another document is already called {name!r}")
                new["name"] = name
            if "kind" in values:
                new["kind"] = check_kind(values["kind"])
            if "date" in values:
                new["date"] = check_date(values["date"])
            if "organisation" in values:
                org = values["organisation"]
                new["organisation_id"] = cases_q.ensure_organisation(conn, org) if org else None
            docs_q.update_document(conn, doc["id"], new)
        return self.document(doc["guid"])

    def delete_document(self, ref: str, coder: str | None = None) -> None:
        with self._write() as conn:
            doc = docs_q.require_document(conn, ref)
            docs_q.delete_document(conn, doc["id"])
            changelog.append_entry(
                conn, "delete document", f"Deleted {doc['name']!r}", coder, [], undoable=False
            )

    def map_speaker(
        self, ref: str, label: str, participant: str | None, organisation: str | None = None
    ) -> None:
        """Link a speaker label of a document to a participant (created if new)."""
        with self._write() as conn:
            doc = docs_q.require_document(conn, ref)
            speaker = next(
                (s for s in docs_q.document_speakers(conn, doc["id"]) if s["label"] == label), None
            )
            if speaker is None:
                raise NotFound(f"document {doc['name']!r} has no speaker {label!r}")
            pid = None
            if participant:
                found = cases_q.find_case(conn, "participant", participant)
                if found:
                    pid = found["id"]
                else:
                    org_id = (
                        cases_q.ensure_organisation(conn, organisation)
                        if organisation
                        else doc["organisation_id"]
                    )
                    pid = cases_q.insert_case(
                        conn, "participant", participant, organisation_id=org_id
                    )
            docs_q.set_speaker_participant(conn, speaker["id"], pid)
