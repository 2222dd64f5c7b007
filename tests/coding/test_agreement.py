"""coding.agreement: percent agreement, NVivo's kappa and Krippendorff's alpha."""

from __future__ import annotations

import random

import krippendorff
import numpy as np
import pytest

from coding.agreement import (
    POOLED,
    Document,
    Levels,
    alpha,
    character_levels,
    compare,
    kappa,
    percent_agreement,
    unit_levels,
)
from coding.units import Units


def test_nvivo_example_1000_characters_50_both_800_neither():
    # A codes characters 0-150 (150), B codes 100-200 (100): 50 by both,
    # 800 by neither, 150 by one of them only.
    levels = character_levels(1000, [[(0, 150)], [(100, 200)]])
    assert levels.counts == (800, 150, 50)
    assert levels.coded == (150, 100)
    assert levels.both == 50
    assert percent_agreement(levels) == 85.0
    # expected = (150*100 + 850*900) / 1000 = 780; kappa = (850-780)/(1000-780)
    assert kappa(levels) == pytest.approx(70 / 220, abs=1e-12)


def test_complete_agreement_and_nobody_coding():
    same = character_levels(40, [[(5, 10)], [(5, 10)]])
    assert percent_agreement(same) == 100.0
    assert kappa(same) == 1.0
    assert alpha(same) == 1.0
    nobody = character_levels(40, [[], []])
    assert nobody.counts == (40, 0, 0)
    assert percent_agreement(nobody) == 100.0
    assert kappa(nobody) == 1.0  # NVivo: complete agreement
    assert alpha(nobody) is None  # undefined without variation


def test_character_levels_clip_and_merge_one_raters_overlaps():
    levels = character_levels(20, [[(0, 5), (3, 8), (18, 30)], [(-4, 2)]])
    # rater A: 0-8 and 18-20 (10 chars); B: 0-2 (2 chars)
    assert levels.coded == (10, 2)
    assert levels.counts == (10, 8, 2)


def test_unit_levels_count_a_unit_coded_when_any_character_is():
    units = Units([(0, 10), (10, 20), (20, 30), (30, 40)])
    # A touches units 0 and 1 (9-11); B codes unit 1 and ends exactly at 30
    levels = unit_levels(units, [[(9, 11)], [(12, 30)]])
    assert levels.coded == (2, 2)
    assert levels.counts == (1, 2, 1)
    assert percent_agreement(levels) == 50.0


def _reliability(levels_matrix):
    return krippendorff.alpha(
        reliability_data=np.array(levels_matrix, dtype=float), level_of_measurement="nominal"
    )


@pytest.mark.parametrize("raters", [2, 3, 5])
def test_alpha_equals_the_krippendorff_package(raters):
    rng = random.Random(raters)
    for _ in range(25):
        n = rng.randint(2, 60)
        matrix = [[rng.random() < 0.3 for _ in range(n)] for _ in range(raters)]
        counts = [0] * (raters + 1)
        for u in range(n):
            counts[sum(row[u] for row in matrix)] += 1
        levels = Levels(raters, tuple(counts), tuple(map(sum, matrix)), counts[-1])
        ours = alpha(levels)
        if ours is None:
            assert len({v for row in matrix for v in row}) == 1
            continue
        assert ours == pytest.approx(_reliability(matrix), abs=1e-9)


def test_alpha_on_characters_equals_the_package_per_character():
    length = 300
    a, b, c = [(10, 80), (150, 160)], [(30, 120)], [(0, 40), (100, 200)]
    levels = character_levels(length, [a, b, c])
    matrix = [[any(s <= i < e for s, e in spans) for i in range(length)] for spans in (a, b, c)]
    assert levels.units == 300
    assert alpha(levels) == pytest.approx(_reliability(matrix), abs=1e-9)
    assert kappa(levels) is None  # three raters


def _records(rows):
    return [dict(zip(("document", "code", "coder", "start", "end"), r, strict=True)) for r in rows]


