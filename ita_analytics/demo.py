"""Synthetic agency-level ITA results, deterministic and calibrated to the published national figures.

Every agency-year gets a latent integrity value: its type's and region's effect plus an AR(1) agency
effect, so agencies keep their standing from year to year. Each year the latent values are mapped to
0–100 scores through a logistic curve whose location and spread are solved so that the year's mean
equals the published mean and its pass rate the published pass rate; the curve's ceiling gives the
bunching near 100 of later years. Tool and indicator scores split the total's gap to 100 so that
0.3·IIT + 0.3·EIT + 0.4·OIT equals the total and each tool is the mean of its indicators.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special

from . import config, ratings, reference
from .demo_roster import roster

TOOL_WEIGHTS = np.array([0.3, 0.3, 0.4])  # IIT, EIT, OIT; widely cited, unconfirmed (domain.md)
#: Typical share of the total's gap to 100 carried by each tool and, within it, each indicator.
TOOL_GAP = np.array([0.7, 0.8, 1.35])
INDICATOR_GAP = {"iit": [1.3, 1.0, 0.25, 0.9, 1.55], "eit": [1.0, 1.1, 0.9], "oit": [0.9, 1.1]}
INDICATORS = {"iit": ["i1", "i2", "i3", "i4", "i5"], "eit": ["i6", "i7", "i8"], "oit": ["i9", "i10"]}
REGION_EFFECT = {
    "north": 0.1,
    "northeast": 0.15,
    "central": 0.0,
    "east": -0.05,
    "west": -0.1,
    "south": -0.15,
    reference.CENTRAL_ADMIN: 0.0,
}
PERSISTENCE = 0.75  # year-to-year correlation of an agency's own effect
PASS_LATENT = special.logit(ratings.PASS_MARK / 100)


def _latent(agencies: pd.DataFrame, years: list[int], rng: np.random.Generator) -> np.ndarray:
    """Return an agencies × years array of latent values (before each year's calibration)."""
    base = agencies["effect"].to_numpy() + agencies["region"].map(REGION_EFFECT).to_numpy()
    own = np.empty((len(agencies), len(years)))
    own[:, 0] = rng.standard_normal(len(agencies))
    for j in range(1, len(years)):
        innovation = rng.standard_normal(len(agencies))
        own[:, j] = PERSISTENCE * own[:, j - 1] + np.sqrt(1 - PERSISTENCE**2) * innovation
    return base[:, None] + own


@dataclass(frozen=True)
class _Curve:
    """latent = anchor_latent + slope · (u − anchor_u), with a gentler slope below the anchor if needed."""

    anchor_u: float
    anchor_latent: float
    slope: float
    slope_below: float

    def scores(self, u: np.ndarray) -> np.ndarray:
        slope = np.where(u >= self.anchor_u, self.slope, self.slope_below)
        return 100 * special.expit(self.anchor_latent + slope * (u - self.anchor_u))


def _fit_pass_rate(u: np.ndarray, mean: float, pass_rate: float) -> _Curve:
    """Return the curve whose pass rate is exact and whose mean equals the target."""
    ordered = np.sort(u)[::-1]
    k = int(round(pass_rate * len(u)))
    threshold = (ordered[k - 1] + ordered[k]) / 2  # midway between the last passer and the first failer
    # The mean is not monotone in the slope: take the smallest slope that fits (least polarised). If
    # even the best slope falls short, the failing agencies get a gentler slope, which raises the mean.
    for below in (1.0, 0.75, 0.5, 0.35, 0.25, 0.15):

        def gap(s: float, below: float = below) -> float:
            return _Curve(threshold, PASS_LATENT, s, s * below).scores(u).mean() - mean

        grid = np.geomspace(1e-3, 50, 200)
        values = np.array([gap(s) for s in grid])
        crossings = np.flatnonzero(np.sign(values[:-1]) != np.sign(values[1:]))
        if crossings.size:
            s = optimize.brentq(gap, grid[crossings[0]], grid[crossings[0] + 1])
            return _Curve(threshold, PASS_LATENT, s, s * below)
    raise ValueError(f"no curve gives mean {mean} with pass rate {pass_rate}")


def _fit_mean(u: np.ndarray, mean: float, slope: float) -> _Curve:
    """Return the curve with the given slope whose mean equals the target."""
    loc = optimize.brentq(lambda loc: _Curve(0.0, loc, slope, slope).scores(u).mean() - mean, -20, 20)
    return _Curve(0.0, loc, slope, slope)


def _calibrated_scores(latent: np.ndarray, active: np.ndarray, years: list[int]) -> np.ndarray:
    """Return scores (NaN where inactive) calibrated year by year to the published series."""
    published = reference.read_fact("ita_published").set_index("fiscal_year")
    curves: dict[int, _Curve] = {}
    known = [y for y in years if pd.notna(published.loc[y, "pass_rate"])]
    for y in known:
        j = years.index(y)
        curves[y] = _fit_pass_rate(
            latent[active[:, j], j], published.loc[y, "mean_score"], published.loc[y, "pass_rate"]
        )
    slopes = np.interp(years, known, [curves[y].slope for y in known])  # for years with no pass rate
    scores = np.full(latent.shape, np.nan)
    for j, y in enumerate(years):
        u = latent[active[:, j], j]
        curve = curves.get(y) or _fit_mean(u, published.loc[y, "mean_score"], slopes[j])
        scores[active[:, j], j] = np.round(curve.scores(u), 2)
    return scores


def split_gap(gap: np.ndarray, shares: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Return parts of each gap (n × k) whose weighted mean equals the gap, none above 100."""
    shares = shares / (shares @ weights)[:, None]
    cap = 100 / np.maximum(gap, 1e-9)[:, None]
    capped = np.zeros(shares.shape, dtype=bool)
    for _ in range(len(weights)):  # water-filling: capped parts hand their excess to the others
        over = shares > cap
        capped |= over
        excess = ((shares - cap) * over) @ weights
        shares = np.where(over, cap, shares)
        room = (~capped) * shares * weights
        shares = shares + np.where(over, 0, excess[:, None] * room / np.maximum(room.sum(1), 1e-12)[:, None] / weights)
    return gap[:, None] * shares


def _tools_and_indicators(score: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Return iit/eit/oit and i1–i10 consistent with each total score."""

    def noise(k: int) -> np.ndarray:
        return np.exp(rng.normal(0, 0.35, size=(len(score), k)))

    gap = 100 - score
    tool_gap = split_gap(gap, TOOL_GAP * noise(3), TOOL_WEIGHTS)
    columns: dict[str, np.ndarray] = {}
    for t, tool in enumerate(["iit", "eit", "oit"]):
        columns[tool] = np.round(100 - tool_gap[:, t], 2)
        k = len(INDICATORS[tool])
        parts = split_gap(tool_gap[:, t], np.array(INDICATOR_GAP[tool]) * noise(k), np.full(k, 1 / k))
        for i, name in enumerate(INDICATORS[tool]):
            columns[name] = np.round(100 - parts[:, i], 2)
    return pd.DataFrame(columns)


def generate(scale: int = 1, seed: int = config.DEMO_SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (agencies, ita_results) frames of synthetic demo data, `scale` times the real agency count."""
    if scale < 1:
        raise ValueError(f"scale must be a whole number of at least 1, got {scale}")
    rng = np.random.default_rng(seed)
    years = list(config.DEMO_YEARS)
    agencies, active = roster(years, scale, rng)
    scores = _calibrated_scores(_latent(agencies, years, rng), active, years)
    rows, cols = np.nonzero(active)
    results = pd.DataFrame(
        {
            "fiscal_year": np.array(years)[cols],
            "agency_code": agencies["agency_code"].to_numpy()[rows],
            "score": scores[rows, cols],
        }
    )
    results = pd.concat([results, _tools_and_indicators(results["score"].to_numpy(), rng)], axis=1)
    results["rating"] = ratings.rating(results["score"])
    results["passed"] = ratings.passed(results["score"])
    results["synthetic"] = True
    columns = ["agency_code", "name_th", "name_en", "type_code", "province_code", "ministry", "iso37001"]
    return agencies[columns].assign(synthetic=True), results
