"""Word counts of turns and paragraphs counted the way documents are counted.

Migration 0003 filled segment word counts by splitting at whitespace, while
documents were counted by ``corpus.words`` (a dash or an ellipsis alone is
not a word; ``don't`` and ``1,000`` are one). Import now counts segments the
same way; this recounts the segments of existing projects so that "per 1,000
words" does not depend on when a document was imported.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Frozen: the definition of a word on the day of this migration, and the table
# shapes it needs (a migration never imports the live code or schema).
WORD = re.compile(r"\w+(?:['\u2019-]\w+|(?<=\d)[.,]\d+)*")
documents = sa.table("documents", sa.column("id", sa.Integer), sa.column("text", sa.Text))
segments = sa.table(
    "segments",
    sa.column("id", sa.Integer),
    sa.column("document_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("start", sa.Integer),
    sa.column("end", sa.Integer),
    sa.column("words", sa.Integer),
)


def _recount(count) -> None:
    conn = op.get_bind()
    update = (
        sa.update(segments)
        .where(segments.c.id == sa.bindparam("segment_id"))
        .values(words=sa.bindparam("n"))
    )
    for doc_id, text in conn.execute(sa.select(documents.c.id, documents.c.text)):
        rows = conn.execute(
            sa.select(segments.c.id, segments.c.start, segments.c.end, segments.c.words).where(
                segments.c.document_id == doc_id, segments.c.kind.in_(("turn", "paragraph"))
            )
        ).all()
        changed = [
            {"segment_id": i, "n": n}
            for i, s, e, words in rows
            if (n := count(text[s:e])) != words
        ]
        if changed:
            conn.execute(update, changed)


def upgrade() -> None:
    _recount(lambda chunk: len(WORD.findall(chunk)))


def downgrade() -> None:
    _recount(lambda chunk: len(chunk.split()))
