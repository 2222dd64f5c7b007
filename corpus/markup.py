"""Markdown and HTML to plain canonical text.

Word and web exports often arrive as ``.md`` or as ``.txt`` full of markup
(``# Heading``, ``**bold**``, ``*italic*``, ``<b>``, ``<sup>7</sup>``,
``[text](url)``). What is coded, quoted and exported is the plain text, so the
markup is converted once at import and the original kept for provenance:

* headings, list items and table rows become paragraphs of their own (a
  blank line around each); bullets (``-``, ``*``, ``+``, ``❖``) and heading
  hashes are dropped, an ordered item keeps its number (``1. Explore``);
* emphasis markers, code ticks and tags are removed, their text kept;
* a link keeps its text (``[text](url)`` -> ``text``, ``<http://x>`` -> the
  address); an image keeps its alt text;
* footnote markers become ``[7]``: ``[^7]``, ``<sup>7</sup>`` and superscript
  digits after a word (``Services³``); a footnote line ``[^7]: ...`` or
  ``³ ...`` starts with ``[7]``;
* HTML entities are decoded; ``<script>``/``<style>`` contents and comments
  are dropped; ``\\*`` escapes keep the character.

The result is canonical (:func:`corpus.normalize.canonicalize`).
"""

from __future__ import annotations

import html
import re

from corpus.model import ExtractedText
from corpus.normalize import canonicalize

__all__ = [
    "convert_markup",
    "html_to_text",
    "looks_like_html",
    "looks_like_markdown",
    "bold_label_spans",
    "mark_labels",
    "markdown_to_text",
    "plain_text",
    "unmark_offset",
]

_SUPERSCRIPTS = str.maketrans(
    "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789"
)
_SUP_CHARS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"

# -- recognising markup -------------------------------------------------------------

_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)
_MD_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+\S", re.M)
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)[^\n]+?(?<=\S)\1")
_MD_LINK = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)")
_MD_AUTOLINK = re.compile(r"<https?://[^>\s]+>")
_HTML_TAG = re.compile(
    r"</?(?:p|br|b|i|em|strong|u|sup|sub|span|div|h[1-6]|li|ul|ol|a|table|tr|td|th|"
    r"blockquote|body|html|head|title|font|hr)\b[^>]*>",
    re.I,
)


def looks_like_html(text: str) -> bool:
    """At least three tags of the common text-formatting vocabulary, or one
    per 2,000 characters, whichever is more."""
    return "<" in text and len(_HTML_TAG.findall(text)) >= max(3, len(text) // 2000)


def looks_like_markdown(text: str) -> bool:
    """Markdown evident from its marks, scored: 2 for each ``#`` heading and
    each link, 1 for each bold run, 1 for bullet items (two or more); three
    points make Markdown (one bold word or one link in prose do not)."""
    # each pattern only where its mark occurs at all (a 60 KB transcript: ~0.3 ms)
    score = 2 * len(_MD_HEADING.findall(text)) if "#" in text else 0
    if "](" in text:
        score += 2 * len(_MD_LINK.findall(text))
    if "<http" in text:
        score += 2 * len(_MD_AUTOLINK.findall(text))
    if "**" in text or "__" in text:
        score += len(_MD_STRONG.findall(text))
    if score == 2 and len(_MD_BULLET.findall(text)) >= 2:
        score += 1
    return score >= 3


def convert_markup(text: str, fmt: str) -> tuple[str, str | None]:
    """``(plain text, "markdown" | "html" | None)``: ``.md`` files are read as
    Markdown; other plain text is converted when it is recognisably HTML or
    Markdown, else returned unchanged with ``None``."""
    if looks_like_html(text):
        return html_to_text(text), "html"
    if fmt == "md" or looks_like_markdown(text):
        return markdown_to_text(text), "markdown"
    return text, None


def plain_text(text: str, fmt: str) -> ExtractedText:
    """A .txt or .md file's canonical text, converted from Markdown or HTML
    when it is marked up (``meta["markup"]``; the text as read is ``original``)."""
    plain, markup = convert_markup(text, fmt)
    if markup is None or plain == text:
        return ExtractedText(text, fmt)
    spans = bold_label_spans(text, plain) if markup == "markdown" else []
    return ExtractedText(plain, fmt, meta={"markup": markup}, original=text, emphasis=spans)


# -- bold labels: what conversion would lose for speaker detection -------------------

_BOLD_RUN = re.compile(r"(?<![\\*])(\*\*|__)(?=\S)([^*_\n]{1,40}?)(?<=\S)\1")
_LABEL_PLACE = r"(?:^[ \t]*|(?<=[.!?\u2026)\"\u201d\u2019])[ \t]+)"


def bold_label_spans(original: str, plain: str) -> list[tuple[int, int]]:
    """Where short bold runs of the Markdown (``**Pat Adams**``, ``**JG**``)
    stand in the plain text at a line start or after a sentence end: the
    places a speaker label may be, for :func:`mark_labels`."""
    names = {m.group(2).strip() for m in _BOLD_RUN.finditer(original)}
    names = {n for n in names if n[:1].isupper() or n[:1] == "?"}
    if not names:
        return []
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"{_LABEL_PLACE}(?P<name>{alternatives})(?![\w'\u2019])", re.M)
    return [(m.start("name"), m.end("name")) for m in pattern.finditer(plain)]


