"""ita_analytics.stats against scipy and against hand-computed cases."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from ita_analytics.stats import BOOTSTRAP_RESAMPLES, cluster_correlation, correlation, format_p, within_correlation

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
    assert got.r == pytest.approx(expected.statistic)
    assert -1 <= got.low <= got.r <= got.high <= 1
    assert correlation(X, Y, "spearman") == got  # same data, same interval
    many = np.arange(40.0), np.arange(40.0) % 7  # above EXACT_MAX_N: scipy's p-value
    assert correlation(*many, "spearman").p_value == pytest.approx(scipy_stats.spearmanr(*many).pvalue)
    assert correlation(*many, "spearman").p_method == "t"


def test_spearman_p_value_of_few_pairs_counts_every_ordering():
    """Seven years: scipy's t approximation says p = 0.013; all 5,040 orderings of the years say otherwise."""
    got = correlation(X, Y, "spearman")
    ranks_y = scipy_stats.rankdata(Y)
    rhos = np.array([scipy_stats.spearmanr(order, ranks_y).statistic for order in itertools.permutations(X)])
    tolerance = 1e-12
    below, above = (rhos <= got.r + tolerance).mean(), (rhos >= got.r - tolerance).mean()
    assert got.p_method == "exact" and got.p_value == pytest.approx(min(1.0, 2 * min(below, above)))
    assert got.p_value != pytest.approx(scipy_stats.spearmanr(X, Y).pvalue)


def test_p_values_are_written_as_a_statistician_writes_them():
    assert [format_p(p) for p in (0.0, 1.5e-66, 0.00099, 0.001, 0.0307, 0.1144, 1.0)] == [
        "< 0.001",
        "< 0.001",
        "< 0.001",
        "0.001",
        "0.031",
        "0.114",
        "1.000",
    ]
    assert format_p(float("nan")) == format_p(None) == "–"


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


# ---------------------------------------------------------------- rows that are not independent


def panel(units: int = 30, years: int = 6, seed: int = 4) -> pd.DataFrame:
    """Units whose years share a level: 30 units × 6 years look like 180 draws but are far fewer."""
    rng = np.random.default_rng(seed)
    rows = []
    for unit in range(units):
        level = rng.normal(0, 1)
        rows += [{"unit": unit, "x": level + rng.normal(0, 0.3), "y": level + rng.normal(0, 1)} for _ in range(years)]
    return pd.DataFrame(rows)


def test_a_bootstrap_over_units_is_wider_than_pretending_rows_are_independent():
    frame = panel()
    naive = correlation(frame["x"], frame["y"])
    clustered = cluster_correlation(frame, "unit", "x", "y")
    assert clustered.r == pytest.approx(naive.r) and (clustered.n, clustered.clusters) == (180, 30)
    assert clustered.high - clustered.low > 1.4 * (naive.high - naive.low)
    assert clustered.interval == "cluster_bootstrap" and clustered.p_method == "cluster_bootstrap"
    assert clustered.p_value >= 2 / (BOOTSTRAP_RESAMPLES + 1)  # never 0
    assert cluster_correlation(frame, "unit", "x", "y") == clustered  # seeded: the same every time


def test_the_cluster_bootstrap_by_hand():
    """Resampling whole units, 2,000 times from the same seed, with each resample's correlation computed directly."""
    frame = panel(units=8, years=3, seed=7)
    got = cluster_correlation(frame, "unit", "x", "y")
    rng = np.random.default_rng(20240101)
    codes, groups = pd.factorize(frame["unit"])
    draws = []
    for _ in range(BOOTSTRAP_RESAMPLES // 100):
        picks = rng.integers(0, len(groups), size=(100, len(groups)))
        for row in picks:
            rows = np.concatenate([np.flatnonzero(codes == g) for g in row])
            draws.append(np.corrcoef(frame["x"].to_numpy()[rows], frame["y"].to_numpy()[rows])[0, 1])
    low, high = np.quantile(draws, [0.025, 0.975])
    assert (got.low, got.high) == (pytest.approx(low), pytest.approx(high))
    far = min(sum(d <= 0 for d in draws), sum(d >= 0 for d in draws))
    assert got.p_value == pytest.approx(min(1, 2 * (far + 1) / (len(draws) + 1)))


def test_spearman_over_units_re_ranks_each_resample():
    frame = panel(units=10, years=4).assign(y=lambda f: f["y"].round(0))  # ties among y
    got = cluster_correlation(frame, "unit", "x", "y", "spearman")
    assert got.r == pytest.approx(scipy_stats.spearmanr(frame["x"], frame["y"]).statistic)
    assert -1 <= got.low <= got.r <= got.high <= 1 and got.clusters == 10


def test_within_over_units_drops_units_of_one_row_and_one_unit_is_its_own_years():
    frame = pd.concat([panel(units=5), pd.DataFrame([{"unit": 99, "x": 1.0, "y": 2.0}])], ignore_index=True)
    within = cluster_correlation(frame, "unit", "x", "y", within=True)
    assert (within.n, within.dropped, within.clusters) == (30, 1, 5)
    by_hand = within_correlation(frame[frame["unit"] != 99], "unit", "x", "y")
    assert within.r == pytest.approx(by_hand.r)
    alone = cluster_correlation(frame[frame["unit"] == 0], "unit", "x", "y")
    plain = correlation(frame.loc[frame["unit"] == 0, "x"], frame.loc[frame["unit"] == 0, "y"])
    assert (alone.r, alone.low, alone.p_value, alone.clusters) == (plain.r, plain.low, plain.p_value, 1)
    with pytest.raises(ValueError, match="method"):
        cluster_correlation(frame, "unit", "x", "y", "kendall")


def test_an_interval_that_spans_everything_is_said_in_words():
    from ita_analytics.narrative import correlation_caveat, interval_text

    six = correlation(X[1:], Y[1:], "spearman")  # six years: the bootstrap's resamples run from −1 to 1
    assert six.spans_everything and (six.low, six.high) == (-1.0, 1.0)
    assert interval_text(six, "en") == "too few points to say"
    from dataclasses import replace

    years = replace(six, basis="years")
    assert interval_text(years, "en") == "too few years to say" and interval_text(years, "th") == "ปีน้อยเกินกว่าจะบอกได้"
    assert correlation_caveat(years, "en").startswith("Only 6 years: too few to say")
    pearson = correlation(X, Y)
    assert not pearson.spans_everything and interval_text(pearson, "en") == f"{pearson.low:+.2f} to {pearson.high:+.2f}"
