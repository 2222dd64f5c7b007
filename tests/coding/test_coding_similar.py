"""More like this: ranking by TF-IDF cosine and the shared words."""

from __future__ import annotations

import pytest

from coding.similar import more_like_this, term_spans

CANDIDATES = [
    "We met other groups at the network meeting and shared our volunteers.",
    "The council changed the tender rules again this year.",
    "Networking with peers helped us find volunteers for the summer.",
    "",
]


def test_ranks_the_similar_passages_first_with_shared_words():
    chosen = ["The network of local groups shares volunteers and ideas."]
    found = more_like_this(chosen, CANDIDATES, top=3)
    assert [s.index for s in found] == [0, 2, 1]
    assert found[0].score > found[1].score > found[2].score > 0
    assert set(found[0].shared) == {"network", "volunteers", "groups"}
    assert found[1].shared == ("volunteers",)


def test_exclude_top_and_min_score():
    chosen = ["network volunteers"]
    found = more_like_this(chosen, CANDIDATES, top=1, exclude={0})
    assert [s.index for s in found] == [2]
    assert all(s.index != 3 for s in more_like_this(chosen, CANDIDATES, top=10))


def test_needs_a_chosen_passage():
    with pytest.raises(ValueError, match="at least one"):
        more_like_this([], CANDIDATES)


def test_term_spans_whole_words_merged():
    text = "Network, networks and the  network meeting"
    assert term_spans(text, ["network", "network meeting"]) == [(0, 7), (27, 42)]
    assert text[27:42] == "network meeting"
