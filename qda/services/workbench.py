"""Project service: the coding workbench (document windows, progress, retrieval).

Retrieval semantics (``retrieve``):

* Each excerpt is one coding. Two codings are *together* when they are in the
  same document and either overlap by at least one character or start in the
  same context segment (the speaker turn containing their start, or the
  paragraph when the document has no turns).
* ``mode="or"``: codings of any listed code.
* ``mode="and"``: codings of a listed code that are together with a coding of
  every other listed code ("passages coded with both"); codings of each side
  are returned, so an A AND B passage appears once as A and once as B.
* ``exclude`` (NOT): drops codings that are together with a coding of an
  excluded code. With no codes at all, every coding passing the filters counts.
* Filters (organisation, document kind, speaker, coder, dates, case
  attributes) narrow the codings on every side of AND and NOT alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from codebooks import tree
from coding import progress, spans
from qda.errors import InvalidInput
from qda.storage import codes as codes_q
from qda.storage import documents as docs_q
from qda.storage import workbench as wb_q
from qda.values import filter_forms

SEGMENT_KINDS = ("turn", "paragraph", "sentence")


@dataclass
class RetrievalQuery:
    """What to retrieve; every filter left empty means "any"."""

    codes: list[str] = field(default_factory=list)
    mode: str = "or"  # "or" | "and"
    exclude: list[str] = field(default_factory=list)
    include_subcodes: bool = False
    organisations: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    coders: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)


def display_speaker(label: str | None, participant: str | None, pseudonym: str | None, show: bool):
    """The name to show for a speaker: the participant's pseudonym when
    pseudonyms are on (else the label as written), the participant's name when off."""
    if participant is None:
        return label
    if show:
        return pseudonym or label
    return participant


def _replaced(text: str, spans: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end, shown)`` span replaced by ``shown``."""
    if not spans:
        return text
    out, last = [], 0
    for a, b, shown in spans:
        out += [text[last:a], shown]
        last = b
    out.append(text[last:])
    return "".join(out)


def _code_paths(parents: dict[int, tuple]) -> dict[int, str]:
    """Every code's path from ``wb_q.code_parents`` rows (id -> parent, name, ...)."""
    return tree.paths((cid, entry[0], entry[1]) for cid, entry in parents.items())


