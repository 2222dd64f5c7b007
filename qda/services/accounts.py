"""Project service: accounts, passwords and sign-in sessions.

Passwords are hashed with Argon2id (``argon2-cffi``); only the hash is kept.
A session is a random token given to the browser; the project keeps only its
SHA-256, so a copy of the project file cannot be used to sign in. After
:data:`LOCK_AFTER` wrong passwords in a row an account is locked for
:data:`LOCK_MINUTES` minutes.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from qda.errors import InvalidInput, NotFound, SignInFailed
from qda.roles import ROLES, User
from qda.services.base import Service
from qda.storage import accounts as accounts_q

LOCK_AFTER = 5
LOCK_MINUTES = 15
SESSION_HOURS = 12
MIN_PASSWORD = 8
_WRONG = "sign-in: wrong name or password"


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


class AccountsService(Service):
    """Users (admin, coder, partner), their passwords and sessions."""

    def has_users(self) -> bool:
        """Whether the project has accounts (then everyone must sign in)."""
        with self._read() as conn:
            return accounts_q.user_count(conn) > 0

    def list_users(self) -> list[dict]:
        """name, role, organisation, created_at and locked_until of every user."""
        with self._read() as conn:
            return accounts_q.list_users(conn)

    @staticmethod
    def _check_password(password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise InvalidInput(f"password: at least {MIN_PASSWORD} characters")

    @staticmethod
    def _check_role(role: str) -> None:
        if role not in ROLES:
            raise InvalidInput(f"role: must be one of {', '.join(ROLES)}, not {role!r}")

    def add_user(
        self, name: str, role: str, password: str, organisation: str | None = None
    ) -> None:
        """A new account. The first account of a project must be an admin."""
        name = (name or "").strip()
        if not name or len(name) > 200 or any(c in name for c in "\r\n\t"):
            raise InvalidInput("name: a user needs a one-line name of 1-200 characters")
        self._check_role(role)
        self._check_password(password)
        digest = _hasher().hash(password)
        with self._write() as conn:
            if accounts_q.user_by_name(conn, name) is not None:
                raise InvalidInput(f"name: there is already a user {name!r}")
            if accounts_q.user_count(conn) == 0 and role != "admin":
                raise InvalidInput("role: the first account of a project must be an admin")
            accounts_q.insert_user(
                conn,
                {
                    "name": name,
                    "role": role,
                    "password_hash": digest,
                    "failed_logins": 0,
                    "organisation": organisation or None,
                    "created_at": _stamp(_now()),
                },
            )

    def _require(self, conn, name: str) -> dict:
        row = accounts_q.user_by_name(conn, name)
        if row is None:
            raise NotFound(f"no user {name!r}")
        return row

    def remove_user(self, name: str) -> None:
        """Remove an account and its sessions (its codings stay, under its name).
        The last admin cannot be removed while other accounts remain."""
        with self._write() as conn:
            row = self._require(conn, name)
            others = accounts_q.user_count(conn) - 1
            if row["role"] == "admin" and accounts_q.admin_count(conn) == 1 and others:
                raise InvalidInput(f"name: {name!r} is the last admin; make another admin first")
            accounts_q.delete_user(conn, row["id"])

    def set_role(self, name: str, role: str) -> None:
        self._check_role(role)
        with self._write() as conn:
            row = self._require(conn, name)
            if row["role"] == "admin" and role != "admin" and accounts_q.admin_count(conn) == 1:
                raise InvalidInput(f"role: {name!r} is the last admin")
            accounts_q.update_user(conn, row["id"], {"role": role})

    def set_password(self, name: str, password: str) -> None:
        """A new password (also unlocks the account; other sessions end)."""
        self._check_password(password)
        digest = _hasher().hash(password)
        with self._write() as conn:
            row = self._require(conn, name)
            accounts_q.update_user(
                conn,
                row["id"],
                {"password_hash": digest, "failed_logins": 0, "locked_until": None},
            )
            accounts_q.delete_user_sessions(conn, row["id"])

    # -- signing in ------------------------------------------------------------------
    def sign_in(self, name: str, password: str) -> str:
        """A session token for a correct name and password, else
        :class:`SignInFailed` (the same message for an unknown name and a
        wrong password; a locked account says until when)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        hasher = _hasher()
        moment = _now()
        with self._write() as conn:
            row = accounts_q.user_by_name(conn, (name or "").strip())
            if row is None:
                # spend the time a real check takes, so names cannot be probed by timing
                try:
                    hasher.verify(hasher.hash("not a password"), password or "-")
                except VerificationError:
                    pass
                raise SignInFailed(_WRONG)
            locked = row["locked_until"]
            if locked and locked > _stamp(moment):
                raise SignInFailed(
                    f"sign-in: {row['name']!r} is locked until {locked[11:16]} UTC after "
                    f"{LOCK_AFTER} wrong passwords"
                )
            try:
                hasher.verify(row["password_hash"], password or "")
            except (VerificationError, InvalidHashError):
                failures = row["failed_logins"] + 1
                values: dict = {"failed_logins": failures}
                if failures >= LOCK_AFTER:
                    until = moment + timedelta(minutes=LOCK_MINUTES)
                    values = {"failed_logins": 0, "locked_until": _stamp(until)}
                accounts_q.update_user(conn, row["id"], values)
                failed = True
            else:
                failed = False
                token = secrets.token_urlsafe(32)
                accounts_q.update_user(conn, row["id"], {"failed_logins": 0, "locked_until": None})
                accounts_q.delete_expired_sessions(conn, _stamp(moment))
                accounts_q.insert_session(
                    conn,
                    _token_hash(token),
                    row["id"],
                    _stamp(moment),
                    _stamp(moment + timedelta(hours=SESSION_HOURS)),
                )
        if failed:  # the failure count is committed before the refusal
            raise SignInFailed(_WRONG)
        return token

    def session_user(self, token: str | None) -> User | None:
        """The user a live session token belongs to, or None."""
        if not isinstance(token, str) or not token:
            return None
        with self._read() as conn:
            row = accounts_q.session_user(conn, _token_hash(token))
        if row is None or row["expires_at"] <= _stamp(_now()):
            return None
        return User(row["name"], row["role"], row["organisation"])

    def sign_out(self, token: str | None) -> None:
        if token:
            with self._write() as conn:
                accounts_q.delete_session(conn, _token_hash(token))

    def user(self, name: str) -> User:
        with self._read() as conn:
            row = self._require(conn, name)
        return User(row["name"], row["role"], row["organisation"])

    def coding_owner(self, guid: str) -> str | None:
        """The coder's name of a coding (None when there is no such coding)."""
        with self._read() as conn:
            return accounts_q.coding_owner(conn, guid)
