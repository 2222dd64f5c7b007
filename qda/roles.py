"""Who may do what: the roles of a project's accounts, enforced in the core.

A project without accounts is a single-user project and nothing is checked.
Once it has accounts, the app works through :class:`SignedIn`, a view of the
:class:`~qda.project.Project` for one signed-in user, whose services refuse
what the user's role may not do (:class:`~qda.errors.AccessDenied`, one
line) and record every coding, memo and change under the user's own name.

Roles:

* ``admin``: everything: users, imports, the codebook, exports, settings;
* ``coder``: reads the project, codes and writes memos as themself, undoes
  their own changes, compares agreement;
* ``partner``: sees only what a review round shares with them.

Every public member of every service is listed in :data:`POLICY` with the
ability it needs (a test keeps the table complete); one that is not listed
is refused to everyone but admins, so a new method is closed until placed.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

from qda.errors import AccessDenied

ROLES = ("admin", "coder", "partner")

#: The roles holding each ability.
ABILITIES: dict[str, frozenset[str]] = {
    "open": frozenset(ROLES),  # harmless facts: the project's name, its settings
    "read": frozenset({"admin", "coder"}),  # transcripts, codings, analysis
    "code": frozenset({"admin", "coder"}),  # writes recorded under the user's name
    "review": frozenset(ROLES),  # review rounds (each method checks the round's audience)
    "admin": frozenset({"admin"}),
}

_READ, _CODE, _ADMIN, _OPEN = "read", "code", "admin", "open"


def _all(ability: str, names: str) -> dict[str, str]:
    return dict.fromkeys(names.split(), ability)


POLICY: dict[str, dict[str, str]] = {
    "project": {
        **_all(_OPEN, "info settings revision location close"),
        **_all(_READ, "counts coders history"),
        **_all(_CODE, "undo redo can_undo can_redo"),
        **_all(_ADMIN, "rename update_settings checkpoint add_coder backup backups restore"),
    },
    "corpus": {
        **_all(_READ, "document document_text documents segments speakers"),
        **_all(_READ, "importable_extensions speaker_presets settings document_original"),
        **_all(
            _ADMIN,
            "import_file import_files import_survey parse preview read_survey speaker_edits "
            "delete_document update_document map_speaker",
        ),
    },
    "cases": {
        **_all(_READ, "all attributes classifications settings sheet"),
        **_all(
            _ADMIN,
            "add_organisation add_participant classify import_attributes set_attribute "
            "save_sheet generate_pseudonyms",
        ),
        "update_case": _ADMIN,
    },
    "codebook": {
        **_all(
            _READ,
            "builtins changes codes find_code matches model search snapshot_counts "
            "snapshots subtree settings diff_snapshot export_codebook",
        ),
        **_all(
            _ADMIN,
            "add_code create_snapshot delete_code import_codebook load_codebook merge_codes "
            "move_codes rename_code snapshot_codebook split_code update_code",
        ),
    },
    "coding": {
        **_all(
            _READ,
            "coder_progress codings document_progress document_view highlight_runs memos "
            "next_uncoded retrieve segment_index settings",
        ),
        **_all(_CODE, "apply_code remove_coding set_coding_memo write_memo"),
    },
    "analysis": {
        **_all(
            _READ,
            "bonding can_draw_images chart code_document cooccurrence crosstab data "
            "duplicates figure figure_file frequency gridgroup group_labels groupings "
            "numeric_attributes phases shown_data table_file settings",
        ),
        **_all(_ADMIN, "mark_duplicate unmark_duplicate"),
    },
    "exports": {
        **_all(_READ, "settings preview quote_choices workshop_themes excerpts pseudonymise_text"),
        **_all(
            _ADMIN,
            "export_annotated export_docx export_excerpts export_key export_matrix "
            "export_workshop pseudonym_key pseudonym_rows pseudonym_suggestions "
            "remove_pseudonym set_pseudonym pseudonyms check_names remaining_names",
        ),
    },
    "exchange": {
        "settings": _READ,
        **_all(_ADMIN, "export_qdpx import_qdpx qdpx_exchange validate_qdpx"),
    },
    "agreement": {
        **_all(_READ, "coders compare disagreements settings"),
        **_all(_ADMIN, "resolve adopt_agreed"),
    },
    "audit": {"settings": _OPEN, **_all(_READ, "entries coders")},
    "suggestions": {
        **_all(
            _READ,
            "decisions default_unit model_info more_like_this origins rules rule_hits suggest "
            "teach themes training_job settings",
        ),
        # accepting codes as the user; rejecting and training change no one else's work
        **_all(_CODE, "accept accept_all reject start_training train"),
        **_all(_ADMIN, "set_rule theme_to_code"),
    },
    "review": {
        **_all(_OPEN, "settings"),
        # each checks the round's audience for a partner, and shows them only their own answers
        **_all("review", "rounds round respond propose_theme"),
        "responses": _READ,
        **_all(_ADMIN, "open_round close_round export_responses import_responses"),
    },
    "accounts": {
        **_all(_OPEN, "settings sign_out session_user has_users"),
        **_all(_ADMIN, "add_user remove_user set_role list_users"),
        # checked by the method itself: a user may change their own password
        "set_password": _OPEN,
        "sign_in": _OPEN,
    },
}

#: Parameters that name who is acting: a signed-in user always acts as themself.
ACTOR_PARAMETERS = ("coder",)


def allowed(role: str, area: str, member: str) -> bool:
    """Whether ``role`` may use ``member`` of ``area`` (a service's name, or
    ``"project"``). Members not in :data:`POLICY` are admin-only."""
    ability = POLICY.get(area, {}).get(member, _ADMIN)
    return role in ABILITIES[ability]


def ability(area: str, member: str) -> str:
    return POLICY.get(area, {}).get(member, _ADMIN)


@dataclass(frozen=True)
class User:
    name: str
    role: str
    organisation: str | None = None


def _as_actor(func, user: User, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """The call's arguments with every actor parameter set to the user."""
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return args, kwargs
    if not any(p in signature.parameters for p in ACTOR_PARAMETERS):
        return args, kwargs
    bound = signature.bind_partial(*args, **kwargs)
    for p in ACTOR_PARAMETERS:
        if p in signature.parameters:
            bound.arguments[p] = user.name
    return bound.args, bound.kwargs