def mark_labels(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """``text`` with ``**`` around each span (sorted, disjoint), so detection
    sees the bold labels again, and the marked positions where each inserted
    ``**`` begins (for :func:`unmark_offset`)."""
    parts: list[str] = []
    markers: list[int] = []
    last = 0
    shift = 0
    for start, end in spans:
        parts += [text[last:start], "**", text[start:end], "**"]
        markers += [start + shift, end + shift + 2]
        shift += 4
        last = end
    parts.append(text[last:])
    return "".join(parts), markers


def unmark_offset(pos: int, markers: list[int]) -> int:
    """The offset in the unmarked text of position ``pos`` of the marked text
    (a position inside an inserted ``**`` maps to where it was inserted)."""
    from bisect import bisect_right

    k = bisect_right(markers, pos)  # markers beginning at or before pos
    if k and pos < markers[k - 1] + 2:
        return markers[k - 1] - 2 * (k - 1)
    return pos - 2 * k


# -- Markdown ---------------------------------------------------------------------

_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_RULE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^[ \t]{0,3}(=+|-+)[ \t]*$")
_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_BULLET = re.compile("^[ \t]*(?:[-*+\u2022\u25aa\u25cf\u2756\u27a2][ \t]+)+")
_ORDERED = re.compile(r"^[ \t]*(\d{1,3}[.)])[ \t]+")
_TABLE_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*")
_SUP_LINE = re.compile(rf"^([{_SUP_CHARS}]+)[ \t]*")

_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^()\n]|\([^()\n]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]+)>")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
_SUP_AFTER_WORD = re.compile(rf"(?<=[\w.,;:!?)\]\"'\u2019\u201d*_])([{_SUP_CHARS}]+)")
_CODE = re.compile(r"`+([^`\n]+?)`+")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_STRONG_EM = re.compile(r"(?<![\\*])\*{3}(?=\S)(.+?)(?<=\S)\*{3}(?!\*)")
_STRONG = re.compile(r"(?<![\\*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?!\*)")
_STRONG_U = re.compile(r"(?<![\w\\])__(?=\S)(.+?)(?<=\S)__(?!\w)")
_EM = re.compile(r"(?<![\\*\w])\*(?=[^\s*])([^*\n]*?[^\s*\\])\*(?![*\w])")
_EM_U = re.compile(r"(?<![\w\\])_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)")
_LONE_STARS = re.compile(r"(?<![\\\w])\*{1,3}(?=\s|$)|(?<=\S)\*{2,3}(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<\"'])")


