"""One coding per span, code and coder; coding ids never reused; undo indexes.

Applying the same code to the same span as the same coder again returns the
existing coding. Two writers at once could both insert it; a unique index
now makes the database refuse the second, and the insert becomes an
insert-or-return. Projects that already hold such duplicates keep the oldest
of each (its memo, when it had none, taken from a newer one) and memos on the
removed ones move to it.

On SQLite the codings table is rebuilt with AUTOINCREMENT: without it a new
coding may take the id of one just undone, and redoing that undo would then
meet a stranger's row.

Three indexes on the change log let undo and redo find a coder's newest
change in effect with one query, however long the log.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

KEY = ("document_id", "start", "end", "code_id", "coder_id")
INDEX = "uq_codings_span_code_coder"
#: undo and redo find a coder's newest change, and whether an undo reverts
#: it, with one indexed query each
CHANGES_INDEXES = {
    "ix_changes_coder": ["coder"],
    "ix_changes_reverts": ["reverts"],
    "ix_changes_undoable_id": ["undoable", "id"],
}

# Frozen table shapes (never import the live schema module in a migration).
codings = sa.table(
    "codings",
    sa.column("id", sa.Integer),
    sa.column("guid", sa.String),
    sa.column("memo", sa.Text),
    *(sa.column(k, sa.Integer) for k in KEY),
)
memos = sa.table(
    "memos",
    sa.column("target_kind", sa.String),
    sa.column("target_guid", sa.String),
)


def remove_duplicates(conn) -> int:
    """Keep the oldest coding of each span+code+coder; returns how many went."""
    key = [codings.c[k] for k in KEY]
    groups = conn.execute(sa.select(*key).group_by(*key).having(sa.func.count() > 1)).all()
    removed = 0
    for values in groups:
        rows = conn.execute(
            sa.select(codings.c.id, codings.c.guid, codings.c.memo)
            .where(*(c == v for c, v in zip(key, values, strict=True)))
            .order_by(codings.c.id)
        ).all()
        keep, others = rows[0], rows[1:]
        if not keep.memo:
            memo = next((r.memo for r in reversed(others) if r.memo), None)
            if memo:
                conn.execute(sa.update(codings).where(codings.c.id == keep.id).values(memo=memo))
        conn.execute(
            sa.update(memos)
            .where(
                memos.c.target_kind == "coding",
                memos.c.target_guid.in_([r.guid for r in others]),
            )
            .values(target_guid=keep.guid)
        )
        conn.execute(sa.delete(codings).where(codings.c.id.in_([r.id for r in others])))
        removed += len(others)
    return removed


def upgrade() -> None:
    conn = op.get_bind()
    remove_duplicates(conn)
    if conn.dialect.name == "sqlite":
        with op.batch_alter_table(
            "codings", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass
    op.create_index(INDEX, "codings", list(KEY), unique=True)
    for name, columns in CHANGES_INDEXES.items():
        op.create_index(name, "changes", columns)


def downgrade() -> None:
    for name in CHANGES_INDEXES:
        op.drop_index(name, table_name="changes")
    op.drop_index(INDEX, table_name="codings")
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "codings", recreate="always", table_kwargs={"sqlite_autoincrement": False}
        ):
            pass
