"""Quotations in reports and who they are attributed to.

A report is imported by paragraph; its quotations become turns of the
participant or group they are attributed to, written in one of three ways:

1. a quoted paragraph followed by a short attribution line on its own
   (``"…"`` then ``Interviewee F``): :func:`corpus.presets.find_quote_attributions`;
2. an attribution in brackets inside or right after the quote
   (``*"…" (Participant from VCSE)*``, ``"… (participant from the VCSE)"``):
   the turn is the quote's paragraph when the quote opens it, else the quote
   and its brackets. Case, articles, plurals and word order are folded, so
   every variant (``VCSE participant``) is one group, named as it was first
   written;
3. a person and an organisation in prose, ``Org (Person) said '…'`` or
   ``Person (Org) noted …``: the turn is the quotation after the verb (or the
   rest of the sentence), the speaker the person, the organisation the turn's
   ``meta["affiliation"]``.
"""

from __future__ import annotations

import re

from corpus.presets import Label, blocks, find_quote_attributions

__all__ = ["find_quotes", "fold_group"]

_OPEN = '"\u201c\u201e\u00ab'
_CLOSE = '"\u201d\u00bb'
# A bracket; whether it is an attribution is decided around it (see _bracketed).
_BRACKET = re.compile(r"\((?P<who>[^()\n]{3,80})\)")
# an attribution names a role somewhere: (Participant from VCSE), (VCSE participant),
# (Interviewee F), (local authority officer, 2018)
_ATTRIBUTION_WORDS = re.compile(
    r"\b(?:participants?|interviewees?|respondents?|attendees?|delegates?|members?|"
    r"staff|volunteers?|commissioners?|representatives?|officers?|managers?|"
    r"focus group|group|person|people|trustees?|residents?|speakers?)\b",
    re.I,
)
_VERBS = (
    "said|says|noted|notes|explained|explains|argued|argues|commented|comments|observed|"
    "added|stated|states|remarked|told us|described|describes|suggested|suggests|"
    "reflected|recalled|put it|asked|warned|felt"
)
_NAME = r"[A-Z][\w'\u2019&.-]*(?:[ \t]+(?:of|the|and|for|&|[A-Z][\w'\u2019&.-]*)){0,5}"
# "(Second) said": found from the bracket (a literal start is fast), the name
# before it read backwards from there.
_SAID = re.compile(rf"\((?P<second>{_NAME})\)[ \t]+(?:{_VERBS})(?:[ \t]+that)?[ \t]*[,:]?[ \t]*")
_NAME_BEFORE = re.compile(rf"(?<![\w(])(?P<first>{_NAME})[ \t]*$")
_QUOTE_AFTER = re.compile(rf"[{_OPEN}'\u2018](?P<q>[^\n]{{3,}}?)[{_CLOSE}'\u2019](?=[\s.,;:!?)]|$)")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_ORG_WORDS = frozenset(
    """council cvs trust university college school institute group ltd limited association network
    foundation partnership service services centre center society charity forum alliance hub
    project agency board authority department church bank housing sector community voluntary nhs
    cic club federation union commission office team programme company cooperative co-op
    consortium action alliance""".split()
)
_LINKING = frozenset("the a an from of in at".split())


def fold_group(label: str) -> str:
    """The key that makes variants one group: case, articles, linking words
    (from, of, in, at), plurals, punctuation and word order folded, so
    ``Participants from the VCSE``, ``participant from VCSE`` and ``VCSE
    Participant`` are one group."""
    words = re.findall(r"[\w&]+", label.casefold())
    words = [
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in words
        if w not in _LINKING
    ]
    return " ".join(sorted(words))


def _is_org(name: str) -> bool:
    return any(w.casefold().strip(".") in _ORG_WORDS for w in name.split()) or (
        name.isupper() and len(name) <= 8
    )


def _bracketed(text: str) -> list[Label]:
    spans: list[tuple[int, int]] = []
    starts: list[int] = []
    found = []
    for m in _BRACKET.finditer(text):
        who = m.group("who").strip()
        if not _ATTRIBUTION_WORDS.search(who) or len(who.split()) > 8:
            continue
        before = text[max(0, m.start() - 8) : m.start()].rstrip(" \t\n*_")
        after = text[m.end() : m.end() + 4].lstrip(" \t")
        # after a closing quote, or inside the quote just before it closes
        if not (before[-1:] in _CLOSE + "\u2019" or after[:1] in _CLOSE):
            continue
        if not spans:  # the paragraphs, read once the first attribution is seen
            spans = blocks(text)
            starts = [s for s, _ in spans]
        i = _block_index(starts, m.start())
        if i is None:
            continue
        bs, be = spans[i]
        head = text[bs : m.start()]
        opening = next((k for k, c in enumerate(head) if c in _OPEN), None)
        tail = text[m.end() : be].strip("*_ \t.,;:" + _CLOSE)
        if not head.lstrip("*_ \t")[:1] or opening is None:
            # the quote began in the paragraph before (broken by a page end)
            if i == 0 or text[spans[i - 1][0] : spans[i - 1][1]].lstrip("*_ \t")[:1] not in _OPEN:
                continue
            start, end = spans[i - 1][0], be if not tail else m.end()
        elif not head[:opening].strip("*_ \t") and not tail:
            start, end = bs, be  # the quote opens the paragraph: all of it
        else:  # a quotation in prose: from its own opening mark
            last = max(k for k, c in enumerate(head) if c in _OPEN)
            start, end = bs + last, m.end()
        found.append(Label(start, start, who, {"group": True}, end=end))
    return found


def _block_index(starts: list[int], pos: int) -> int | None:
    from bisect import bisect_right

    i = bisect_right(starts, pos) - 1
    return i if i >= 0 else None


def _said(text: str) -> list[Label]:
    found = []
    for m in _SAID.finditer(text):
        head = _NAME_BEFORE.search(text, max(0, m.start() - 80), m.start())
        if head is None:
            continue
        first, second = head.group("first").strip(), m.group("second").strip()
        if _is_org(first) and not _is_org(second):
            person, org = second, first
        elif _is_org(second) and not _is_org(first):
            person, org = first, second
        else:
            continue
        quote = _QUOTE_AFTER.match(text, m.end())
        if quote is not None:
            start, end = quote.start(), quote.end()
        else:
            stop = _SENTENCE_END.search(text, m.end())
            start, end = m.end(), (stop.end() if stop else len(text))
            newline = text.find("\n\n", start, end)
            end = newline if newline >= 0 else end
        if end - start < 3:
            continue
        found.append(Label(start, start, person, {"affiliation": org}, end=end))
    return found


def find_quotes(text: str) -> list[Label]:
    """Quotation labels of all three forms, sorted, overlaps dropped (the
    earlier one wins, then the bracketed or prose attribution); group names folded to their first spelling."""
    labels = _bracketed(text) + _said(text) + find_quote_attributions(text)
    labels.sort(key=lambda lb: (lb.start, -(lb.end or lb.start)))
    names: dict[str, str] = {}
    out: list[Label] = []
    last = -1
    for lb in labels:
        if lb.start < last:
            continue
        speaker = names.setdefault(fold_group(lb.speaker), lb.speaker)
        out.append(lb._replace(speaker=speaker))
        last = lb.end if lb.end is not None else lb.content_start
    return out
