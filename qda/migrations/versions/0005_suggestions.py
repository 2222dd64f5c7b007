"""Suggestions: rules on codes, and the decisions researchers take on suggestions.

``code_rules`` holds what a code's keywords (kept on the code) cannot say: a
regular expression and conditions on the speaker and the organisation.
``suggestion_decisions`` records every suggestion a person accepted or
rejected (who, when, which suggester, the score and the reason shown); an
accepted one names the coding it became, which is how a coding knows it
began as a suggestion, and a rejected one is never offered again.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "code_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("pattern", sa.Text(), nullable=False),
        sa.Column("speakers", sa.JSON(), nullable=False),
        sa.Column("organisations", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["code_id"], ["codes.id"], name=op.f("fk_code_rules_code_id_codes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code_rules")),
        sa.UniqueConstraint("code_id", name=op.f("uq_code_rules_code_id")),
    )
    op.create_table(
        "suggestion_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("suggester", sa.String(length=16), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("coder", sa.Text(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("coding_guid", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["code_id"],
            ["codes.id"],
            name=op.f("fk_suggestion_decisions_code_id_codes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_suggestion_decisions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestion_decisions")),
        sa.UniqueConstraint("guid", name=op.f("uq_suggestion_decisions_guid")),
    )
    op.create_index(
        "ix_suggestion_decisions_document_code",
        "suggestion_decisions",
        ["document_id", "code_id", "start"],
    )
    op.create_index("ix_suggestion_decisions_coding_guid", "suggestion_decisions", ["coding_guid"])


def downgrade() -> None:
    op.drop_index("ix_suggestion_decisions_coding_guid", table_name="suggestion_decisions")
    op.drop_index("ix_suggestion_decisions_document_code", table_name="suggestion_decisions")
    op.drop_table("suggestion_decisions")
    op.drop_table("code_rules")
