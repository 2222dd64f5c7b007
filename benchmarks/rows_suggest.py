"""Suggestion rows (issue 15): training the model, suggesting codes for one
transcript, topic discovery, and the built-in frames' rules.

* ``suggest.train``: ``coding.classifier.train`` on ``suggest_segments``
  passages (turns and paragraphs of the generated corpus) with
  ``suggest_codes`` codes planted by theme words and 20% of the labels
  dropped, so the model has something honest to learn; the cross-validated
  metrics are computed inside the timing, as a researcher gets them.
* ``suggest.one``: ``project.suggestions.suggest(document=...)`` on the small
  project (its model trained once, untimed), one 60 KB transcript per call.
* ``suggest.themes``: ``coding.themes.discover_themes`` (k = 10) over every
  turn and paragraph of the corpus's ``big_docs`` transcripts.
* ``suggest.rules``: the rules of the five built-in frames over one
  transcript's turns.
"""

from __future__ import annotations

import random

from benchmarks.harness import Row, measure

#: planted codes: a passage mentioning one of the words gets the code (80% of the time)
PLANTED = {
    "Funding": ("grant", "funding", "pot", "bid"),
    "Volunteers": ("volunteers",),
    "Partnership": ("partnership", "partner"),
    "Commissioning": ("commissioners", "procurement", "contract"),
    "Feelings": ("felt", "feeling", "honestly"),
    "Governance": ("trustees", "policy", "procedures", "corporate"),
    "Networks": ("network", "forum", "inner circle", "solidarity"),
    "Reserves": ("reserves", "cliff edge", "short term"),
    "Social value": ("social value", "outcomes", "measured"),
    "Founding": ("started", "set up", "founder"),
}


def passages(transcripts) -> list[str]:
    """Every turn and paragraph's text (speaker labels cut off)."""
    return [b.split(": ", 1)[-1] for t in transcripts for b in t.blocks()]


def planted_labels(texts: list[str], n_codes: int, seed: int) -> list[set[str]]:
    rng = random.Random(f"labels-{seed}")
    codes = list(PLANTED.items())[:n_codes]
    out = []
    for text in texts:
        low = text.lower()
        out.append({c for c, words in codes if any(w in low for w in words) and rng.random() < 0.8})
    return out


def suggest_rows(ws) -> None:
    from coding.classifier import train
    from coding.themes import discover_themes

    cfg = ws.cfg
    corpus = ws.corpus()
    texts = passages(corpus)
    while len(texts) < cfg.suggest_segments:  # a small smoke corpus: repeat it
        texts = texts + texts
    texts = texts[: cfg.suggest_segments]
    labels = planted_labels(texts, cfg.suggest_codes, cfg.seed)
    ws.log(f"suggest.train: {len(texts):,} passages, {cfg.suggest_codes} codes")
    size = f"{len(texts):,} passages, {cfg.suggest_codes} codes, 3-fold CV"
    big = cfg.suggest_segments >= 100_000
    kept = {}
    timing = measure(
        lambda: kept.update(model=train(texts, labels)), min(cfg.runs, 3), warmup=0, budget=120
    )
    f1 = ", ".join(f"{m.code} {m.f1:.2f}" for m in kept["model"].metrics if m.trained)
    ws.report.add(
        Row("suggest.train", "Train the suggestion model (TF-IDF + linear SVM per code, "
            "calibrated, cross-validated)", size, timing=timing, target=30.0 if big else None,
            note=f"planted labels, 20% dropped; cross-validated F1: {f1}")
    )  # fmt: skip

    small = ws.small()
    project = small.project
    unit = project.suggestions.default_unit()
    project.suggestions.train(unit)
    docs = [d["guid"] for d in small.documents]
    turn = iter(range(10**9))

    def one() -> None:
        project.suggestions.suggest(document=docs[next(turn) % len(docs)], unit=unit)

    ws.report.add(
        Row("suggest.one", f"Model suggestions for one transcript (facade, {unit}s)",
            f"1 doc x {cfg.doc_bytes / 1000:.0f} KB, {len(docs)}-doc project",
            timing=measure(one, cfg.runs), target=0.2 if cfg.doc_bytes >= 60_000 else None)
    )  # fmt: skip

    theme_texts = passages(corpus[: cfg.big_docs])
    ws.log(f"suggest.themes: {len(theme_texts):,} passages of {cfg.big_docs} transcripts")
    ws.report.add(
        Row("suggest.themes", "Emerging themes: NMF topics (k = 10) with words, typical "
            "passages", f"{cfg.big_docs} docs, {len(theme_texts):,} passages",
            timing=measure(lambda: discover_themes(theme_texts, 10), min(cfg.runs, 3),
                           warmup=0, budget=180),
            target=60.0 if cfg.big_docs >= 1000 else None)
    )  # fmt: skip

    rules_row(ws)


def rules_row(ws) -> None:
    from codebooks.builtins import builtin_names, load_builtin
    from coding.rules import Passage, Rule, RuleMatcher

    cfg = ws.cfg
    rules = [
        Rule(c.guid, tuple(c.keywords))
        for name in builtin_names()
        for c in load_builtin(name).codes
        if c.codable and c.keywords
    ]
    transcript = ws.corpus()[0]
    units, at = [], 0
    for block in transcript.blocks():
        units.append(Passage(str(len(units)), "d", at, at + len(block), block))
        at += len(block) + 2
    RuleMatcher(rules).hits(units)  # loads the lemma table once

    def run() -> None:
        RuleMatcher(rules).hits(units)

    ws.report.add(
        Row("suggest.rules", "Rules of the 5 built-in frames over one transcript (lemmas, "
            "PhraseMatcher)", f"{len(rules)} codes, {len(units)} passages, "
            f"{cfg.doc_bytes / 1000:.0f} KB", timing=measure(run, cfg.runs))
    )  # fmt: skip
