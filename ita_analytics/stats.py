"""Correlation with honest uncertainty.

Pearson with a Fisher-z interval; Spearman with a seeded bootstrap interval and, for few pairs, an exact permutation
p-value. Rows of a panel (a province's years, say) are not independent: `cluster_correlation` takes its interval and
p-value from a bootstrap that resamples whole units, so a unit's rows count as the one draw they are.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

METHODS = ("pearson", "spearman")
BOOTSTRAP_SEED = 20240101
BOOTSTRAP_RESAMPLES = 2000
#: Above this many pairs the bootstrap is slow and needless: Spearman's interval then uses Fisher's z with
#: Bonett and Wright's (2000) variance, 1 + r²/2 over n − 3.
BOOTSTRAP_MAX_N = 2000
#: Up to this many pairs Spearman's p-value is exact: every ordering of the pairs is counted (8! = 40,320), where the
#: t approximation scipy uses would be poor.
EXACT_MAX_N = 8
#: An interval reaching at least this far towards both −1 and 1 says nothing about the correlation.
SPANS_ALL = 0.99
#: p-values below this are written "< 0.001".
P_FLOOR = 0.001
_CHUNK = 100  # bootstrap resamples over units drawn at once (a CHUNK × units matrix of weights) …
_CELLS = 2_000_000  # … or fewer, so a chunk's resamples × rows stay under this many cells


@dataclass(frozen=True)
class Correlation:
    """A correlation coefficient with its confidence interval, p-value, pairs used and pairs dropped.

    n is the number of observations the interval and p-value rest on: the years, when a panel was averaged to the
    year (`rows` then says how many rows were drawn); the pairs otherwise, with `clusters` the units resampled when
    the rows of one unit were not taken as independent. `interval` and `p_method` say how each was found.
    """

    method: str
    r: float
    low: float
    high: float
    p_value: float
    n: int
    dropped: int
    confidence: float
    rows: int | None = None
    clusters: int | None = None
    #: 'fisher', 'bootstrap' (of the pairs), 'bonett_wright' or 'cluster_bootstrap' (of whole units)
    interval: str = "fisher"
    #: 't' (scipy's), 'exact' (every ordering counted) or 'cluster_bootstrap'
    p_method: str = "t"
    #: what n counts: 'pairs', 'years' or 'changes' (year-on-year changes)
    basis: str = "pairs"

    @property
    def spans_everything(self) -> bool:
        """Return whether the interval runs from about −1 to about 1: the data cannot say where r lies."""
        return bool(self.low <= -SPANS_ALL and self.high >= SPANS_ALL)


def format_p(p: float | None) -> str:
    """Return a p-value as a statistician writes it, the same in every table: '< 0.001' below a thousandth, else three
    decimals ('0.031', '0.114'); '–' when there is none. Never '0' or '0.00'."""
    if p is None or not math.isfinite(p):
        return "–"
    return f"< {P_FLOOR:g}" if p < P_FLOOR else f"{p:.3f}"


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
    with a fixed seed, so the same data always give the same interval. Spearman's p-value is exact for up to
    EXACT_MAX_N pairs (every ordering counted), scipy's t approximation above. With fewer than 3 pairs, or a
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
        return Correlation(method, r, low, high, p, n, dropped, confidence)
    result = scipy_stats.spearmanr(a, b)
    r, p, p_method = float(result.statistic), float(result.pvalue), "t"
    if n <= EXACT_MAX_N:
        p, p_method = _exact_spearman_p(a, b), "exact"
    if n <= BOOTSTRAP_MAX_N:
        (low, high), interval = _bootstrap_interval(a, b, confidence), "bootstrap"
    else:
        (low, high), interval = _fisher_interval(r, n, confidence, variance=1 + r * r / 2), "bonett_wright"
    return Correlation(method, r, low, high, p, n, dropped, confidence, interval=interval, p_method=p_method)


def _exact_spearman_p(a: np.ndarray, b: np.ndarray) -> float:
    """Return Spearman's two-sided p-value from every ordering of a against b (n! of them)."""
    ranks_b = scipy_stats.rankdata(b)
    centred_b = ranks_b - ranks_b.mean()

    def rho(values: np.ndarray, axis: int = -1) -> np.ndarray:
        ranks = scipy_stats.rankdata(values, axis=axis)
        centred = ranks - ranks.mean(axis=axis, keepdims=True)
        return (centred * centred_b).sum(axis=axis) / np.sqrt((centred**2).sum(axis=axis) * (centred_b**2).sum())

    result = scipy_stats.permutation_test(
        (a,), rho, permutation_type="pairings", n_resamples=np.inf, vectorized=True, alternative="two-sided"
    )
    return float(result.pvalue)


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
    return replace(result, dropped=result.dropped + len(frame) - len(data))


