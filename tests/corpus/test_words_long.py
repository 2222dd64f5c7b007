"""word_count on texts longer than one counting pass gives exactly what one
findall over the whole text gives (it counts in slices cut at whitespace)."""

from __future__ import annotations

import pytest

from corpus import words
from corpus.words import WORD, word_count

LINE = "Sam: don't well-being 3.5 1,000 — … ok?\tthe end\n"


@pytest.mark.parametrize(
    "text",
    [
        LINE * (2 * words._CHUNK // len(LINE) + 7),
        "a" * (words._CHUNK + 5) + " tail words",  # no whitespace for longer than a pass
        "x " * words._CHUNK + "3.5",
        LINE * 30_000 + " " * 10 + "last",
    ],
    ids=["lines", "one-long-word", "short-words", "trailing"],
)
def test_counting_in_passes_is_exact(text):
    assert len(text) > words._CHUNK
    assert word_count(text) == len(WORD.findall(text))


def test_the_count_of_a_line():
    assert word_count(LINE) == 8  # Sam don't well-being 3.5 1,000 ok the end
