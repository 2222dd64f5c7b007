"""The audit view: the change log filtered by user, code and date."""

from __future__ import annotations

import json

import pytest

from qda.cli import main
from qda.errors import InvalidInput

TEXT = "Ana: We share the hall.\n\nBen: The council sets the rules.\n\nAna: Yes.\n\nBen: No."


@pytest.fixture
def logged(project):
    project.corpus.import_file("talk.txt", TEXT.encode())
    project.codebook.add_code("Capital", codable=False)
    project.codebook.add_code("Bridging", parent="Capital")
    project.codebook.add_code("Hierarchy")
    project.coding.apply_code("Bridging", "ana", document="talk", start=5, end=22)
    project.coding.apply_code("Hierarchy", "ben", document="talk", start=29, end=53)
    guid = project.coding.apply_code("Hierarchy", "ana", document="talk", start=60, end=64)
    project.coding.remove_coding(guid, "ana")
    return project


def test_filters_by_user_code_and_date(logged):
    everything = logged.audit.entries()
    assert [e["action"] for e in everything][:4] == [
        "remove coding",
        "apply code",
        "apply code",
        "apply code",
    ]
    by_ana = logged.audit.entries(coder="ana")
    assert [(e["action"], e["codes"]) for e in by_ana] == [
        ("remove coding", ["Hierarchy"]),
        ("apply code", ["Hierarchy"]),
        ("apply code", ["Capital/Bridging"]),
    ]
    # a code's changes include its subcodes'
    capital = logged.audit.entries(code="Capital")
    assert [(e["coder"], e["action"]) for e in capital][0] == ("ana", "apply code")
    assert all("Capital/Bridging" in e["codes"] or "Capital" in e["codes"] for e in capital)
    day = everything[0]["at"][:10]
    assert len(logged.audit.entries(since=day, until=day)) == len(everything)
    assert logged.audit.entries(until="2000-01-01") == []
    with pytest.raises(InvalidInput, match="^since: a date"):
        logged.audit.entries(since="yesterday")
    assert logged.audit.coders() == ["ana", "ben"]


def test_history_command_filters(logged, capsys):
    location = logged.location
    assert main(["history", location, "--coder", "ben", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["coder"], r["action"], r["codes"]) for r in rows] == [
        ("ben", "apply code", ["Hierarchy"])
    ]
