"""The database schema as SQLAlchemy Core tables.

This module describes the *current* schema for queries. The schema itself is
created and upgraded only by the numbered Alembic migrations in
``qda/migrations/versions``; a test checks that the two agree.

Integer ids never leave the database: every row a user or another tool can
refer to carries a ``guid``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


def _guid() -> Column:
    return Column("guid", String(36), nullable=False, unique=True)


def _fk(name: str, target: str, *, nullable: bool = True, ondelete: str = "CASCADE") -> Column:
    return Column(name, Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable)


projects = Table(
    "projects",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("settings", JSON, nullable=False, default=dict),
    Column("revision", Integer, nullable=False, default=0),
    Column("created_at", String(32), nullable=False),
)

coders = Table(
    "coders",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    Column("name", Text, nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
)

# Organisations and participants are both cases. A participant may belong to
# an organisation (another case).
cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    Column("kind", String(16), nullable=False),  # organisation | participant
    Column("name", Text, nullable=False),
    Column("pseudonym", Text),
    Column("role", Text),
    _fk("organisation_id", "cases.id", ondelete="SET NULL"),
    Column("description", Text, nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
    UniqueConstraint("kind", "name", name="uq_cases_kind_name"),
)

attributes = Table(
    "attributes",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    Column("name", Text, nullable=False),
    Column("type", String(8), nullable=False),  # text | number | date | boolean
    Column("applies_to", String(16), nullable=False),  # organisation | participant
    UniqueConstraint("name", "applies_to", name="uq_attributes_name_applies_to"),
)

attribute_values = Table(
    "attribute_values",
    metadata,
    Column("id", Integer, primary_key=True),  # migration 0007: undoable edits
    _fk("case_id", "cases.id", nullable=False),
    _fk("attribute_id", "attributes.id", nullable=False),
    Column("value", Text, nullable=False),
    UniqueConstraint("case_id", "attribute_id", name="uq_attribute_values_case_attribute"),
)

# Dated classifications: "culture = egalitarianism as of 2015-02".
classifications = Table(
    "classifications",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    _fk("case_id", "cases.id", nullable=False),
    Column("scheme", Text, nullable=False),
    Column("value", Text, nullable=False),
    Column("as_of", String(10), nullable=False),  # YYYY, YYYY-MM or YYYY-MM-DD
    Column("note", Text, nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    Column("name", Text, nullable=False, unique=True),
    Column("source_name", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("kind", String(16), nullable=False, default="interview"),
    Column("date", String(10)),
    _fk("organisation_id", "cases.id", ondelete="SET NULL"),
    Column("text", Text, nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("words", Integer, nullable=False, default=0),
    Column("meta", JSON, nullable=False, default=dict),
    Column("position", Integer, nullable=False, default=0),
    Column("created_at", String(32), nullable=False),
)

# A speaker label as written in a document, mapped to a participant.
speakers = Table(
    "speakers",
    metadata,
    Column("id", Integer, primary_key=True),
    _fk("document_id", "documents.id", nullable=False),
    Column("label", Text, nullable=False),
    _fk("participant_id", "cases.id", ondelete="SET NULL"),
    UniqueConstraint("document_id", "label", name="uq_speakers_document_label"),
)

segments = Table(
    "segments",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    _fk("document_id", "documents.id", nullable=False),
    Column("kind", String(10), nullable=False),  # turn | paragraph | sentence
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    _fk("speaker_id", "speakers.id", ondelete="SET NULL"),
    Column("ordinal", Integer, nullable=False),
    Column("meta", JSON),
    Column("words", Integer),  # turns and paragraphs (migration 0003); NULL for sentences
    Index("ix_segments_document_kind_start", "document_id", "kind", "start"),
)

codes = Table(
    "codes",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    _fk("parent_id", "codes.id", ondelete="RESTRICT"),
    Column("name", Text, nullable=False),
    Column("definition", Text, nullable=False, default=""),
    Column("inclusion", Text, nullable=False, default=""),
    Column("exclusion", Text, nullable=False, default=""),
    Column("example", Text, nullable=False, default=""),
    Column("colour", String(7), nullable=False, default="#9e9e9e"),
    Column("codable", Boolean, nullable=False, default=True),
    Column("keywords", JSON, nullable=False, default=list),
    Column("framework", Text, nullable=False, default=""),
    Column("meta", JSON, nullable=False, default=dict),
    Column("position", Integer, nullable=False, default=0),
    Column("created_at", String(32), nullable=False),
    Index("ix_codes_parent_id", "parent_id"),
)

codings = Table(
    "codings",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    _fk("document_id", "documents.id", nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    _fk("segment_id", "segments.id", ondelete="SET NULL"),
    _fk("code_id", "codes.id", nullable=False, ondelete="RESTRICT"),
    _fk("coder_id", "coders.id", nullable=False, ondelete="RESTRICT"),
    Column("memo", Text),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Index("ix_codings_document_start", "document_id", "start"),
    Index("ix_codings_code_id", "code_id"),
)

# Memos on the project, a document, a code, a case or a coding (by GUID).
memos = Table(
    "memos",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    Column("target_kind", String(16), nullable=False),
    Column("target_guid", String(36), nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("text", Text, nullable=False),
    _fk("coder_id", "coders.id", ondelete="SET NULL"),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Index("ix_memos_target", "target_kind", "target_guid"),
)

# Passages a researcher marks as duplicate (e.g. an executive summary that
# repeats the body): codings inside them do not count in analysis.
duplicates = Table(
    "duplicates",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    _fk("document_id", "documents.id", nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("note", Text, nullable=False, default=""),
)

# The pseudonymisation key: real names and their pseudonyms.
pseudonyms = Table(
    "pseudonyms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("real", Text, nullable=False, unique=True),
    Column("pseudonym", Text, nullable=False),
    Column("kind", String(16), nullable=False),  # person | organisation | place
    Column("accepted", Boolean, nullable=False, default=True),
)

# Named codebook snapshots ("before the interim workshop").
snapshots = Table(
    "snapshots",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    Column("name", Text, nullable=False, unique=True),
    Column("data", JSON, nullable=False),
    Column("created_at", String(32), nullable=False),
)

# Append-only change log. Each entry holds the row images needed to undo and
# redo it. Undo and redo are entries too: ``reverts`` points at the entry they
# reverse, so the log itself is never rewritten.
changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(32), nullable=False),
    Column("coder", Text),
    Column("action", Text, nullable=False),
    Column("summary", Text, nullable=False, default=""),
    Column("ops", JSON, nullable=False),
    Column("undoable", Boolean, nullable=False, default=True),
    Column("reverts", Integer),
)


# Indexes on foreign-key columns (migration 0002).
for _name, _table, _column in [
    ("ix_segments_speaker_id", segments, "speaker_id"),
    ("ix_codings_segment_id", codings, "segment_id"),
    ("ix_codings_coder_id", codings, "coder_id"),
    ("ix_speakers_participant_id", speakers, "participant_id"),
    ("ix_documents_organisation_id", documents, "organisation_id"),
    ("ix_cases_organisation_id", cases, "organisation_id"),
    ("ix_attribute_values_attribute_id", attribute_values, "attribute_id"),
    ("ix_classifications_case_id", classifications, "case_id"),
    ("ix_duplicates_document_id", duplicates, "document_id"),
]:
    Index(_name, _table.c[_column])
