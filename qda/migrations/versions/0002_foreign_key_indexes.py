"""Index the foreign-key columns that deletes and joins look up.

Without these, deleting a document made SQLite scan every coding once per
segment (to null ``codings.segment_id``), and counting a document's speaker
turns scanned every segment of the project.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_segments_speaker_id", "segments", ["speaker_id"]),
    ("ix_codings_segment_id", "codings", ["segment_id"]),
    ("ix_codings_coder_id", "codings", ["coder_id"]),
    ("ix_speakers_participant_id", "speakers", ["participant_id"]),
    ("ix_documents_organisation_id", "documents", ["organisation_id"]),
    ("ix_cases_organisation_id", "cases", ["organisation_id"]),
    ("ix_attribute_values_attribute_id", "attribute_values", ["attribute_id"]),
    ("ix_classifications_case_id", "classifications", ["case_id"]),
    ("ix_duplicates_document_id", "duplicates", ["document_id"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
