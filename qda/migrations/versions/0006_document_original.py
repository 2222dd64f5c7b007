"""The original text of a converted document, kept for provenance.

A Markdown or HTML file is stored as plain canonical text (every offset
refers to it) and a PDF's text without running headers, page numbers and
line-end hyphens; the text as read from the file is kept here (NULL when
nothing was converted).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("original", sa.Text(), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+): a batch copy of the table would
    # drop the old documents table and, with foreign keys on, its segments.
    op.drop_column("documents", "original")
