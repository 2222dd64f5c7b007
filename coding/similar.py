"""More like this: rank passages by how much they resemble chosen ones. Pure.

Each passage becomes two TF-IDF vectors, one over words (and word pairs) and
one over character 3- to 5-grams inside words (which catches "commissioners"
near "commissioning"; up to :data:`LETTERS_UP_TO` candidates). Both are
L2-normalised, joined with equal weight and compared by cosine with the mean
of the chosen passages. Every result names the words it shares with the
chosen passages, strongest first, so the researcher sees why it was offered;
:func:`term_spans` finds them in the text for highlighting.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

WORD_PATTERN = r"(?u)\b\w[\w'-]*\w\b|\b\w\b"
SHARED_TERMS = 8
# Letter runs cost ten times the feature values of words: past this many
# candidates (a big project's every turn) words alone do the ranking.
LETTERS_UP_TO = 20_000


@dataclass(frozen=True)
class Similar:
    index: int  # position in the candidates given
    score: float  # cosine similarity, 0..1
    shared: tuple[str, ...]  # words (or word pairs) shared with the chosen passages


def _vectorisers():
    from sklearn.feature_extraction.text import TfidfVectorizer

    words = TfidfVectorizer(
        lowercase=True,
        token_pattern=WORD_PATTERN,
        ngram_range=(1, 2),
        stop_words="english",
        sublinear_tf=True,
    )
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=1)
    return words, chars


def more_like_this(
    chosen: Sequence[str],
    candidates: Sequence[str],
    top: int = 20,
    exclude: Collection[int] = (),
    min_score: float = 0.0,
) -> list[Similar]:
    """The ``top`` candidates most like the ``chosen`` texts, best first (ties
    in candidate order), leaving out the indices in ``exclude`` and any scoring
    ``min_score`` or less. Candidates with no letters score 0."""
    import numpy as np
    from scipy.sparse import hstack

    if not chosen:
        raise ValueError("choose at least one passage")
    if not candidates:
        return []
    corpus = [*chosen, *candidates]
    words, chars = _vectorisers()
    try:
        w = words.fit_transform(corpus)
    except ValueError:  # only stop words / no words at all
        w = None
    parts = [] if w is None else [w]
    if w is None or len(candidates) <= LETTERS_UP_TO:
        parts.append(chars.fit_transform(corpus))
    x = hstack(parts, format="csr") * (1 / np.sqrt(len(parts)))
    n = len(chosen)
    query = np.asarray(x[:n].mean(axis=0)).ravel()
    norm = np.linalg.norm(query)
    if norm == 0:
        return []
    query /= norm
    scores = x[n:] @ query
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], i))
    vocab = words.get_feature_names_out() if w is not None else None
    wq = np.asarray(w[:n].mean(axis=0)).ravel() if w is not None else None
    out: list[Similar] = []
    skip = set(exclude)
    for i in order:
        if len(out) >= top:
            break
        if i in skip or scores[i] <= min_score:
            continue
        shared: tuple[str, ...] = ()
        if w is not None:
            row = w[n + i]
            weights = row.data * wq[row.indices]
            pick = [j for j in np.argsort(-weights, kind="stable") if weights[j] > 0]
            shared = tuple(str(vocab[row.indices[j]]) for j in pick[:SHARED_TERMS])
        out.append(Similar(i, round(float(scores[i]), 4), shared))
    return out


def term_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ``(start, end)`` of whole-word occurrences of
    ``terms`` in ``text``, ignoring case (a pair "funding cuts" also matches
    across several spaces)."""
    spans: list[tuple[int, int]] = []
    for term in terms:
        parts = [re.escape(p) for p in term.split()]
        if not parts:
            continue
        rx = re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)
        spans.extend(m.span() for m in rx.finditer(text))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged
