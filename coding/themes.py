"""Emerging themes: topics found in passages nobody has coded yet. Pure.

Passages become TF-IDF vectors (English stop words out, words in nearly
every passage out) and non-negative matrix factorisation splits them into
``k`` topics chosen by the researcher. A topic is shown as its strongest
words, the passages that belong to it most (highest weight), and the
organisations its passages come from, counted over the passages whose
strongest topic it is. Runs are repeatable: the factorisation starts from
NNDSVD, not from random numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

TOP_WORDS = 10
TYPICAL = 5
MAX_FEATURES = 20_000
# Words of two letters or more (hyphenated ones whole); "it's" yields "it",
# a stop word, so contractions do not become themes.
WORD_PATTERN = r"(?u)\b[^\W\d_]{2,}(?:-[^\W\d_]+)*\b"

# The fillers of talk, which top every topic of a transcript otherwise.
SPOKEN_FILLERS = frozenset(
    """
    yeah yes okay ok um uh er erm mm hmm right well just really actually basically
    like know think mean sort kind bit lot lots quite thing things stuff got get
    getting going gonna say said saying tell told ask asked does did doing done
    thank thanks sure maybe probably little guess want wanted way ve ll don didn
    doesn isn wasn aren weren couldn wouldn shouldn
    """.split()
)


@dataclass
class Theme:
    number: int  # 1..k, strongest topic first
    words: list[str]
    typical: list[tuple[int, float]]  # (passage index, weight), strongest first
    passages: list[int] = field(default_factory=list)  # every passage whose main topic it is
    organisations: list[tuple[str, int]] = field(default_factory=list)  # (name, passages)

    @property
    def label(self) -> str:
        return " / ".join(self.words[:3])


def discover_themes(
    texts: Sequence[str],
    k: int,
    organisations: Sequence[str | None] | None = None,
    top_words: int = TOP_WORDS,
    typical: int = TYPICAL,
) -> list[Theme]:
    """``k`` themes over ``texts``, ordered by how many passages they lead
    (then by total weight). ``organisations[i]`` names the organisation of
    ``texts[i]`` (or None)."""
    import numpy as np
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    if k < 1:
        raise ValueError("the number of themes must be at least 1")
    if organisations is not None and len(organisations) != len(texts):
        raise ValueError("texts and organisations differ in length")
    if len(texts) < k:
        raise ValueError(f"{k} themes need at least {k} passages (there are {len(texts)})")
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    vectoriser = TfidfVectorizer(
        token_pattern=WORD_PATTERN,
        stop_words=sorted(ENGLISH_STOP_WORDS | SPOKEN_FILLERS),
        max_df=0.5 if len(texts) >= 20 else 1.0,
        min_df=2 if len(texts) >= 50 else 1,
        max_features=MAX_FEATURES,
        sublinear_tf=True,
        dtype=np.float32,
    )
    try:
        x = vectoriser.fit_transform(texts)
    except ValueError:
        raise ValueError("the passages have no words to find themes in") from None
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    k = min(k, x.shape[1])
    nmf = NMF(n_components=k, init="nndsvda", max_iter=300, random_state=0)
    with warnings.catch_warnings():  # 300 rounds are enough to read a theme
        warnings.simplefilter("ignore", ConvergenceWarning)
        w = nmf.fit_transform(x)
    h = nmf.components_
    names = vectoriser.get_feature_names_out()
    main = w.argmax(axis=1)
    has_topic = w.max(axis=1) > 0
    themes = []
    for t in range(k):
        words = [str(names[j]) for j in np.argsort(-h[t], kind="stable")[:top_words] if h[t, j] > 0]
        members = [int(i) for i in np.nonzero((main == t) & has_topic)[0]]
        order = np.argsort(-w[:, t], kind="stable")[:typical]
        best = [(int(i), round(float(w[i, t]), 4)) for i in order if w[i, t] > 0]
        orgs: list[tuple[str, int]] = []
        if organisations is not None:
            counts = Counter(organisations[i] for i in members if organisations[i])
            orgs = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        themes.append(Theme(0, words, best, members, orgs))
    weight = w.sum(axis=0)
    ranked = sorted(range(k), key=lambda t: (-len(themes[t].passages), -weight[t], t))
    out = [themes[t] for t in ranked]
    for number, theme in enumerate(out, start=1):
        theme.number = number
    return out
