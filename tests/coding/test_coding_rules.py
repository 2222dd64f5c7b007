"""Keyword rules matched on lemmas, patterns and conditions: exact hits."""

from __future__ import annotations

import pytest

from coding.rules import InvalidRule, Match, Passage, Rule, check_pattern, find_hits, lemmas

TEXT = "Our Councils keep changing the rules. Commissioning networks are closed to us."


def passage(text=TEXT, start=100, speakers=("Ana", "P1"), organisation="Org A", key="s1"):
    return Passage(key, "doc", start, start + len(text), text, speakers, organisation)


def test_lemmas_are_lower_case_lookup_lemmas():
    assert lemmas("The Councils were regulating networks") == [
        "the",
        "council",
        "be",
        "regulate",
        "network",
    ]


def test_keywords_match_inflected_words_and_phrases_with_document_offsets():
    [hit] = find_hits([Rule("c1", ("council", "commission network"))], [passage()])
    assert hit.code == "c1"
    assert hit.matches == [
        Match(104, 112, "council"),
        Match(138, 160, "commission network"),
    ]
    assert TEXT[4:12] == "Councils" and TEXT[38:60] == "Commissioning networks"
    assert hit.terms == ["council", "commission network"]
    assert hit.context(5) == ("Our ", "Councils", " keep")


def test_pattern_matches_ignoring_case_and_keeps_its_source_as_the_term():
    [hit] = find_hits([Rule("c2", pattern=r"clos\w+")], [passage()])
    assert hit.matches == [Match(165, 171, r"clos\w+")]
    assert TEXT[65:71] == "closed"


def test_speaker_and_organisation_conditions():
    rules = [
        Rule("ana", ("rule",), speakers=("ana",)),
        Rule("bob", ("rule",), speakers=("Bob",)),
        Rule("orga", ("rule",), organisations=("org a",)),
        Rule("orgb", ("rule",), organisations=("Org B",)),
    ]
    assert [h.code for h in find_hits(rules, [passage()])] == ["ana", "orga"]
    nobody = passage(speakers=(), organisation=None)
    assert find_hits(rules, [nobody]) == []


def test_one_hit_per_passage_and_code_in_passage_order():
    first = passage("Funding cuts, more funding bids.", start=0, key="a")
    second = passage("Nothing about money here.", start=40, key="b")
    third = passage("The funders decide.", start=80, key="c")
    hits = find_hits([Rule("f", ("funding", "funder"))], [first, second, third])
    assert [(h.passage.key, [(m.start, m.end) for m in h.matches]) for h in hits] == [
        ("a", [(0, 7), (19, 26)]),
        ("c", [(84, 91)]),
    ]


def test_rule_without_keywords_or_pattern_matches_nothing():
    assert find_hits([Rule("c", (" ", ""), speakers=("Ana",))], [passage()]) == []


def test_bad_patterns_name_the_field():
    with pytest.raises(InvalidRule, match=r"^pattern: not a valid regular expression"):
        check_pattern("(unclosed")
    with pytest.raises(InvalidRule, match="matches empty text"):
        check_pattern("x*")
    assert check_pattern("  ") is None