def _inline(line: str) -> str:
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _REF_LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _FOOTNOTE_REF.sub(r"[\1]", line)
    if "<" in line:
        line = _html_inline(line)
    line = _CODE.sub(r"\1", line)
    line = _STRIKE.sub(r"\1", line)
    for pattern in (_STRONG_EM, _STRONG, _STRONG_U, _EM, _EM_U):
        line = pattern.sub(r"\1", line)
    line = _LONE_STARS.sub("", line)
    line = _SUP_AFTER_WORD.sub(lambda m: f"[{m.group(1).translate(_SUPERSCRIPTS)}]", line)
    return _ESCAPE.sub(r"\1", line)


def markdown_to_text(text: str) -> str:
    """Plain canonical text of a Markdown document; see the module docstring."""
    out: list[str] = []

    def block(line: str) -> None:
        if out and out[-1] != "":
            out.append("")
        out.append(line)
        out.append("")

    lines = canonicalize(text).split("\n")
    in_fence = False
    for i, raw in enumerate(lines):
        if _FENCE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence:
            out.append(raw)
            continue
        previous = lines[i - 1] if i else ""
        table_rule = _TABLE_SEP.match(raw) and ("|" in raw or "|" in previous)
        setext = _SETEXT.match(raw) and previous.strip() and not table_rule
        if setext or table_rule or _RULE.match(raw):
            # a rule, a table's header line, or "Title\n=====" (the title was
            # the previous line): a paragraph break
            if out and out[-1] != "":
                out.append("")
            continue
        line = _QUOTE.sub("", raw)
        heading = _HEADING.match(line)
        if heading:
            block(_inline(heading.group(1)))
            continue
        bullet = _BULLET.match(line)
        if bullet:
            block(_inline(line[bullet.end() :]))
            continue
        ordered = _ORDERED.match(line)
        if ordered and (
            not previous.strip() or _ORDERED.match(previous) or _BULLET.match(previous)
        ):
            block(ordered.group(1) + " " + _inline(line[ordered.end() :]))
            continue
        footnote = _FOOTNOTE_DEF.match(line) or _SUP_LINE.match(line)
        if footnote:
            number = footnote.group(1).translate(_SUPERSCRIPTS)
            block(f"[{number}] " + _inline(line[footnote.end() :]))
            continue
        if line.count("|") >= 2 and line.strip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            block("\t".join(_inline(c) for c in cells))
            continue
        out.append(_inline(line))
    return _GAPS.sub("\n\n", canonicalize("\n".join(out))).strip("\n")


# -- HTML --------------------------------------------------------------------------

_DROP = re.compile(
    r"<(script|style|head)\b[^>]*>.*?</\1\s*>|<!--.*?-->|<!DOCTYPE[^>]*>", re.I | re.S
)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|table|tr|blockquote|section|article|header|footer|"
    r"body|html|title|dl|dt|dd|pre|hr)\b[^>]*>",
    re.I,
)
_BREAK = re.compile(r"<br\s*/?>", re.I)
_CELL = re.compile(r"</t[dh]\s*>\s*<t[dh]\b[^>]*>", re.I)
_SUP = re.compile(
    r"<sup\b[^>]*>\s*(?:<a\b[^>]*>)?\s*\[?(\w{1,4})\]?\s*(?:</a\s*>)?\s*</sup\s*>", re.I
)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_SPACES = re.compile(r"[ \t]*\n[ \t]*")
_GAPS = re.compile(r"\n{3,}")


def _html_inline(text: str) -> str:
    text = _SUP.sub(r"[\1]", text)
    text = _BREAK.sub("\n", text)
    return _TAG.sub("", text)


def html_to_text(text: str) -> str:
    """Plain canonical text of an HTML document or fragment: block elements
    become paragraphs, ``<br>`` a line break, table cells tabs, ``<sup>7</sup>``
    ``[7]``, other tags disappear and entities are decoded."""
    text = _DROP.sub("", canonicalize(text))
    text = re.sub(r"[ \t]*\n[ \t]*", " ", text) if "<p" in text.lower() else text
    text = _CELL.sub("\t", text)
    text = _BLOCK_TAG.sub("\n\n", text)
    text = _html_inline(text)
    text = html.unescape(text).replace("\u00a0", " ")
    text = _SPACES.sub("\n", text)
    text = _GAPS.sub("\n\n", text)
    return canonicalize(text).strip("\n")
