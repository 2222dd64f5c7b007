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
    Float,
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
    # the file's text before markup conversion / PDF clean-up (migration 0006)
    Column("original", Text),
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

#: what makes a coding unique: its span, code and coder
CODING_KEY = ("document_id", "start", "end", "code_id", "coder_id")

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
    # one coding per span, code and coder (migration 0004): a repeat returns it
    Index("uq_codings_span_code_coder", *CODING_KEY, unique=True),
    # ids never reused on SQLite, so a redo finds its rows' ids free (0004)
    sqlite_autoincrement=True,
)

# How a disagreement between two coders (or groups) was resolved into the
# consensus coder's codings (migration 0009); "neither" leaves no coding.
consensus_decisions = Table(
    "consensus_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    _fk("document_id", "documents.id", nullable=False),
    _fk("code_id", "codes.id", nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("coder_a", Text, nullable=False),
    Column("coder_b", Text, nullable=False),
    Column("decision", String(16), nullable=False),
    _fk("consensus_id", "coders.id", nullable=False),
    Column("decided_by", Text),
    Column("created_at", String(32), nullable=False),
    Index("ix_consensus_decisions_document_code", "document_id", "code_id"),
)

# Accounts (migration 0010): a project without users is single-user; with
# users, everyone signs in and their role decides what they may do.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # admin | coder | partner
    Column("password_hash", Text, nullable=False),
    Column("failed_logins", Integer, nullable=False, default=0, server_default="0"),
    Column("locked_until", String(32)),
    Column("organisation", Text),  # a partner's organisation, for review responses
    Column("created_at", String(32), nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    _fk("user_id", "users.id", nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
)

# Partner review (migration 0011): a round shares chosen themes, with a
# snapshot of their anonymised quotes, with partner accounts; partners vote
# and comment on each theme and quote and propose missing themes.
review_rounds = Table(
    "review_rounds",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    Column("title", Text, nullable=False),
    Column("status", String(8), nullable=False),  # open | closed
    Column("audience", JSON, nullable=False),  # partner names; [] = every partner
    Column("created_by", Text),
    Column("created_at", String(32), nullable=False),
    Column("closed_at", String(32)),
)

review_themes = Table(
    "review_themes",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    _fk("round_id", "review_rounds.id", nullable=False),
    _fk("code_id", "codes.id", ondelete="SET NULL"),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("definition", Text, nullable=False),
    Column("raised", Integer, nullable=False),  # organisations raising it
    Column("organisations", Integer, nullable=False),  # organisations in the project
)

review_quotes = Table(
    "review_quotes",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    _fk("theme_id", "review_themes.id", nullable=False),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),  # pseudonymised when the round opened
    Column("attribution", Text, nullable=False),  # a group label, never a name
)

review_responses = Table(
    "review_responses",
    metadata,
    Column("id", Integer, primary_key=True),
    _fk("round_id", "review_rounds.id", nullable=False),
    Column("partner", Text, nullable=False),
    Column("target_kind", String(8), nullable=False),  # theme | quote
    Column("target_guid", String(36), nullable=False),
    Column("vote", String(8)),  # agree | partly | disagree
    Column("comment", Text, nullable=False),
    Column("updated_at", String(32), nullable=False),
    UniqueConstraint("round_id", "partner", "target_guid", name="uq_review_response"),
)

review_proposals = Table(
    "review_proposals",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    _fk("round_id", "review_rounds.id", nullable=False),
    Column("partner", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
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
    # each coder's undo stack in one query (migration 0004)
    Index("ix_changes_coder", "coder"),
    Index("ix_changes_reverts", "reverts"),
    Index("ix_changes_undoable_id", "undoable", "id"),
)


# What a code's keywords cannot say: a pattern and who/where conditions (migration 0005).
code_rules = Table(
    "code_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    _fk("code_id", "codes.id", nullable=False),
    Column("pattern", Text, nullable=False, default=""),
    Column("speakers", JSON, nullable=False, default=list),
    Column("organisations", JSON, nullable=False, default=list),
    Column("updated_at", String(32), nullable=False),
    UniqueConstraint("code_id", name="uq_code_rules_code_id"),
)

# Suggestions a person accepted (``coding_guid``: the coding it became) or
# rejected (never offered again), with the suggester, score and reason shown.
suggestion_decisions = Table(
    "suggestion_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    _guid(),
    Column("suggester", String(16), nullable=False),  # rules | similar | model | themes
    _fk("code_id", "codes.id", nullable=False),
    _fk("document_id", "documents.id", nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("decision", String(8), nullable=False),  # accepted | rejected
    Column("coder", Text, nullable=False),
    Column("at", String(32), nullable=False),
    Column("score", Float),
    Column("reason", Text, nullable=False, default=""),
    Column("coding_guid", String(36)),
    Index("ix_suggestion_decisions_document_code", "document_id", "code_id", "start"),
    Index("ix_suggestion_decisions_coding_guid", "coding_guid"),
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
