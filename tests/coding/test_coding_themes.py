"""Emerging themes with NMF: words, typical passages, organisations."""

from __future__ import annotations

import pytest

from coding.themes import discover_themes

FUNDING = [
    "The funding from the council grant was cut again",
    "Our grant funding ended and the council contract went elsewhere",
    "Council funding rules changed the grant process",
    "Funding cuts mean the grant covers less",
]
VOLUNTEERS = [
    "Volunteers run the cafe and the volunteers train each other",
    "We recruit volunteers from the estate to run the garden",
    "Volunteers keep the garden going each summer",
]


def test_two_themes_split_the_passages_with_their_words_and_organisations():
    texts = FUNDING + VOLUNTEERS
    orgs = ["A", "A", "B", None, "C", "C", "A"]
    first, second = discover_themes(texts, 2, organisations=orgs, top_words=3, typical=2)
    assert first.number == 1 and second.number == 2
    assert first.passages == [0, 1, 2, 3]
    assert second.passages == [4, 5, 6]
    assert set(first.words) <= {"funding", "grant", "council", "cut", "cuts", "contract", "rules"}
    assert "grant" in first.words and "funding" in first.words
    assert "volunteers" in second.words
    assert [i for i, _ in first.typical] != [] and all(i < 4 for i, _ in first.typical)
    assert all(i >= 4 for i, _ in second.typical)
    assert first.organisations == [("A", 2), ("B", 1)]
    assert second.organisations == [("C", 2), ("A", 1)]
    assert first.label == " / ".join(first.words[:3])


def test_repeatable():
    texts = FUNDING + VOLUNTEERS
    a = discover_themes(texts, 2)
    b = discover_themes(texts, 2)
    assert [(t.words, t.passages, t.typical) for t in a] == [
        (t.words, t.passages, t.typical) for t in b
    ]


def test_bad_k():
    with pytest.raises(ValueError, match="at least 1"):
        discover_themes(FUNDING, 0)
    with pytest.raises(ValueError, match=r"^5 themes need at least 5 passages \(there are 4\)$"):
        discover_themes(FUNDING, 5)
