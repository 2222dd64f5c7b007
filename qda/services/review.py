"""Project service: partner review of interim themes (member checking).

A researcher opens a *round* with chosen themes (codes). Opening takes a
snapshot: each theme's name and definition, how many organisations raised
it, and a few quotes, all pseudonymised and attributed to a group ("Participant
from VCSE"), never to a person. Partners see only that snapshot, for open
rounds shared with them, with only their own answers: per theme and per
quote they agree, partly agree or disagree and comment, and they may
propose a missing theme. Researchers read the responses by theme and by
partner organisation, export them (Word, CSV) and can import them as a
workshop-feedback document to code like any other.

Methods partners use take ``coder``, the acting user (a signed-in user's own
name, set by :mod:`qda.roles`); without it the caller is a researcher.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from qda.errors import AccessDenied, InvalidInput, NotFound
from qda.services.base import Service
from qda.storage import review as review_q
from qda.storage import schema
from qda.storage.changelog import now

VOTES = ("agree", "partly", "disagree")
DEFAULT_QUOTES = 3


class ReviewService(Service):
    """Review rounds shared with partner accounts, and their responses."""

    # -- who is asking ---------------------------------------------------------------------------
    def _partner(self, conn, coder: str | None) -> str | None:
        """The acting partner's name, or None for a researcher (or no account)."""
        if coder is None:
            return None
        return coder if review_q.user_role(conn, coder) == "partner" else None

    def _round(self, conn, ref: str, partner: str | None, *, for_answers: bool = False) -> dict:
        row = review_q.round_by_guid(conn, ref)
        if row is None and partner is None:
            matches = [r for r in review_q.rounds(conn) if r["title"] == ref]
            row = matches[0] if len(matches) == 1 else None
        if row is None:
            raise NotFound(f"no review round {ref!r}")
        if partner is not None:
            shared = not row["audience"] or partner in row["audience"]
            if not shared or (row["status"] != "open"):
                raise NotFound(f"no review round {ref!r}")  # nothing said about others' rounds
        elif for_answers and row["status"] != "open":
            raise InvalidInput(f"round: {row['title']!r} is closed")
        return row

    # -- researchers ---------------------------------------------------------------------------------
    def open_round(
        self,
        title: str,
        codes: Sequence[str],
        *,
        quotes_per_theme: int = DEFAULT_QUOTES,
        quotes: Mapping[str, list[str]] | None = None,
        partners: Sequence[str] | None = None,
        coder: str | None = None,
    ) -> str:
        """Open a round sharing ``codes`` as themes with ``partners`` (names of
        partner accounts; all partners when omitted). Returns its GUID."""
        from exports.pseudonyms import attribution
        from exports.workshop import pick_quotes

        title = (title or "").strip()
        if not title:
            raise InvalidInput("title: a review round needs a title")
        if not codes:
            raise InvalidInput("codes: choose at least one theme (code) to share")
        if quotes_per_theme < 0 or quotes_per_theme > 20:
            raise InvalidInput("quotes: between 0 and 20 quotes per theme")
        audience = list(dict.fromkeys(partners or []))
        with self._read() as conn:
            known = review_q.partner_organisations(conn)
        for name in audience:
            if name not in known:
                raise NotFound(f"partners: no partner account {name!r}")
        themes = self._project.exports.workshop_themes(list(codes), quotes)
        key = self._project.exports.pseudonym_key()
        stamp = now()
        guid = str(uuid.uuid4())
        with self._write() as conn:
            round_id = review_q.insert_row(
                conn,
                schema.review_rounds,
                {
                    "guid": guid,
                    "title": key.apply(title),
                    "status": "open",
                    "audience": audience,
                    "created_by": coder,
                    "created_at": stamp,
                },
            )
            code_ids = {r["guid"]: r["id"] for r in self._code_rows(conn)}
            for position, theme in enumerate(themes):
                theme_id = review_q.insert_row(
                    conn,
                    schema.review_themes,
                    {
                        "guid": str(uuid.uuid4()),
                        "round_id": round_id,
                        "code_id": code_ids.get(theme.code),
                        "position": position,
                        "name": key.apply(theme.name),
                        "definition": key.apply(theme.definition or ""),
                        "raised": theme.organisations_raised,
                        "organisations": theme.organisations_total,
                    },
                )
                picked = pick_quotes(theme.excerpts, quotes_per_theme, theme.quotes)
                for i, excerpt in enumerate(picked):
                    review_q.insert_row(
                        conn,
                        schema.review_quotes,
                        {
                            "guid": str(uuid.uuid4()),
                            "theme_id": theme_id,
                            "position": i,
                            "text": key.apply(excerpt.text.strip()),
                            "attribution": attribution(excerpt, key, "group"),
                        },
                    )
        return guid

    @staticmethod
    def _code_rows(conn) -> list[dict]:
        from sqlalchemy import select

        return [
            dict(r) for r in conn.execute(select(schema.codes.c.id, schema.codes.c.guid)).mappings()
        ]

    def close_round(self, round: str, coder: str | None = None) -> None:
        """Close a round: partners no longer see it; its responses stay."""
        with self._write() as conn:
            row = self._round(conn, round, None)
            review_q.set_round(conn, row["id"], {"status": "closed", "closed_at": now()})

    # -- everyone (partners see only their own) -------------------------------------------------------
    def rounds(self, coder: str | None = None) -> list[dict]:
        """Rounds, newest first: guid, title, status, created_at, themes and,
        for researchers, the audience and how many responses came in. A
        partner sees only open rounds shared with them."""
        with self._read() as conn:
            partner = self._partner(conn, coder)
            out = []
            for r in review_q.rounds(conn):
                if partner is not None and (
                    r["status"] != "open" or (r["audience"] and partner not in r["audience"])
                ):
                    continue
                row = {
                    "guid": r["guid"],
                    "title": r["title"],
                    "status": r["status"],
                    "created_at": r["created_at"],
                    "themes": len(review_q.themes(conn, r["id"])),
                }
                if partner is None:
                    answers = review_q.responses(conn, r["id"])
                    row["audience"] = r["audience"] or ["all partners"]
                    row["responses"] = len(answers)
                    row["partners_responding"] = len({a["partner"] for a in answers})
                out.append(row)
        return out

    def round(self, round: str, coder: str | None = None) -> dict:
        """A round as partners see it: its themes (name, definition, raised
        line, quotes with their group attribution); for a partner also their
        own answers (``mine``: target GUID -> vote and comment) and proposals."""
        from exports.workshop import Theme, raised_line

        with self._read() as conn:
            partner = self._partner(conn, coder)
            row = self._round(conn, round, partner)
            themes = review_q.themes(conn, row["id"])
            quotes = review_q.quotes(conn, row["id"])
            mine = review_q.responses(conn, row["id"], partner) if partner else []
            proposed = review_q.proposals(conn, row["id"], partner) if partner else []
        by_theme: dict[str, list[dict]] = {}
        for q in quotes:
            by_theme.setdefault(q["theme"], []).append(
                {"guid": q["guid"], "text": q["text"], "attribution": q["attribution"]}
            )
        return {
            "guid": row["guid"],
            "title": row["title"],
            "status": row["status"],
            "themes": [
                {
                    "guid": t["guid"],
                    "name": t["name"],
                    "definition": t["definition"],
                    "raised": raised_line(
                        Theme(
                            code="",
                            name=t["name"],
                            organisations_raised=t["raised"],
                            organisations_total=t["organisations"],
                        )
                    ),
                    "quotes": by_theme.get(t["guid"], []),
                }
                for t in themes
            ],
            "mine": {a["target_guid"]: {"vote": a["vote"], "comment": a["comment"]} for a in mine},
            "proposals": [{"name": p["name"], "description": p["description"]} for p in proposed],
        }

    def respond(
        self,
        round: str,
        target: str,
        vote: str | None = None,
        comment: str = "",
        coder: str | None = None,
    ) -> None:
        """A partner's answer on a theme or a quote (by GUID): ``vote`` one of
        agree, partly, disagree (or None) and a comment. Answering again
        replaces their earlier answer."""
        if vote is not None and vote not in VOTES:
            raise InvalidInput(f"vote: one of {', '.join(VOTES)}, not {vote!r}")
        comment = (comment or "").strip()
        if vote is None and not comment:
            raise InvalidInput("response: give a vote or a comment")
        with self._write() as conn:
            partner = self._partner(conn, coder)
            if partner is None:
                raise AccessDenied("respond: only partner accounts answer a review round")
            row = self._round(conn, round, partner)
            kinds = {t["guid"]: "theme" for t in review_q.themes(conn, row["id"])}
            kinds.update({q["guid"]: "quote" for q in review_q.quotes(conn, row["id"])})
            if target not in kinds:
                raise NotFound(f"target: no theme or quote {target!r} in this round")
            values = {"vote": vote, "comment": comment, "updated_at": now()}
            earlier = review_q.response(conn, row["id"], partner, target)
            if earlier is None:
                review_q.insert_row(
                    conn,
                    schema.review_responses,
                    {
                        "round_id": row["id"],
                        "partner": partner,
                        "target_kind": kinds[target],
                        "target_guid": target,
                        **values,
                    },
                )
            else:
                review_q.set_response(conn, earlier["id"], values)

    def propose_theme(
        self, round: str, name: str, description: str = "", coder: str | None = None
    ) -> None:
        """A partner proposes a theme the round is missing."""
        name = (name or "").strip()
        if not name:
            raise InvalidInput("name: a proposed theme needs a name")
        with self._write() as conn:
            partner = self._partner(conn, coder)
            if partner is None:
                raise AccessDenied("propose: only partner accounts propose themes")
            row = self._round(conn, round, partner)
            review_q.insert_row(
                conn,
                schema.review_proposals,
                {
                    "guid": str(uuid.uuid4()),
                    "round_id": row["id"],
                    "partner": partner,
                    "name": name,
                    "description": (description or "").strip(),
                    "created_at": now(),
                },
            )

    # -- researchers: the responses -------------------------------------------------------------------
    def responses(self, round: str) -> dict:
        """The responses of a round, for researchers: ``targets`` (each theme
        then its quotes, with votes counted and every comment with its
        partner and organisation), ``organisations`` (votes per partner
        organisation) and ``proposals``."""
        from exports.review import summarise

        with self._read() as conn:
            row = self._round(conn, round, None)
            themes = review_q.themes(conn, row["id"])
            quotes = review_q.quotes(conn, row["id"])
            answers = review_q.responses(conn, row["id"])
            proposals = review_q.proposals(conn, row["id"])
            organisations = review_q.partner_organisations(conn)
        return summarise(row, themes, quotes, answers, proposals, organisations)

    def export_responses(self, round: str, out: str | Path | BinaryIO, fmt: str = "docx") -> dict:
        """Write the responses as a Word report (``docx``) or a CSV table (one
        row per answer, spreadsheet-safe); returns counts."""
        from exports.review import write_csv, write_docx

        if fmt not in ("docx", "csv"):
            raise InvalidInput(f"format: docx or csv, not {fmt!r}")
        summary = self.responses(round)
        writer = write_docx if fmt == "docx" else write_csv
        if isinstance(out, (str, Path)):
            target = Path(out)
            partial = target.with_name(target.name + ".partial")
            with partial.open("wb") as f:
                writer(summary, f)
            partial.replace(target)
        else:
            writer(summary, out)
        return {"answers": summary["answers"], "proposals": len(summary["proposals"])}

    def import_responses(self, round: str, coder: str | None = None) -> dict:
        """The round's responses as a workshop-feedback document (one turn per
        answer, the partner as speaker) to code like any transcript."""
        from exports.review import feedback_text, speaker_labels

        summary = self.responses(round)
        if not summary["answers"] and not summary["proposals"]:
            raise InvalidInput(f"round: {summary['title']!r} has no responses to import")
        text = feedback_text(summary)
        labels = speaker_labels(summary)
        pattern = r"^(?P<speaker>" + "|".join(re.escape(label) for label in labels) + r"):"
        name = f"Review feedback - {summary['title']}"
        return self._project.corpus.import_file(
            name + ".txt",
            text.encode("utf-8"),
            kind="workshop",
            speakers=pattern,
            name=name,
            coder=coder,
        )
