"""What the demo reproduces each year: NACC's published figures, and what is interpolated where it published none.

Calibrated (exact or within the tests' tolerances): the national count, mean and pass rate of every year; the count
of every type in FY2019, FY2022 and FY2023; each type's mean and pass rate in FY2022 and FY2023 and its mean in
FY2021; the shares of the AA–F bands in FY2019 and the counts of the five bands in FY2023 and FY2024; the ten
indicator means of FY2019. Generated: type pass rates of FY2021 (from the type means, one spread for every type,
fitted to the national pass count), type means and pass rates of FY2024–FY2025 (FY2023's standing of each type,
moved with the national mean), and everything by type in FY2019–FY2020 (from the types' effects in
data/demo_profile.csv). data/SOURCES.md says the same.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, special

from . import reference
from .config import PASS_MARK

#: NACC's FY2019 agencies that did not complete every step (2.90%): counted in its denominator, so in band F here.
INCOMPLETE = "incomplete"
HIGHEST_TYPE_MEAN = 99.5
LARGEST_TYPE = "sao"  # takes up the rounding so that national figures stay exact
FAIL_SLOPE = 0.3  # per point of a type's mean below 85, on the log-odds of failing


@dataclass(frozen=True)
class YearTargets:
    """One year's targets: per group (a type_code, or '*' for all) its passers and mean; national band counts."""

    groups: dict[str, tuple[int, float]]
    above: list[tuple[float, int]] = field(default_factory=list)  # (lower bound, agencies) above 85, best first
    below: list[tuple[float, int]] = field(default_factory=list)  # (lower bound, agencies) below 85, best first
    five_bands: dict[str, int] | None = None  # excellent and good counts, for the tools


@functools.cache
def _figures() -> pd.DataFrame:
    figures = reference.read_fact("ita_published_figures")
    return figures[figures["preferred"]]


def _published(year: int, scope: str, measure: str) -> pd.Series:
    rows = _figures()
    rows = rows[(rows["fiscal_year"] == year) & (rows["scope"] == scope) & (rows["measure"] == measure)]
    return rows.set_index("code")["value"].astype(float)


def _largest_takes_up(values: pd.Series, weights: pd.Series, total: float) -> pd.Series:
    """Return values with the largest type's moved so that the weighted sum is total."""
    values = values.copy()
    values[LARGEST_TYPE] += (total - (values * weights).sum()) / weights[LARGEST_TYPE]
    return values


def _pass_rates_from_means(means: pd.Series, counts: pd.Series, passers: int) -> pd.Series:
    """Return each type's share at 85 or more where NACC published only means: the share below 85 rises with the
    type's distance below 85 on a logistic curve (FAIL_SLOPE per point), whose level is fitted to the national
    pass count. How FY2021's and FY2024–FY2025's type pass rates are generated."""
    failing = counts.sum() - passers

    def fail_shares(level: float) -> pd.Series:
        return pd.Series(special.expit(level + FAIL_SLOPE * (PASS_MARK - means.to_numpy())), index=means.index)

    level = optimize.brentq(lambda c: (fail_shares(c) * counts).sum() - failing, -40, 40)
    return 1 - fail_shares(level)


def _type_means(year: int, counts: pd.Series, national_mean: float) -> pd.Series | None:
    """Return each type's target mean: published, or FY2023's moved with the national mean, or None."""
    published = _published(year, "type", "mean_score")
    if len(published):
        return published.reindex(counts.index)
    base = _published(2023, "type", "mean_score")
    if year < 2023 or base.empty:
        return None
    base = base.reindex(counts.index)
    shift = optimize.brentq(
        lambda d: (np.minimum(base + d, HIGHEST_TYPE_MEAN) * counts).sum() / counts.sum() - national_mean, -20, 20
    )
    return np.minimum(base + shift, HIGHEST_TYPE_MEAN)


def year_targets(year: int, types: np.ndarray, scale: int = 1) -> YearTargets:
    """Return the targets of a year for the active agencies' types (one entry per agency)."""
    national = reference.read_fact("ita_published").set_index("fiscal_year").loc[year]
    n = len(types)
    counts = pd.Series(types).value_counts()
    passers = int(round(float(national["pass_rate"]) * n))
    mean = float(national["mean_score"])
    means = _type_means(year, counts, mean)
    if means is None:
        groups = {"*": (passers, mean)}
    else:
        rates = _published(year, "type", "pass_rate").reindex(counts.index)
        if rates.isna().any():
            rates = _pass_rates_from_means(means, counts, passers)
        wanted = (rates * counts).round()
        wanted[LARGEST_TYPE] += passers - wanted.sum()
        means = _largest_takes_up(means, counts, mean * n)
        groups = {code: (int(min(max(wanted[code], 0), counts[code])), float(means[code])) for code in counts.index}
    return YearTargets(groups, *_bands(year, n))


def _bands(year: int, n: int) -> tuple[list, list, dict | None]:
    """Return (above, below, five_bands) from the year's published band shares or counts, scaled to n agencies."""
    shares = _published(year, "band", "share")
    counts = _published(year, "band", "agencies")
    if len(shares):  # AA–F: every band a range of totals; F takes what is left (the incomplete ones too)
        agencies = (shares.drop(INCOMPLETE, errors="ignore") * n).round().astype(int)
        bounds = ratings_bounds()
        above = [(bounds["AA"], int(agencies["AA"]))]
        below = [(bounds[b], int(agencies[b])) for b in ("B", "C", "D", "E")]
        return above, below, None
    if len(counts):  # five bands: improve and urgent by total, excellent and good by the tools too
        factor = n / counts.sum()
        scaled = (counts * factor).round().astype(int)
        return (
            [],
            [(70.0, int(scaled["improve"]))],
            {"excellent": int(scaled["excellent"]), "good": int(scaled["good"])},
        )
    return [], [], None


@functools.cache
def ratings_bounds() -> dict[str, float]:
    """Return each AA–F band's lowest total."""
    bands = reference.read_fact("rating_bands")
    return dict(zip(bands["band"], bands["min_total"].astype(float)))


def indicator_means(year: int) -> pd.Series | None:
    """Return the year's ten published national indicator means, or None when NACC published fewer."""
    means = _published(year, "indicator", "mean_score")
    return means if len(means) == 10 else None


def indicator_tool_gaps(year: int) -> dict[str, float] | None:
    """Return each tool's published gap to 100 (from the ten indicator means) as shares, or None."""
    means = indicator_means(year)
    if means is None:
        return None
    names = reference.read_fact("ita_indicators").drop_duplicates("indicator").set_index("indicator")["tool"]
    gaps = (100 - means).groupby(names).mean()
    return {tool: float(gap) for tool, gap in gaps.items()}


def indicator_shares(year: int) -> dict[str, list[float]] | None:
    """Return each indicator's published gap to 100 within its tool, in INDICATORS order, or None."""
    means = indicator_means(year)
    if means is None:
        return None
    names = reference.read_fact("ita_indicators").drop_duplicates("indicator").set_index("indicator")["tool"]
    return {tool: [float(100 - means[i]) for i in names.index[names == tool]] for tool in names.unique()}
