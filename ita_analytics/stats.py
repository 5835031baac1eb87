"""Correlation with honest uncertainty: Pearson with a Fisher-z interval, Spearman with a seeded bootstrap."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

METHODS = ("pearson", "spearman")
BOOTSTRAP_SEED = 20240101
BOOTSTRAP_RESAMPLES = 2000
#: Above this many pairs the bootstrap is slow and needless: Spearman's interval then uses Fisher's z with
#: Bonett and Wright's (2000) variance, 1 + r²/2 over n − 3.
BOOTSTRAP_MAX_N = 2000


@dataclass(frozen=True)
class Correlation:
    """A correlation coefficient with its confidence interval, p-value, pairs used and pairs dropped."""

    method: str
    r: float
    low: float
    high: float
    p_value: float
    n: int
    dropped: int
    confidence: float


def _pairs(x: object, y: object) -> tuple[np.ndarray, np.ndarray, int]:
    """Return the complete (x, y) pairs as floats and how many pairs had a missing value."""
    left = pd.to_numeric(pd.Series(list(x)), errors="coerce")
    right = pd.to_numeric(pd.Series(list(y)), errors="coerce")
    if len(left) != len(right):
        raise ValueError(f"x has {len(left)} values and y has {len(right)}; they must pair up")
    keep = left.notna() & right.notna() & np.isfinite(left) & np.isfinite(right)
    return left[keep].to_numpy(float), right[keep].to_numpy(float), int((~keep).sum())


def correlation(x: object, y: object, method: str = "pearson", confidence: float = 0.95) -> Correlation:
    """Return the correlation of paired values x and y; pairs with a missing value are dropped and counted.

    Pearson's interval uses Fisher's z transformation; Spearman's is a percentile bootstrap of the pairs
    with a fixed seed, so the same data always give the same interval. With fewer than 3 pairs, or a
    variable that does not vary, the result is NaN rather than an error.
    """
    if method not in METHODS:
        raise ValueError(f"method: {method!r} must be one of {METHODS}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence: {confidence!r} must be between 0 and 1")
    a, b, dropped = _pairs(x, y)
    n = len(a)
    nan = Correlation(method, math.nan, math.nan, math.nan, math.nan, n, dropped, confidence)
    if n < 3 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return nan
    if method == "pearson":
        result = scipy_stats.pearsonr(a, b)
        r, p = float(result.statistic), float(result.pvalue)
        low, high = _fisher_interval(r, n, confidence)
    else:
        result = scipy_stats.spearmanr(a, b)
        r, p = float(result.statistic), float(result.pvalue)
        low, high = (
            _bootstrap_interval(a, b, confidence)
            if n <= BOOTSTRAP_MAX_N
            else _fisher_interval(r, n, confidence, variance=1 + r * r / 2)
        )
    return Correlation(method, r, low, high, p, n, dropped, confidence)


def _fisher_interval(r: float, n: int, confidence: float, variance: float = 1.0) -> tuple[float, float]:
    if n <= 3 or abs(r) == 1:
        return (r, r) if abs(r) == 1 else (-1.0, 1.0)
    z = math.atanh(r)
    half = scipy_stats.norm.ppf(0.5 + confidence / 2) * math.sqrt(variance / (n - 3))
    return math.tanh(z - half), math.tanh(z + half)


def _bootstrap_interval(a: np.ndarray, b: np.ndarray, confidence: float) -> tuple[float, float]:
    def spearman(u: np.ndarray, v: np.ndarray) -> float:
        return scipy_stats.spearmanr(u, v).statistic

    with warnings.catch_warnings():  # some resamples repeat one pair only: their statistic is NaN
        warnings.simplefilter("ignore")
        result = scipy_stats.bootstrap(
            (a, b),
            spearman,
            paired=True,
            vectorized=False,
            method="percentile",
            n_resamples=BOOTSTRAP_RESAMPLES,
            confidence_level=confidence,
            rng=np.random.default_rng(BOOTSTRAP_SEED),
        )
    low, high = result.confidence_interval
    return float(np.nan_to_num(low, nan=-1.0)), float(np.nan_to_num(high, nan=1.0))


def within_correlation(
    frame: pd.DataFrame, unit: str, x: str, y: str, method: str = "pearson", confidence: float = 0.95
) -> Correlation:
    """Return the within-unit correlation: each unit's own mean removed from x and y before correlating.

    Units that are simply higher on both (a region that scores well on everything) inflate the pooled
    correlation; this one asks whether a unit's better-than-usual years in x are its better-than-usual
    years in y. A time trend shared by every unit remains: compare against year-demeaned data for that.
    The interval does not adjust for the degrees of freedom the removed means use, so it is a little
    too narrow.
    """
    data = frame[[unit, x, y]].dropna()
    centred = data[[x, y]] - data.groupby(unit)[[x, y]].transform("mean")
    result = correlation(centred[x], centred[y], method, confidence)
    return Correlation(
        result.method,
        result.r,
        result.low,
        result.high,
        result.p_value,
        result.n,
        result.dropped + len(frame) - len(data),
        confidence,
    )