def test_compare_rows_per_code_and_document_then_pooled():
    docs = {
        "d1": Document(100, {"sentence": [(0, 50), (50, 100)]}),
        "d2": Document(300, {"sentence": [(0, 100), (100, 200), (200, 300)]}),
    }
    codings = _records(
        [
            ("d1", "Trust", "ana", 0, 50),
            ("d1", "Trust", "ben", 0, 25),
            ("d2", "Trust", "ana", 0, 30),
            ("d2", "Help", "ben", 100, 130),
            ("d2", "Help", "carl", 0, 300),  # not a rater: ignored
            ("d3", "Trust", "ana", 0, 1),  # not a document compared: ignored
        ]
    )
    rows = compare(docs, codings, [["ana"], ["ben"]])
    got = [(r.code, r.document, r.levels.units, r.levels.counts) for r in rows]
    assert got == [
        ("Trust", "d1", 100, (50, 25, 25)),
        ("Trust", "d2", 300, (270, 30, 0)),
        ("Trust", POOLED, 400, (320, 55, 25)),
        ("Help", "d1", 100, (100, 0, 0)),
        ("Help", "d2", 300, (270, 30, 0)),
        ("Help", POOLED, 400, (370, 30, 0)),
    ]
    trust_pooled = rows[2]
    assert trust_pooled.agreement == pytest.approx(86.25)
    assert trust_pooled.mean_agreement == pytest.approx((75.0 + 90.0) / 2)
    assert trust_pooled.documents == 2
    assert rows[3].kappa == 1.0 and rows[3].alpha is None

    by_sentence = compare(docs, codings, [["ana"], ["ben"]], unit="sentence", codes=["Trust"])
    assert [(r.document, r.levels.counts) for r in by_sentence] == [
        ("d1", (1, 0, 1)),
        ("d2", (2, 1, 0)),
        (POOLED, (3, 1, 1)),
    ]
    assert by_sentence[0].agreement == 100.0


def test_groups_of_coders_code_a_unit_when_any_member_does():
    docs = {"d": Document(10, {"turn": [(0, 5), (5, 10)]})}
    codings = _records(
        [("d", "X", "ana", 0, 2), ("d", "X", "ben", 6, 7), ("d", "X", "carl", 0, 10)]
    )
    rows = compare(docs, codings, [["ana", "ben"], ["carl"]], unit="turn")
    assert rows[0].levels.coded == (2, 2)
    assert rows[0].agreement == 100.0


def test_documents_without_units_of_the_kind_are_left_out():
    docs = {"notes": Document(50, {"paragraph": [(0, 50)]}), "empty": Document(0, {})}
    codings = _records([("notes", "X", "ana", 0, 5)])
    assert [r.document for r in compare(docs, codings, [["ana"], ["ben"]], unit="turn")] == []
    assert [r.document for r in compare(docs, codings, [["ana"], ["ben"]])] == ["notes", POOLED]


def test_bad_arguments():
    with pytest.raises(ValueError, match="unit must be one of"):
        compare({}, [], [["a"], ["b"]], unit="word")
    with pytest.raises(ValueError, match="at least two"):
        compare({}, [], [["a"]])


def test_clusters_chain_overlaps_and_know_when_they_agree():
    from coding.agreement import clusters

    found = clusters([(0, 10), (30, 40), (60, 70)], [(5, 20), (18, 25), (30, 40), (80, 85), (7, 7)])
    assert [(c.start, c.end, c.a, c.b, c.agreed) for c in found] == [
        (0, 25, ((0, 10),), ((5, 20), (18, 25)), False),
        (30, 40, ((30, 40),), ((30, 40),), True),
        (60, 70, ((60, 70),), (), False),
        (80, 85, (), ((80, 85),), False),
    ]
    # touching spans are not overlapping: two clusters
    assert [(c.start, c.end) for c in clusters([(0, 5)], [(5, 9)])] == [(0, 5), (5, 9)]


def test_resolutions():
    from coding.agreement import Cluster, resolution

    c = Cluster(0, 25, ((0, 10),), ((5, 20), (18, 25)))
    assert resolution(c, "keep_a") == [(0, 10)]
    assert resolution(c, "keep_b") == [(5, 25)]
    assert resolution(c, "both") == [(0, 25)]
    assert resolution(c, "neither") == []
    assert resolution(c, "edit", (2, 12)) == [(2, 12)]
    with pytest.raises(ValueError, match="start < end"):
        resolution(c, "edit", (5, 5))
    with pytest.raises(ValueError, match="decision must be one of"):
        resolution(c, "maybe")
