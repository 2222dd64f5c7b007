"""Project service: suggestions a researcher may accept or reject.

Four suggesters, all transparent: keyword **rules** (each hit shows the
words that matched), **more like this** (the shared words), a **model**
learnt from the project's codings (score, cross-validated metrics, the words
that drove it) and emerging **themes** (top words, typical passages,
organisations). Nothing is coded until a person accepts: accepting goes
through ``project.coding.apply_code`` (so undo works) and is recorded with
who, when and which suggester; the coding then knows its origin (audit and
exports show it). A rejected suggestion is never offered again.

Suggestions are dicts: ``suggester``, ``code`` (GUID), ``path``, ``document``
(GUID), ``document_name``, ``segment``, ``start``, ``end``, ``score``,
``reason`` (the words that explain it) and ``text``, plus what each
suggester adds (rule matches and context, shared-word highlights).
"""

from __future__ import annotations

from collections import defaultdict

from qda.choices import SEGMENT_KINDS
from qda.errors import InvalidInput, NotFound
from qda.services.base import Service
from qda.services.suggestion_model import SuggestionModel
from qda.storage import codes as codes_q
from qda.storage import documents as docs_q
from qda.storage import suggestions as sug_q

SUGGESTERS = ("rules", "similar", "model", "themes")

# Whoever asks the questions: their turns are not offered as suggestions or
# themes (a question about funding is not talk about funding).
ASKERS = frozenset({"interviewer", "facilitator", "moderator", "researcher", "q", "int", "i"})


def is_asker(unit: dict) -> bool:
    label = (unit.get("speaker") or "").strip().rstrip(":").casefold()
    return label in ASKERS or label.split(" ")[0] in ("interviewer", "facilitator", "moderator")


