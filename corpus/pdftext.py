"""Clean-up of text extracted from PDF pages.

A PDF's text layer repeats the page furniture on every page and breaks the
text where the page or the line ends. :func:`clean_pages` joins the pages'
texts into one canonical text:

* running headers and footers are dropped: a line among the first two or
  the last two non-blank lines of a page that recurs there on at least half
  of the pages (three pages at least), digits aside (``Report 2015 · 4``);
* page numbers are dropped: such a line that is only a number, ``Page 4``,
  ``4 of 12``, ``- 4 -`` or a roman numeral;
* a word hyphenated across a line end is joined when the next line goes on
  in lower case (``commun-\\nity`` -> ``community``);
* a paragraph broken by a page end is rejoined (with a space) when the page
  ends without a sentence end and the next page begins in lower case;
  otherwise pages are separated by a blank line as before.
"""

from __future__ import annotations

import re
from collections import Counter

from corpus.normalize import canonicalize

__all__ = ["clean_pages", "join_hyphenated", "page_furniture"]

EDGE_LINES = 2
_PAGE_NUMBER = re.compile(
    r"(?:page[ \t]+)?[-\u2013\u2014 ]*(?:\d{1,4}|x{0,3}(?:ix|iv|v?i{1,3}|v|x))"
    r"(?:[ \t]*(?:of|/)[ \t]*\d{1,4})?[-\u2013\u2014 ]*",
    re.I,
)
_HYPHEN = re.compile(r"(?<=[^\W\d_]{2})-\n(?=[a-z\u00e0-\u00ff])")
_SENTENCE_END = ".!?:;\u201d\"'\u2019)]"


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def _edges(lines: list[str]) -> list[int]:
    """Indexes of the first and last ``EDGE_LINES`` non-blank lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def page_furniture(pages: list[list[str]]) -> set[str]:
    """Keys (:func:`_key`) of header/footer lines recurring on half the pages."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_key(lines[i]) for i in _edges(lines)})
    return {key for key, n in seen.items() if n * 2 >= len(pages) and key}


def join_hyphenated(text: str) -> str:
    """``commun-\\nity`` -> ``community`` (lower case after the line end only)."""
    return _HYPHEN.sub("", text)


def clean_pages(pages: list[str]) -> str:
    """One canonical text from the pages' extracted texts; see the module docstring."""
    split = [canonicalize(page).split("\n") for page in pages]
    furniture = page_furniture(split)
    texts = []
    for lines in split:
        drop = {
            i
            for i in _edges(lines)
            if _key(lines[i]) in furniture or _PAGE_NUMBER.fullmatch(lines[i].strip())
        }
        kept = "\n".join(line for i, line in enumerate(lines) if i not in drop)
        kept = join_hyphenated(canonicalize(kept).strip("\n"))
        if kept.strip():
            texts.append(kept)
    out = ""
    for text in texts:
        if not out:
            out = text
        elif out.rstrip()[-1:] not in _SENTENCE_END and text.lstrip()[:1].islower():
            if out.endswith("-") and out[-2:-1].isalpha():
                out = out[:-1] + text.lstrip()
            else:
                out = out.rstrip() + " " + text.lstrip()
        else:
            out += "\n\n" + text
    return canonicalize(out)
