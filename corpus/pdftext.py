"""Clean-up of text extracted from PDF pages (placeholder replaced below)."""

from __future__ import annotations


def clean_pages(pages: list[str]) -> str:
    from corpus.normalize import canonicalize

    return canonicalize("\n\n".join(p for p in (canonicalize(x) for x in pages) if p.strip()))
