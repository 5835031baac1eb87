"""ita_analytics.stats against scipy and against hand-computed cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from ita_analytics.stats import correlation, within_correlation

X = [66.73, 67.90, 81.25, 87.57, 90.19, 93.05, 93.82]  # ITA national means 2019–2025
Y = [36, 36, 35, 36, 35, 34, 33]  # Thailand's CPI 2019–2025


def test_pearson_matches_scipy_with_a_fisher_z_interval():
    got = correlation(X, Y, "pearson")
    expected = scipy_stats.pearsonr(X, Y)
    assert got.r == pytest.approx(expected.statistic) and got.p_value == pytest.approx(expected.pvalue)
    interval = expected.confidence_interval(0.95)  # scipy's is also Fisher's z
    assert (got.low, got.high) == (pytest.approx(interval.low), pytest.approx(interval.high))
    z, half = math.atanh(got.r), 1.959963984540054 / math.sqrt(7 - 3)
    assert got.low == pytest.approx(math.tanh(z - half)) and got.n == 7 and got.dropped == 0
    assert got.low < got.r < got.high


def test_a_wider_confidence_gives_a_wider_interval():
    narrow, wide = correlation(X, Y, confidence=0.8), correlation(X, Y, confidence=0.99)
    assert wide.low < narrow.low < narrow.high < wide.high


def test_spearman_matches_scipy_and_its_bootstrap_is_seeded():
    got = correlation(X, Y, "spearman")
    expected = scipy_stats.spearmanr(X, Y)
    assert got.r == pytest.approx(expected.statistic) and got.p_value == pytest.approx(expected.pvalue)
    assert -1 <= got.low <= got.r <= got.high <= 1
    assert correlation(X, Y, "spearman") == got  # same data, same interval


def test_missing_pairs_are_dropped_and_counted():
    got = correlation([1, 2, None, 4, 5, float("nan")], [2, 4, 6, None, 10, 12])
    assert (got.n, got.dropped) == (3, 3)
    assert got.r == pytest.approx(1.0)


def test_too_few_pairs_or_no_variation_give_nan_not_an_error():
    assert math.isnan(correlation([1, 2], [3, 4]).r)
    assert math.isnan(correlation([1, 1, 1, 1], [1, 2, 3, 4]).r)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"method": "kendall"}, "method"),
        ({"confidence": 1.5}, "confidence"),
    ],
)
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        correlation(X, Y, **kwargs)


def test_unequal_lengths_are_refused():
    with pytest.raises(ValueError, match="pair up"):
        correlation([1, 2, 3], [1, 2])


def test_within_unit_correlation_removes_differences_between_units():
    rng = np.random.default_rng(1)
    rows = []
    for unit in range(30):
        level = rng.normal(0, 10)  # a unit that is high on x is high on y: between-unit association only
        noise_x, noise_y = rng.normal(size=6), rng.normal(size=6)
        rows += [{"unit": unit, "x": level + noise_x[t], "y": level + noise_y[t]} for t in range(6)]
    frame = pd.DataFrame(rows + [{"unit": 99, "x": None, "y": 1.0}])
    pooled = correlation(frame["x"], frame["y"])
    within = within_correlation(frame, "unit", "x", "y")
    assert pooled.r > 0.9
    assert abs(within.r) < 0.2 and (within.n, within.dropped) == (180, 1)
    by_hand = frame.dropna().assign(
        x=lambda f: f["x"] - f.groupby("unit")["x"].transform("mean"),
        y=lambda f: f["y"] - f.groupby("unit")["y"].transform("mean"),
    )
    assert within.r == pytest.approx(np.corrcoef(by_hand["x"], by_hand["y"])[0, 1])


def test_small_samples_are_warned_about_in_words():
    from ita_analytics.narrative import correlation_caveat

    result = correlation(X, Y)
    en = correlation_caveat(result, "en")
    assert en == (
        f"Only 7 points: the true correlation could lie anywhere from {result.low:+.2f} to "
        f"{result.high:+.2f} (95% confidence). This much data says little."
    )
    assert "มีเพียง 7 จุด" in correlation_caveat(result, "th")
    assert correlation_caveat(correlation(range(40), [v % 7 for v in range(40)]), "en") is None
    assert "no correlation can be computed" in correlation_caveat(correlation([1, 2], [3, 4]), "en")


def test_large_spearman_uses_the_bonett_wright_interval():
    rng = np.random.default_rng(3)
    a = rng.normal(size=5000)
    b = a + rng.normal(size=5000)
    got = correlation(a, b, "spearman")
    z, half = math.atanh(got.r), 1.959963984540054 * math.sqrt((1 + got.r**2 / 2) / (5000 - 3))
    assert (got.low, got.high) == (pytest.approx(math.tanh(z - half)), pytest.approx(math.tanh(z + half)))
