"""Partner review: rounds of interim themes shared with community partners,
their anonymised quotes (a snapshot taken when the round opens), the
partners' responses and the themes they propose.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _id():
    return sa.Column("id", sa.Integer(), primary_key=True)


def _guid():
    return sa.Column("guid", sa.String(36), nullable=False, unique=True)


def _fk(name, target, nullable=False, ondelete="CASCADE"):
    return sa.Column(
        name, sa.Integer(), sa.ForeignKey(target, ondelete=ondelete), nullable=nullable
    )


def upgrade() -> None:
    op.create_table(
        "review_rounds",
        _id(),
        _guid(),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Text()),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("closed_at", sa.String(32)),
    )
    op.create_table(
        "review_themes",
        _id(),
        _guid(),
        _fk("round_id", "review_rounds.id"),
        _fk("code_id", "codes.id", nullable=True, ondelete="SET NULL"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("raised", sa.Integer(), nullable=False),
        sa.Column("organisations", sa.Integer(), nullable=False),
    )
    op.create_table(
        "review_quotes",
        _id(),
        _guid(),
        _fk("theme_id", "review_themes.id"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("attribution", sa.Text(), nullable=False),
    )
    op.create_table(
        "review_responses",
        _id(),
        _fk("round_id", "review_rounds.id"),
        sa.Column("partner", sa.Text(), nullable=False),
        sa.Column("target_kind", sa.String(8), nullable=False),
        sa.Column("target_guid", sa.String(36), nullable=False),
        sa.Column("vote", sa.String(8)),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("round_id", "partner", "target_guid", name="uq_review_response"),
    )
    op.create_table(
        "review_proposals",
        _id(),
        _guid(),
        _fk("round_id", "review_rounds.id"),
        sa.Column("partner", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "review_proposals",
        "review_responses",
        "review_quotes",
        "review_themes",
        "review_rounds",
    ):
        op.drop_table(table)
