"""The model learnt from codings: metrics, eligibility, reasons, uncertainty."""

from __future__ import annotations

import random

from coding.classifier import MIN_EXAMPLES, Prediction, most_uncertain, train

FUNDING = "funding grant contract commissioning tender money budget".split()
NETWORK = "network partners peers consortium friends meet".split()
FILLER = "we they said really think people time work week year local".split()


def corpus(n=120, seed=3):
    rng = random.Random(seed)
    texts, labels = [], []
    for i in range(n):
        words = rng.choices(FILLER, k=8)
        codes = set()
        if i % 3 == 0:
            words += rng.sample(FUNDING, 3)
            codes.add("F")
        elif i % 3 == 1:
            words += rng.sample(NETWORK, 3)
            codes.add("N")
        rng.shuffle(words)
        texts.append(" ".join(words))
        labels.append(codes)
    return texts, labels


def test_separable_codes_are_learnt_with_perfect_cross_validated_scores():
    texts, labels = corpus()
    model = train(texts, labels, codes=["F", "N", "rare"])
    assert model.codes == ["F", "N"]
    assert model.examples == 120
    f, n, rare = model.metrics
    assert (f.code, f.examples, f.trained, f.precision, f.recall, f.f1) == (
        "F",
        40,
        True,
        1.0,
        1.0,
        1.0,
    )
    assert (n.code, n.examples, n.trained) == ("N", 40, True)
    assert not rare.trained and rare.precision is None
    assert rare.note == f"needs at least {MIN_EXAMPLES} coded passages (has 0)"


def test_too_few_examples_is_said_not_modelled():
    texts, labels = corpus()
    labels = [set(ls) for ls in labels]
    for i in (0, 3, 6):
        labels[i].add("few")
    model = train(texts, labels)
    assert "few" not in model.codes
    assert model.metrics_for("few").note == "needs at least 6 coded passages (has 3)"


def test_predictions_carry_scores_and_the_words_that_drove_them():
    model = train(*corpus())
    found = model.predict(
        ["the tender for the contract", "friends in the consortium", "people said nothing"]
    )
    found.sort(key=lambda p: p.index)
    assert [(p.index, p.code) for p in found] == [(0, "F"), (1, "N")]
    assert (
        set(found[0].reason) <= {"tender", "contract", "tender contract"}
        and "tender" in found[0].reason
    )
    assert (
        set(found[1].reason) <= {"friends", "consortium", "friends consortium"}
        and "consortium" in found[1].reason
    )
    assert all(p.score >= 0.5 for p in found)
    assert model.predict(["the tender for the contract"], exclude={(0, "F")}) == []
    both = model.predict(["the tender", "friends meet"])
    assert [p.score for p in both] == sorted((p.score for p in both), reverse=True)
    assert model.predict(["the tender", "friends meet"], top=1) == both[:1]


def test_most_uncertain_first():
    preds = [
        Prediction(0, "a", 0.95, ()),
        Prediction(1, "a", 0.55, ()),
        Prediction(2, "a", 0.10, ()),
        Prediction(3, "a", 0.48, ()),
    ]
    assert [p.index for p in most_uncertain(preds)] == [3, 1, 2, 0]
    assert [p.index for p in most_uncertain(preds, top=2)] == [3, 1]


def test_imperfect_code_gets_honest_metrics():
    texts, labels = corpus()
    labels = [set(ls) for ls in labels]
    # "M" is applied to half the funding passages at random: nothing tells them apart
    rng = random.Random(0)
    for i in range(0, 120, 3):
        if rng.random() < 0.5:
            labels[i].add("M")
    model = train(texts, labels, codes=["M"])
    [m] = model.metrics
    assert m.trained
    assert m.precision < 0.9