class Guarded:
    """A service (or the project) as one user may use it."""

    def __init__(self, target: Any, area: str, user: User, checks: dict | None = None):
        self._target = target
        self._area = area
        self._user = user
        self._checks = checks or {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if not allowed(self._user.role, self._area, name):
            raise AccessDenied(
                f"{self._user.name} ({self._user.role}) may not use {self._area}.{name}"
            )
        value = getattr(self._target, name)
        if not callable(value):
            return value
        user, check = self._user, self._checks.get(name)

        def call(*args, **kwargs):
            args, kwargs = _as_actor(value, user, args, kwargs)
            if check is not None:
                check(user, *args, **kwargs)
            return value(*args, **kwargs)

        call.__name__ = name
        call.__doc__ = value.__doc__
        return call

    def __repr__(self) -> str:
        return f"<{self._area} as {self._user.name} ({self._user.role})>"


SERVICES = (
    "corpus",
    "cases",
    "codebook",
    "coding",
    "analysis",
    "exports",
    "exchange",
    "agreement",
    "review",
    "audit",
    "suggestions",
)


class SignedIn(Guarded):
    """The project as one signed-in user sees it: ``.coding``, ``.corpus``,
    ... are guarded services; ``.user`` is who is signed in."""

    def __init__(self, project: Any, user: User):
        own = {name: self._own_undo for name in ("undo", "can_undo")}
        super().__init__(project, "project", user, own)
        self.user = user
        checks = {"remove_coding": self._own_coding, "set_coding_memo": self._own_coding}
        self._services = {
            name: Guarded(getattr(project, name), name, user, checks if name == "coding" else None)
            for name in SERVICES
        }
        self._services["accounts"] = Guarded(project.accounts, "accounts", user)

    def __getattr__(self, name: str) -> Any:
        services = self.__dict__.get("_services", {})
        if name in services:
            return services[name]
        return super().__getattr__(name)

    @staticmethod
    def _own_undo(user: User, *args, anyone: bool = False, **kwargs) -> None:
        if anyone and user.role != "admin":
            raise AccessDenied(f"{user.name} ({user.role}) may undo only their own changes")

    def _own_coding(self, user: User, coding: str, *args, **kwargs) -> None:
        if user.role == "admin":
            return
        owner = self._target.accounts.coding_owner(coding)
        if owner is not None and owner != user.name:
            raise AccessDenied(f"{user.name} may not change {owner}'s coding {coding}")