class SuggestionsService(SuggestionModel, Service):
    # -- shared reading ----------------------------------------------------------------------
    def _paths(self, conn) -> dict[str, str]:
        return {r["guid"]: r["path"] for r in codes_q.with_paths(codes_q.all_codes(conn))}

    def default_unit(self) -> str:
        """The unit researchers code at here: the segment kind most codings sit
        on, else turns when the project has any, else paragraphs."""
        with self._read() as conn:
            counts = sug_q.coding_unit_counts(conn)
            kinds = sug_q.segment_kinds(conn)
        if counts:
            return max(sorted(counts), key=counts.__getitem__)
        return "turn" if "turn" in kinds else "paragraph"

    def _unit(self, unit: str | None) -> str:
        unit = unit or self.default_unit()
        if unit not in SEGMENT_KINDS:
            raise InvalidInput(f"unit: {unit!r} is not one of {', '.join(SEGMENT_KINDS)}")
        return unit

    def _units(self, conn, unit: str, documents=None) -> list[dict]:
        doc_ids = None
        if documents is not None:
            doc_ids = [docs_q.require_document(conn, d)["id"] for d in documents]
        return sug_q.units(conn, unit, doc_ids)

    @staticmethod
    def _coded_codes(units: list[dict], codings: list[dict]) -> list[set[str]]:
        """Per unit, the codes of the codings that cover a character of it."""
        from coding.units import Units

        by_doc: dict[int, list[int]] = defaultdict(list)
        for i, u in enumerate(units):
            by_doc[u["document_id"]].append(i)
        spans_by_doc: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for c in codings:
            spans_by_doc[c["document_id"]][c["code"]].append((c["start"], c["end"]))
        out: list[set[str]] = [set() for _ in units]
        for doc_id, idx in by_doc.items():
            if doc_id not in spans_by_doc:
                continue
            prepared = Units([(units[i]["start"], units[i]["end"]) for i in idx])
            for code, spans in spans_by_doc[doc_id].items():
                for j in prepared.coded(spans):
                    out[idx[j]].add(code)
        return out

    def _suggestion(self, suggester, unit_row, code, paths, score=None, reason=()) -> dict:
        return {
            "suggester": suggester,
            "code": code,
            "path": paths.get(code, code),
            "document": unit_row["document"],
            "document_name": unit_row["document_name"],
            "segment": unit_row["guid"],
            "start": unit_row["start"],
            "end": unit_row["end"],
            "score": score,
            "reason": ", ".join(reason),
            "text": unit_row["text"],
            "speaker": unit_row.get("participant") or unit_row.get("speaker"),
            "organisation": unit_row.get("organisation"),
        }

    def _skip(self, conn) -> set[tuple[int, int, int, str]]:
        """(document id, start, end, code GUID) never to offer: rejected ones."""
        guids = {v: k for k, v in codes_q.code_ids(conn).items()}
        return {(d, a, b, guids[c]) for d, a, b, c in sug_q.rejected(conn) if c in guids}

    def _excluded(self, units, codings, skip, codes) -> set[tuple[int, str]]:
        """(unit index, code) pairs not to offer: coded already, rejected, or
        the interviewer's turn."""
        coded = self._coded_codes(units, codings)
        out = {(i, c) for i, cs in enumerate(coded) for c in cs}
        for i, u in enumerate(units):
            asker = is_asker(u)
            for c in codes:
                if asker or (u["document_id"], u["start"], u["end"], c) in skip:
                    out.add((i, c))
        return out

    # -- rules -------------------------------------------------------------------------------
    def rules(self) -> list[dict]:
        """Every codable code with its keywords and rule (pattern, speakers,
        organisations), in codebook order."""
        with self._read() as conn:
            paths = self._paths(conn)
            rows = sug_q.code_rows(conn)
        return [
            {
                "code": r["guid"],
                "path": paths[r["guid"]],
                "keywords": r["keywords"],
                "pattern": r["pattern"],
                "speakers": r["speakers"],
                "organisations": r["organisations"],
            }
            for r in rows
            if r["codable"]
        ]

    def set_rule(
        self,
        code: str,
        pattern: str = "",
        speakers: list[str] | tuple[str, ...] = (),
        organisations: list[str] | tuple[str, ...] = (),
    ) -> None:
        """A code's pattern and conditions (its keywords are edited with the
        codebook); all blank removes the rule."""
        from coding.rules import InvalidRule, check_pattern

        pattern = (pattern or "").strip()
        try:
            check_pattern(pattern)
        except InvalidRule as err:
            raise InvalidInput(str(err)) from None
        clean = lambda xs: [x.strip() for x in xs if x and x.strip()]  # noqa: E731
        with self._write() as conn:
            row = codes_q.resolve_code(conn, code)
            sug_q.save_rule(conn, row["id"], pattern, clean(speakers), clean(organisations))

    def rule_hits(
        self, codes: list[str] | None = None, unit: str | None = None, documents=None
    ) -> list[dict]:
        """Rule suggestions at ``unit``: passages a code's keywords or pattern
        match, leaving out passages already coded with the code and rejected
        suggestions; each with ``matches`` (document offsets and term) and
        ``context`` (before, match, after)."""
        from coding.rules import InvalidRule, Passage, Rule, RuleMatcher

        unit = self._unit(unit)
        with self._read() as conn:
            paths = self._paths(conn)
            wanted = (
                None if codes is None else {codes_q.resolve_code(conn, c)["guid"] for c in codes}
            )
            rows = [r for r in sug_q.code_rows(conn) if r["codable"]]
            units = self._units(conn, unit, documents)
            codings = sug_q.human_codings(conn)
            skip = self._skip(conn)
        rules = [
            Rule(
                r["guid"],
                tuple(r["keywords"]),
                r["pattern"],
                tuple(r["speakers"]),
                tuple(r["organisations"]),
            )
            for r in rows
            if wanted is None or r["guid"] in wanted
        ]
        try:
            matcher = RuleMatcher(rules)
        except InvalidRule as err:
            raise InvalidInput(str(err)) from None
        coded = self._coded_codes(units, codings)
        passages = [
            Passage(
                str(i),
                u["document"],
                u["start"],
                u["end"],
                u["text"],
                tuple(s for s in (u["speaker"], u["participant"]) if s),
                u["organisation"],
            )
            for i, u in enumerate(units)
        ]
        out = []
        for hit in matcher.hits(passages):
            i = int(hit.passage.key)
            u = units[i]
            if hit.code in coded[i] or (u["document_id"], u["start"], u["end"], hit.code) in skip:
                continue
            if is_asker(u):
                continue
            row = self._suggestion("rules", u, hit.code, paths, None, hit.terms)
            row["matches"] = [(m.start, m.end, m.term) for m in hit.matches]
            row["context"] = hit.context()
            out.append(row)
        return out

    # -- more like this ----------------------------------------------------------------------
    def more_like_this(
        self,
        coding: str | None = None,
        texts: list[str] | None = None,
        unit: str | None = None,
        top: int = 20,
        code: str | None = None,
    ) -> list[dict]:
        """Units most like a coding's passage (or the ``texts`` given, e.g. a
        selection), best first, with ``shared`` words and ``highlights``
        (offsets in ``text``). Offered for the coding's code (or ``code``);
        units already coded with it, and rejected ones, are left out."""
        from coding.similar import more_like_this, term_spans

        unit = self._unit(unit)
        with self._read() as conn:
            paths = self._paths(conn)
            if coding is not None:
                found = sug_q.coding_passage(conn, coding)
                if found is None:
                    raise NotFound(f"no coding {coding!r}")
                texts = [found["text"]]
                code = code or found["code"]
            elif code is not None:
                code = codes_q.resolve_code(conn, code)["guid"]
            if not texts:
                raise InvalidInput("choose a coding or select a passage")
            units = self._units(conn, unit)
            codings = sug_q.human_codings(conn)
            skip = self._skip(conn)
        coded = self._coded_codes(units, codings)
        exclude = {
            i
            for i, u in enumerate(units)
            if code is not None
            and (code in coded[i] or (u["document_id"], u["start"], u["end"], code) in skip)
        }
        chosen = {t.strip() for t in texts}
        exclude |= {i for i, u in enumerate(units) if u["text"].strip() in chosen or is_asker(u)}
        out = []
        for s in more_like_this(texts, [u["text"] for u in units], top=top, exclude=exclude):
            u = units[s.index]
            row = self._suggestion("similar", u, code, paths, s.score, s.shared)
            row["shared"] = list(s.shared)
            row["highlights"] = term_spans(u["text"], s.shared)
            out.append(row)
        return out

    # -- emerging themes ---------------------------------------------------------------------
    def themes(
        self, k: int = 5, scope: str = "uncoded", unit: str | None = None, passages: int = 25
    ) -> list[dict]:
        """``k`` topics over the uncoded (or ``scope="all"``) units: number,
        label, top words, organisations and up to ``passages`` suggestions
        (most typical first, no code yet)."""
        from coding.themes import discover_themes

        if scope not in ("uncoded", "all"):
            raise InvalidInput(f"scope: {scope!r} is not 'uncoded' or 'all'")
        if not 1 <= k <= 50:
            raise InvalidInput(f"k: the number of themes must be 1 to 50 (got {k})")
        unit = self._unit(unit)
        with self._read() as conn:
            units = self._units(conn, unit)
            codings = sug_q.human_codings(conn) if scope == "uncoded" else []
        if scope == "uncoded":
            coded = self._coded_codes(units, codings)
            units = [u for u, cs in zip(units, coded, strict=True) if not cs]
        units = [u for u in units if u["text"].strip() and not is_asker(u)]
        try:
            found = discover_themes(
                [u["text"] for u in units],
                k,
                [u["organisation"] for u in units],
                typical=passages,
            )
        except ValueError as err:
            raise InvalidInput(f"themes: {err}") from None
        out = []
        for t in found:
            rows = []
            for i, weight in t.typical:
                row = self._suggestion("themes", units[i], None, {}, weight, t.words[:5])
                rows.append(row)
            out.append(
                {
                    "number": t.number,
                    "label": t.label,
                    "words": t.words,
                    "size": len(t.passages),
                    "organisations": [{"name": n, "passages": c} for n, c in t.organisations],
                    "passages": rows,
                }
            )
        return out

    def theme_to_code(self, theme: dict, name: str | None = None, coder: str | None = None):
        """A new code from a theme of :meth:`themes` (its words as keywords and
        definition) and the theme's passages as suggestions for it."""
        name = (name or "").strip() or theme["label"].replace(" / ", " ").capitalize()
        words = theme["words"]
        code = self._project.codebook.add_code(
            name,
            coder=coder,
            definition="Emerging theme; its strongest words: " + ", ".join(words) + ".",
            keywords=words[:5],
        )
        with self._read() as conn:
            path = self._paths(conn)[code]
        suggestions = [{**p, "code": code, "path": path} for p in theme["passages"]]
        return code, suggestions

    # -- decisions ---------------------------------------------------------------------------
    def _check(self, s: dict) -> None:
        if s.get("suggester") not in SUGGESTERS:
            raise InvalidInput(
                f"suggester: {s.get('suggester')!r} is not one of {', '.join(SUGGESTERS)}"
            )
        if not s.get("code"):
            raise InvalidInput("code: a suggestion needs a code before it can be decided")
        if not s.get("document"):
            raise InvalidInput("document: this suggestion is for text outside the project")

    def _decision_values(self, conn, s: dict, decision: str, coder: str) -> dict:
        doc = docs_q.require_document(conn, s["document"])
        return {
            "suggester": s["suggester"],
            "code_id": codes_q.resolve_code(conn, s["code"])["id"],
            "document_id": doc["id"],
            "start": s["start"],
            "end": s["end"],
            "decision": decision,
            "coder": coder,
            "score": s.get("score"),
            "reason": s.get("reason") or "",
        }

    def accept(self, suggestion: dict, coder: str) -> str:
        """Code the suggestion's passage (through ``project.coding.apply_code``,
        so undo takes it back) and record who accepted it from which
        suggester; returns the coding's GUID."""
        self._check(suggestion)
        coding = self._project.coding
        with self._read() as conn:
            before = sug_q.last_change(conn)
        if suggestion.get("segment"):
            guid = coding.apply_code(suggestion["code"], coder, segment=suggestion["segment"])
        else:
            guid = coding.apply_code(
                suggestion["code"],
                coder,
                document=suggestion["document"],
                start=suggestion["start"],
                end=suggestion["end"],
            )
        with self._write() as conn:
            values = self._decision_values(conn, suggestion, "accepted", coder)
            note = f"(accepted {suggestion['suggester']} suggestion)"
            new = sug_q.note_in_change_log(conn, guid, note, before)
            # a coding the coder had made already keeps its own (human) origin
            sug_q.record_decision(conn, coding_guid=guid if new else None, **values)
        return guid

    def accept_all(self, suggestions: list[dict], coder: str) -> list[str]:
        for s in suggestions:
            self._check(s)
        return [self.accept(s, coder) for s in suggestions]

    def reject(self, suggestion: dict, coder: str) -> None:
        """Record the rejection: the passage is not offered for the code again."""
        self._check(suggestion)
        if not (coder or "").strip():
            raise InvalidInput("coder: a coder name is needed")
        with self._write() as conn:
            sug_q.record_decision(
                conn, **self._decision_values(conn, suggestion, "rejected", coder)
            )

    def decisions(self, limit: int | None = 100) -> list[dict]:
        """Accepted and rejected suggestions, newest first (the audit)."""
        with self._read() as conn:
            return sug_q.decisions(conn, limit)

    def origins(self, codings: list[str] | None = None) -> dict[str, str]:
        """Coding GUID -> suggester, for codings that began as a suggestion."""
        with self._read() as conn:
            return sug_q.origins(conn, codings)
