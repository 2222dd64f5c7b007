"""Accounts, sign-in and the roles enforced by the core (qda.roles)."""

from __future__ import annotations

import inspect

import pytest

from qda import roles
from qda.errors import AccessDenied, InvalidInput, NotFound, SignInFailed
from qda.services import accounts as accounts_module

TEXT = "Ana: We share the hall.\n\nBen: The council sets the rules.\n\nAna: Yes.\n\nBen: No."


@pytest.fixture
def team(project):
    project.accounts.add_user("lead", "admin", "lead-password")
    project.accounts.add_user("ana", "coder", "ana-password")
    project.accounts.add_user("ben", "coder", "ben-password")
    project.accounts.add_user("pat", "partner", "pat-password", organisation="Food Bank")
    project.corpus.import_file("talk.txt", TEXT.encode(), organisation="Hall")
    project.codebook.add_code("Bridging")
    return project


def test_users_are_listed_and_checked(project):
    with pytest.raises(
        InvalidInput, match="^role: the first account of a project must be an admin$"
    ):
        project.accounts.add_user("ana", "coder", "long enough")
    assert project.accounts.has_users() is False
    project.accounts.add_user("lead", "admin", "long enough")
    project.accounts.add_user("ana", "coder", "long enough")
    with pytest.raises(InvalidInput, match="^name: there is already a user 'ana'$"):
        project.accounts.add_user("ana", "coder", "long enough")
    with pytest.raises(InvalidInput, match="^password: at least 8 characters$"):
        project.accounts.add_user("ben", "coder", "short")
    with pytest.raises(InvalidInput, match="^role: must be one of admin, coder, partner"):
        project.accounts.add_user("ben", "boss", "long enough")
    assert [(u["name"], u["role"]) for u in project.accounts.list_users()] == [
        ("ana", "coder"),
        ("lead", "admin"),
    ]
    with pytest.raises(InvalidInput, match="'lead' is the last admin"):
        project.accounts.remove_user("lead")
    with pytest.raises(InvalidInput, match="'lead' is the last admin"):
        project.accounts.set_role("lead", "coder")
    with pytest.raises(NotFound, match="^no user 'zoe'$"):
        project.accounts.remove_user("zoe")
    project.accounts.remove_user("ana")
    assert [u["name"] for u in project.accounts.list_users()] == ["lead"]
    # the password is kept only as an Argon2id hash
    with project.engine.connect() as conn:
        from sqlalchemy import select

        from qda.storage import schema

        stored = conn.execute(select(schema.users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and "long enough" not in stored


def test_sign_in_sessions_and_sign_out(team):
    token = team.accounts.sign_in("ana", "ana-password")
    assert team.accounts.session_user(token) == roles.User("ana", "coder", None)
    assert team.signed_in(token).user.name == "ana"
    for wrong in (("ana", "nope-nope"), ("zoe", "ana-password")):
        with pytest.raises(SignInFailed, match="^sign-in: wrong name or password$"):
            team.accounts.sign_in(*wrong)
    team.accounts.sign_out(token)
    assert team.accounts.session_user(token) is None
    assert team.signed_in(token) is None
    assert team.signed_in("made-up") is None and team.signed_in(None) is None


def test_lock_out_after_repeated_failures(team, monkeypatch):
    for _ in range(accounts_module.LOCK_AFTER):
        with pytest.raises(SignInFailed, match="wrong name or password"):
            team.accounts.sign_in("ben", "guess-guess")
    with pytest.raises(
        SignInFailed, match=r"^sign-in: 'ben' is locked until \d\d:\d\d UTC after 5"
    ):
        team.accounts.sign_in("ben", "ben-password")  # even the right password
    later = accounts_module._now() + accounts_module.timedelta(minutes=16)
    monkeypatch.setattr(accounts_module, "_now", lambda: later)
    assert team.accounts.sign_in("ben", "ben-password")


def test_new_password_unlocks_and_ends_sessions(team):
    token = team.accounts.sign_in("ben", "ben-password")
    for _ in range(accounts_module.LOCK_AFTER):
        with pytest.raises(SignInFailed):
            team.accounts.sign_in("ben", "wrong-wrong")
    team.accounts.set_password("ben", "new-password")
    assert team.accounts.session_user(token) is None
    assert team.accounts.sign_in("ben", "new-password")


def test_every_public_member_has_a_rule():
    """A new service method is admin-only until POLICY places it; this test
    lists what is missing so that it is placed deliberately."""
    from qda.project import Project

    def public(cls):
        return {n for n, _ in inspect.getmembers(cls) if not n.startswith("_")}

    from qda.services.accounts import AccountsService
    from qda.services.agreement import AgreementService
    from qda.services.analysis import AnalysisService
    from qda.services.audit import AuditService
    from qda.services.cases import CasesService
    from qda.services.codebook import CodebookService
    from qda.services.coding import CodingService
    from qda.services.corpus import CorpusService
    from qda.services.exchange import ExchangeService
    from qda.services.exports import ExportsService
    from qda.services.review import ReviewService
    from qda.services.suggestions import SuggestionsService

    classes = {
        "corpus": CorpusService,
        "cases": CasesService,
        "codebook": CodebookService,
        "coding": CodingService,
        "analysis": AnalysisService,
        "exports": ExportsService,
        "exchange": ExchangeService,
        "agreement": AgreementService,
        "accounts": AccountsService,
        "review": ReviewService,
        "audit": AuditService,
        "suggestions": SuggestionsService,
    }
    unplaced = {
        area: sorted(public(cls) - set(roles.POLICY[area]) - {"user", "coding_owner"})
        for area, cls in classes.items()
    }
    services = set(roles.SERVICES) | {"accounts"}
    not_members = {"create", "open", "open_or_create", "as_user", "signed_in"}
    unplaced["project"] = sorted(
        public(Project) - set(roles.POLICY["project"]) - services - not_members
    )
    assert {k: v for k, v in unplaced.items() if v} == {}


def test_a_coder_codes_as_themself_and_cannot_administer(team):
    ana = team.as_user("ana")
    guid = ana.coding.apply_code("Bridging", "lead", document="talk", start=5, end=22)
    assert [(r["guid"], r["coder"]) for r in team.coding.codings()] == [(guid, "ana")]
    ana.coding.write_memo("coding", guid, "shared space", coder="someone else")
    assert team.coding.codings()[0]["memo"] == "shared space"
    assert ana.corpus.documents()[0]["name"] == "talk"
    with pytest.raises(AccessDenied, match=r"^ana \(coder\) may not use corpus.import_file$"):
        ana.corpus.import_file("more.txt", b"text")
    with pytest.raises(AccessDenied, match="may not use codebook.add_code"):
        ana.codebook.add_code("Mine")
    with pytest.raises(AccessDenied, match="may not use accounts.add_user"):
        ana.accounts.add_user("eve", "admin", "long enough")
    with pytest.raises(AccessDenied, match="may not use project.engine"):
        ana.engine  # noqa: B018 - the raw database is not for a signed-in coder
    with pytest.raises(AccessDenied, match="may not use project.work"):
        ana.work  # noqa: B018
    assert len(team.corpus.documents()) == 1


def test_a_coder_changes_only_their_own_codings(team):
    ben_coding = team.as_user("ben").coding.apply_code(
        "Bridging", "ben", document="talk", start=29, end=53
    )
    ana = team.as_user("ana")
    with pytest.raises(AccessDenied, match=f"^ana may not change ben's coding {ben_coding}$"):
        ana.coding.remove_coding(ben_coding)
    with pytest.raises(AccessDenied, match="may not change ben's coding"):
        ana.coding.set_coding_memo(ben_coding, "mine now")
    mine = ana.coding.apply_code("Bridging", "ana", document="talk", start=5, end=22)
    ana.coding.remove_coding(mine)
    team.as_user("lead").coding.remove_coding(ben_coding)  # an admin may
    assert team.coding.codings() == []


def test_a_partner_sees_no_transcript(team):
    pat = team.as_user("pat")
    assert pat.info()["name"] == "Test project"
    for call in (
        lambda: pat.corpus.documents(),
        lambda: pat.coding.codings(),
        lambda: pat.analysis.frequency(),
        lambda: pat.exports.export_docx,
        lambda: pat.cases.all("participant"),
        lambda: pat.history(),
    ):
        with pytest.raises(AccessDenied, match=r"^pat \(partner\) may not use "):
            call()


def test_undo_is_the_users_own_and_anyone_is_for_admins(team):
    ana, ben = team.as_user("ana"), team.as_user("ben")
    mine = ana.coding.apply_code("Bridging", "ana", document="talk", start=5, end=22)
    ben.coding.apply_code("Bridging", "ben", document="talk", start=29, end=53)
    assert ana.undo().startswith("Coded 'Bridging' at 5-22")
    assert [r["coder"] for r in team.coding.codings()] == ["ben"]
    assert mine not in [r["guid"] for r in team.coding.codings()]
    with pytest.raises(AccessDenied, match=r"^ana \(coder\) may undo only their own changes$"):
        ana.undo(anyone=True)
    with pytest.raises(AccessDenied, match="may undo only their own"):
        ana.can_undo(anyone=True)
    said = team.as_user("lead").undo(anyone=True)
    assert said == "Coded 'Bridging' at 29-53 (a change by ben)"
    assert team.coding.codings() == []
