"""Consensus decisions: how a disagreement between two coders was resolved.

A resolution copies codings to the consensus coder; this table remembers the
decision itself (also "neither", which leaves no coding behind), so the
disagreement browser knows what is settled.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consensus_decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("guid", sa.String(36), nullable=False, unique=True),
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "code_id", sa.Integer(), sa.ForeignKey("codes.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("coder_a", sa.Text(), nullable=False),
        sa.Column("coder_b", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column(
            "consensus_id",
            sa.Integer(),
            sa.ForeignKey("coders.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("decided_by", sa.Text()),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index(
        "ix_consensus_decisions_document_code", "consensus_decisions", ["document_id", "code_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_consensus_decisions_document_code", "consensus_decisions")
    op.drop_table("consensus_decisions")
