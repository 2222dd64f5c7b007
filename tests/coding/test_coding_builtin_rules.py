"""The built-in frames' keywords as rules: every codable code has some, and
passages we wrote find the codes a researcher would give them."""

from __future__ import annotations

import pytest

from codebooks.builtins import builtin_names, load_builtin
from coding.rules import Passage, Rule, RuleMatcher, lemmas

PASSAGES = [
    ("Honestly I was exhausted, completely worn out by the end of the winter.",
     "phases", "Growth/Emotions/Fatigue"),
    ("The same faces sit round the table with the council every time; it's a closed shop.",
     "socialcapital", "Bridging/Absent or deficit"),
    ("We lost the grant and now everything is a contract with targets.",
     "vcsthemes", "External changes/Funding: grants to contracts to commissioning"),
    ("There's nothing we can do, it's all up to the commissioners in the end.",
     "gridgroup", "Fatalism"),
    ("The volunteers look after each other like a family.",
     "socialcapital", "Bonding/Present"),
    ("We had to compete against a national charity for our own contract.",
     "gridgroup", "Individualism"),
    ("Nobody had ever done this before and I was terrified of getting it wrong.",
     "phases", "Pre-start-up/Emotions/Trepidation"),
    ("Our secretary is burnt out and the stress has been awful for her.",
     "vcsthemes", "Dark side of success/Personal stress and isolation"),
]  # fmt: skip
NEUTRAL = "We painted the mural on the back wall last summer."


def frame(name):
    cb = load_builtin(name)
    by_guid = {c.guid: c for c in cb.codes}

    def path(code):
        parts = [code.name]
        while code.parent:
            code = by_guid[code.parent]
            parts.append(code.name)
        return "/".join(reversed(parts))

    return cb, path


@pytest.mark.parametrize("name", builtin_names())
def test_every_codable_builtin_code_has_keywords_that_compile(name):
    cb, path = frame(name)
    missing = [path(c) for c in cb.codes if c.codable and not c.keywords]
    assert missing == []
    matcher = RuleMatcher([Rule(c.guid, tuple(c.keywords)) for c in cb.codes if c.codable])
    assert len(matcher.rules) == sum(1 for c in cb.codes if c.codable)


@pytest.mark.parametrize(("text", "name", "expected"), PASSAGES)
def test_builtin_rules_find_the_code(text, name, expected):
    cb, path = frame(name)
    rules = [Rule(c.guid, tuple(c.keywords)) for c in cb.codes if c.codable]
    hits = RuleMatcher(rules).hits([Passage("p", "d", 0, len(text), text)])
    found = {path(next(c for c in cb.codes if c.guid == h.code)) for h in hits}
    assert expected in found


@pytest.mark.parametrize("name", builtin_names())
def test_a_passage_about_nothing_in_the_frames_matches_nothing(name):
    cb, _ = frame(name)
    rules = [Rule(c.guid, tuple(c.keywords)) for c in cb.codes if c.codable]
    assert RuleMatcher(rules).hits([Passage("p", "d", 0, len(NEUTRAL), NEUTRAL)]) == []


def test_inflections_share_one_term():
    assert lemmas("grants") == lemmas("grant") == ["grant"]
    text = "Two grants and a grant."
    [hit] = RuleMatcher([Rule("c", ("grant", "grants"))]).hits(
        [Passage("p", "d", 0, len(text), text)]
    )
    assert [(m.start, m.end, m.term) for m in hit.matches] == [(4, 10, "grant"), (17, 22, "grant")]