class Workbench:
    """Document windows, progress and retrieval (part of :class:`qda.services.coding.CodingService`)."""

    # -- the document window ----------------------------------------------------------------
    def _check_kind(self, kind: str) -> str:
        if kind not in SEGMENT_KINDS:
            raise InvalidInput(f"segment kind {kind!r} is not one of: {', '.join(SEGMENT_KINDS)}")
        return kind

    def document_view(
        self, doc: str, kind: str = "turn", start_index: int = 0, count: int = 40
    ) -> dict:
        """A window of ``count`` segments of ``kind`` from ``start_index`` (0-based),
        with every coding overlapping the window. Costs what the window costs."""
        self._check_kind(kind)
        show = bool(self.settings.get("show_pseudonyms", True))
        key = self._project.exports.pseudonym_key() if show else None
        if key is not None:
            apply, spans = key.applier(), key.spanner()
        with self._read() as conn:
            row = docs_q.require_document(conn, doc)
            doc_id = row["id"]
            total = wb_q.segment_count(conn, doc_id, kind)
            start_index = max(0, min(int(start_index), max(total - 1, 0)))
            segs = wb_q.window_segments(conn, doc_id, kind, start_index, max(1, int(count)))
            codings: list[dict] = []
            if segs:
                lo, hi = segs[0]["start"], max(s["end"] for s in segs)
                text = wb_q.text_slice(conn, doc_id, lo, hi)
                codings = wb_q.codings_overlapping(conn, doc_id, lo, hi)
                code_paths = _code_paths(wb_q.code_parents(conn)) if codings else {}
        segments = []
        for i, s in enumerate(segs):
            segment = {
                "index": start_index + i,
                "guid": s["guid"],
                "kind": s["kind"],
                "start": s["start"],
                "end": s["end"],
                "speaker": s["speaker"],
                "display_speaker": display_speaker(
                    s["speaker"], s["participant"], s["pseudonym"], show
                ),
                "text": text[s["start"] - lo : s["end"] - lo],
            }
            if key is not None:
                # the pseudonymised view: names shown as their pseudonyms, offsets kept
                if segment["display_speaker"]:
                    segment["display_speaker"] = apply(segment["display_speaker"])
                found = spans(segment["text"])
                segment["names"] = [(s["start"] + a, s["start"] + b, n) for a, b, n in found]
                segment["shown_text"] = _replaced(segment["text"], found)
            else:
                segment["shown_text"] = segment["text"]
            segments.append(segment)
        for c in codings:
            c["code_path"] = code_paths[c.pop("code_id")]
            c["shown_memo"] = apply(c["memo"]) if key is not None and c["memo"] else c["memo"]
        return {
            "document": row["guid"],
            "name": apply(row["name"]) if key is not None else row["name"],
            "kind": kind,
            "start_index": start_index,
            "total": total,
            "segments": segments,
            "codings": codings,
        }

    def segment_index(self, doc: str, kind: str, position: int) -> int:
        """Index of the segment of ``kind`` containing character ``position``
        (or the last one starting before it)."""
        self._check_kind(kind)
        with self._read() as conn:
            doc_id = docs_q.require_document(conn, doc)["id"]
            return max(0, wb_q.index_of(conn, doc_id, kind, position + 1) - 1)

    def next_uncoded(
        self, doc: str, kind: str = "turn", after_index: int = -1, coder: str | None = None
    ) -> dict | None:
        """The first segment after ``after_index`` that no coding (by ``coder``
        when given) overlaps: ``{"index", "guid", "start"}``, or None."""
        self._check_kind(kind)
        with self._read() as conn:
            doc_id = docs_q.require_document(conn, doc)["id"]
            after = -1
            if after_index >= 0:
                found = wb_q.segment_start_at(conn, doc_id, kind, after_index)
                after = found if found is not None else 1 << 62
            coder_id = None
            if coder:
                coder_id = wb_q.coder_id(conn, coder)
                if coder_id is None:
                    coder_id = -1  # nobody coded anything yet: every segment is uncoded
            seg = wb_q.next_uncoded(conn, doc_id, kind, after, coder_id)
            if seg is None:
                return None
            index = wb_q.index_of(conn, doc_id, kind, seg["start"])
        return {"index": index, "guid": seg["guid"], "start": seg["start"]}

    # -- progress ----------------------------------------------------------------------------------
    def document_progress(self) -> list[dict]:
        """Per document (see :mod:`coding.progress`): the counting unit
        (turns, or paragraphs when there are none), its segments, how many of
        them a coding covers a character of and their ``percent``; the
        document's ``length`` in characters, the characters any coding covers
        (``coded_characters``) and their ``characters_percent``; codings; and
        per coder ``coders: {name: {"coded", "codings", "coded_characters"}}``.
        Percentages never exceed 100."""
        with self._read() as conn:
            docs = wb_q.documents_brief(conn)
            segment_spans = wb_q.segment_spans(conn)
            coding_spans = wb_q.coding_spans(conn)
        found = progress.project_progress(
            {d["id"]: d["length"] for d in docs},
            ({"document": d, "kind": k, "start": s, "end": e} for d, k, s, e in segment_spans),
            ({"document": d, "start": s, "end": e, "coder": c} for d, s, e, c in coding_spans),
        )
        out = []
        for d in docs:
            p = found[d["id"]]
            out.append(
                {
                    "guid": d["guid"],
                    "name": d["name"],
                    "kind": d["kind"],
                    "organisation": d["organisation"],
                    "unit": p.kind,
                    "segments": p.total.units,
                    "coded": p.total.coded,
                    "percent": p.total.percent,
                    "length": p.total.length,
                    "coded_characters": p.total.coded_characters,
                    "characters_percent": p.total.characters_percent,
                    "codings": p.total.codings,
                    "coders": {
                        name: {
                            "coded": c.coded,
                            "codings": c.codings,
                            "coded_characters": c.coded_characters,
                        }
                        for name, c in p.coders.items()
                    },
                }
            )
        return out

    def coder_progress(self) -> list[dict]:
        """Per coder: codings, documents and codes touched, segments coded
        (in each document's counting unit) and when they last coded."""
        with self._read() as conn:
            summary = wb_q.coder_summary(conn)
        coded: dict[str, int] = defaultdict(int)
        for d in self.document_progress():
            for name, c in d["coders"].items():
                coded[name] += c["coded"]
        return [{**s, "coded_segments": coded.get(s["coder"], 0)} for s in summary]

    # -- retrieval ----------------------------------------------------------------------------------
    def _code_group(self, conn, ref: str, parents, subcodes: bool) -> set[int]:
        root = codes_q.resolve_code(conn, ref)["id"]
        if not subcodes:
            return {root}
        return set(tree.with_descendants({cid: e[0] for cid, e in parents.items()}, [root]))

    def retrieve(self, query: RetrievalQuery) -> list[dict]:
        """Excerpts matching ``query`` (see the module docstring for AND/OR/NOT),
        in document order, each with its text, context, source and speaker."""
        if query.mode not in ("and", "or"):
            raise InvalidInput(f"query mode {query.mode!r} is not 'and' or 'or'")
        show = bool(self.settings.get("show_pseudonyms", True))
        with self._read() as conn:
            parents = wb_q.code_parents(conn)
            groups = [
                self._code_group(conn, c, parents, query.include_subcodes) for c in query.codes
            ]
            excluded: set[int] = set()
            for ref in query.exclude:
                excluded |= self._code_group(conn, ref, parents, query.include_subcodes)
            wanted = set().union(*groups) if groups else None
            code_ids = None if wanted is None else sorted(wanted | excluded)
            doc_filters = wb_q.date_overlaps(query.date_from, query.date_to)
            if query.organisations:
                orgs = wb_q.organisation_ids(conn, query.organisations)
                doc_filters.append(wb_q.D.organisation_id.in_(orgs or [-1]))
            if query.kinds:
                doc_filters.append(wb_q.D.kind.in_(query.kinds))
            if query.documents:
                ids = [docs_q.require_document(conn, ref)["id"] for ref in query.documents]
                doc_filters.append(wb_q.D.id.in_(ids))
            speakers = wb_q.speaker_ids(conn, query.speakers) if query.speakers else None
            attr_orgs, attr_people = [], []
            for name, value in query.attributes.items():
                o, p = wb_q.cases_with_attribute(conn, name, filter_forms(value))
                attr_orgs.append(o)
                attr_people.append(p)
            rows = wb_q.retrieval_rows(
                conn,
                code_ids=code_ids,
                document_filters=doc_filters,
                coder_names=query.coders,
                speaker_ids_=speakers,
                participant_ids=attr_people,
                organisation_ids=attr_orgs,
            )
            for r in rows:  # as coding records (coding.spans)
                r["document"], r["code"] = r["document_id"], r["code_id"]
                r["context"] = r["turn_id"] if r["turn_id"] is not None else r["para_id"]
            chosen = self._combine(rows, groups, excluded, wanted, query.mode)
            contexts = wb_q.context_segments(conn, [r["context"] for r in chosen if r["context"]])
            docs = wb_q.documents_with_text(conn, [r["document_id"] for r in chosen])
        chosen.sort(key=lambda r: (docs[r["document_id"]]["position"], r["start"], r["end"]))
        code_paths = _code_paths(parents)
        found = [self._excerpt(r, docs, contexts, parents, code_paths, show) for r in chosen]
        if show and found:
            # the pseudonymised view: every text a real name can be in, through the key
            apply = self._project.exports.pseudonym_key().applier()
            for e in found:
                for field in (
                    "text",
                    "context",
                    "document_name",
                    "organisation",
                    "speaker",
                    "memo",
                ):
                    if e[field]:
                        e[field] = apply(e[field])
        return found

    @staticmethod
    def _combine(rows, groups, excluded, wanted, mode) -> list[dict]:
        """The rows AND / OR / NOT keeps (:func:`coding.spans.combine`);
        ``wanted`` is the union of ``groups`` (None without codes)."""
        return spans.combine(rows, groups, excluded, mode)

    @staticmethod
    def _excerpt(r, docs, contexts, parents, code_paths, show) -> dict:
        doc = docs[r["document_id"]]
        text = doc["text"]
        ctx = contexts.get(r["context"]) if r["context"] else None
        if ctx is not None and ctx["end"] > r["start"]:
            c_start, c_end = min(ctx["start"], r["start"]), max(ctx["end"], r["end"])
        else:
            c_start, c_end = max(0, r["start"] - 200), min(len(text), r["end"] + 200)
        speaker = ctx if ctx is not None and ctx["kind"] == "turn" else None
        code_path = code_paths[r["code_id"]]
        return {
            "guid": r["guid"],
            "document": doc["guid"],
            "document_name": doc["name"],
            "document_kind": doc["kind"],
            "date": doc["date"],
            "organisation": doc["organisation"],
            "start": r["start"],
            "end": r["end"],
            "text": text[r["start"] : r["end"]],
            "context": text[c_start:c_end],
            "context_start": c_start,
            "context_end": c_end,
            "segment": ctx["guid"] if ctx else None,
            "segment_kind": ctx["kind"] if ctx else None,
            "segment_index": ctx["ordinal"] - 1 if ctx else None,
            "speaker": display_speaker(
                speaker["speaker"], speaker["participant"], speaker["pseudonym"], show
            )
            if speaker
            else None,
            "code": parents[r["code_id"]][2],
            "code_name": parents[r["code_id"]][1],
            "code_path": code_path,
            "colour": parents[r["code_id"]][3],
            "coder": r["coder"],
            "memo": r["memo"],
        }
