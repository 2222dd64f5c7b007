"""What counts as a word, once: runs of letters or digits, joined by an inner
apostrophe or hyphen (``don't``, ``well-being``) or a decimal point or comma
between digits (``3.5``, ``1,000``). Punctuation alone (a dash, an ellipsis)
is not a word. Document word counts, the words of each turn and paragraph
(the denominators of "per 1,000 words") and survey answer lengths all use it.
"""

from __future__ import annotations

import re

WORD = re.compile(r"\w+(?:['\u2019-]\w+|(?<=\d)[.,]\d+)*")


def word_count(text: str) -> int:
    """The number of words in ``text``."""
    return len(WORD.findall(text))
