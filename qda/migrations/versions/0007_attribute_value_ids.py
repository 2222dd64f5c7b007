"""An id for each attribute value, so edits to it can be undone.

The change log replays row images by id; attribute values had only the
(case, attribute) pair, so an attribute edited on the Cases sheet could not
be undone. Existing rows get ids in their stored order.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot add a primary key in place: the table is copied, and the
        # new INTEGER PRIMARY KEY numbers the copied rows.
        with op.batch_alter_table("attribute_values", recreate="always") as batch:
            batch.add_column(sa.Column("id", sa.Integer(), nullable=False))
            batch.create_primary_key("pk_attribute_values", ["id"])
    else:
        op.execute("ALTER TABLE attribute_values ADD COLUMN id SERIAL")
        op.create_primary_key("pk_attribute_values", "attribute_values", ["id"])


def downgrade() -> None:
    with op.batch_alter_table("attribute_values", recreate="always") as batch:
        batch.drop_constraint("pk_attribute_values", type_="primary")
        batch.drop_column("id")
