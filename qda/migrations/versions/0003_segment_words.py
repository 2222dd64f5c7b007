"""Word counts on turns and paragraphs.

Analysis divides by the words of each counting unit; counting them from the
text on every analysis meant splitting the whole corpus each time. The count
is now stored once, at import, and filled in here for existing projects.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Frozen table shapes for the backfill (never import the live schema module
# in a migration: it describes whatever the newest schema is).
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


def upgrade() -> None:
    op.add_column("segments", sa.Column("words", sa.Integer(), nullable=True))
    conn = op.get_bind()
    update = (
        sa.update(segments)
        .where(segments.c.id == sa.bindparam("segment_id"))
        .values(words=sa.bindparam("n"))
    )
    for doc_id, text in conn.execute(sa.select(documents.c.id, documents.c.text)):
        rows = conn.execute(
            sa.select(segments.c.id, segments.c.start, segments.c.end).where(
                segments.c.document_id == doc_id, segments.c.kind.in_(("turn", "paragraph"))
            )
        ).all()
        if rows:
            conn.execute(
                update, [{"segment_id": i, "n": len(text[s:e].split())} for i, s, e in rows]
            )


def downgrade() -> None:
    with op.batch_alter_table("segments") as batch:
        batch.drop_column("words")