def cluster_correlation(
    frame: pd.DataFrame,
    cluster: str,
    x: str,
    y: str,
    method: str = "pearson",
    confidence: float = 0.95,
    within: bool = False,
) -> Correlation:
    """Return the pooled correlation of a panel's rows with an interval and p-value that allow for its clusters.

    The rows of one unit (a province's years, an agency's years) are not independent draws, so the interval is a
    percentile bootstrap that resamples whole units (BOOTSTRAP_RESAMPLES times, a seeded generator), and the p-value
    twice the share of those resamples on the far side of zero (one added to both counts, so never 0). r itself is
    the ordinary pooled coefficient. within=True removes each unit's own mean from x and y first (units with one row
    have nothing left and are dropped). Each of Spearman's resamples is ranked afresh up to BOOTSTRAP_MAX_N
    rows; above, the resamples keep the whole sample's ranks, which for so many rows comes to the same. A panel of
    one unit is that unit's years: the plain interval and p-value then.

    Rows of the same year across units may share that year's events too, which resampling units does not allow
    for: with few years, read the interval as the least the uncertainty can be.
    """
    if method not in METHODS:
        raise ValueError(f"method: {method!r} must be one of {METHODS}")
    data = frame[[cluster, x, y]].copy()
    for column in (x, y):
        data[column] = pd.to_numeric(data[column], errors="coerce")
    keep = data[cluster].notna() & np.isfinite(data[x]) & np.isfinite(data[y])
    data = data[keep]
    if within:
        several = data.groupby(cluster)[x].transform("size") > 1
        data = data[several]
        data[[x, y]] = data[[x, y]] - data.groupby(cluster)[[x, y]].transform("mean")
    dropped = len(frame) - len(data)
    codes, groups = pd.factorize(data[cluster])
    a, b = data[x].to_numpy(float), data[y].to_numpy(float)
    if len(groups) < 2:  # one unit: its rows are its years, and the plain statistics are the ones to give
        return replace(correlation(a, b, method, confidence), dropped=dropped, clusters=len(groups))
    nan = Correlation(method, math.nan, math.nan, math.nan, math.nan, len(a), dropped, confidence)
    point = replace(nan, clusters=len(groups))
    if len(a) < 3 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return point
    r = scipy_stats.pearsonr(a, b) if method == "pearson" else scipy_stats.spearmanr(a, b)
    point = replace(point, r=float(r.statistic))
    draws = _cluster_draws(a, b, codes, len(groups), method)
    draws = draws[np.isfinite(draws)]
    if not len(draws):
        return replace(point, low=math.nan, high=math.nan, p_value=math.nan, interval="cluster_bootstrap")
    tail = (1 - confidence) / 2
    low, high = np.quantile(draws, [tail, 1 - tail])
    far_side = min(int((draws <= 0).sum()), int((draws >= 0).sum()))
    p = min(1.0, 2 * (far_side + 1) / (len(draws) + 1))
    return replace(
        point,
        low=float(low),
        high=float(high),
        p_value=p,
        interval="cluster_bootstrap",
        p_method="cluster_bootstrap",
    )


def _cluster_draws(a: np.ndarray, b: np.ndarray, codes: np.ndarray, groups: int, method: str) -> np.ndarray:
    """Return BOOTSTRAP_RESAMPLES correlations of resamples of whole clusters (NaN where a resample has no spread).

    A resample is a weight per cluster (how many times it was drawn), so each is computed without copying rows:
    Pearson from per-cluster sums, Spearman from the ranks the rows would have in the resample (mid-ranks for ties)
    or, above BOOTSTRAP_MAX_N rows, as Pearson's of the whole sample's ranks.
    """
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    if method == "spearman" and len(a) > BOOTSTRAP_MAX_N:  # re-ranking each resample of many rows changes nothing
        a, b, method = scipy_stats.rankdata(a), scipy_stats.rankdata(b), "pearson"  # the sample's ranks are kept
    a, b = a - a.mean(), b - b.mean()  # centred: the sums of squares below lose no precision
    sums = np.column_stack(
        [np.bincount(codes, weights=w, minlength=groups) for w in (np.ones_like(a), a, b, a * a, b * b, a * b)]
    )
    chunk = max(1, min(_CHUNK, _CELLS // max(len(a), groups)))
    out = []
    for start in range(0, BOOTSTRAP_RESAMPLES, chunk):
        size = min(chunk, BOOTSTRAP_RESAMPLES - start)
        picks = rng.integers(0, groups, size=(size, groups)) + groups * np.arange(size)[:, None]
        weights = np.bincount(picks.ravel(), minlength=size * groups).reshape(size, groups).astype(float)
        if method == "pearson":
            n, sa, sb, saa, sbb, sab = (weights @ sums).T
        else:
            rows = weights[:, codes]
            ra, rb = _resample_ranks(a, rows), _resample_ranks(b, rows)
            n, sa, sb = rows.sum(1), (rows * ra).sum(1), (rows * rb).sum(1)
            saa, sbb, sab = (rows * ra * ra).sum(1), (rows * rb * rb).sum(1), (rows * ra * rb).sum(1)
        var_a, var_b = saa - sa * sa / n, sbb - sb * sb / n
        with np.errstate(divide="ignore", invalid="ignore"):
            r = (sab - sa * sb / n) / np.sqrt(var_a * var_b)
        spread = (var_a > 1e-9 * np.abs(saa).clip(1)) & (var_b > 1e-9 * np.abs(sbb).clip(1))
        out.append(np.where(spread, r, np.nan))
    return np.concatenate(out)


def _resample_ranks(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Return, per resample (a row of weights: how often each value was drawn), the mid-rank each value has in it."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])  # first position of each tied run
    tie = np.cumsum(np.r_[True, ordered[1:] != ordered[:-1]]) - 1  # the run of each sorted position
    totals = np.add.reduceat(weights[:, order], starts, axis=1)  # copies drawn of each distinct value
    mid = np.cumsum(totals, axis=1) - totals + (totals + 1) / 2  # ranks below it, then the middle of its own
    ranks = np.empty_like(weights)
    ranks[:, order] = mid[:, tie]
    return ranks
