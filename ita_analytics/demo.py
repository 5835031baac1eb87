"""Synthetic agency-level ITA results, deterministic and calibrated to the published national figures.

Every agency-year gets a latent integrity value: its type's and region's effect plus an AR(1) agency
effect, so agencies keep their standing from year to year. Each year the latent values are mapped to
0–100 scores through a logistic curve whose location and spread are solved so that the year's mean
equals the published mean and its pass rate the published pass rate; the curve's ceiling gives the
bunching near 100 of later years. Tool and indicator scores split the total's gap to 100 so that
0.3·IIT + 0.3·EIT + 0.4·OIT equals the total and each tool is the mean of its indicators.
"""
from __future__ import annotations

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
REGION_EFFECT = {"north": 0.1, "northeast": 0.15, "central": 0.0, "east": -0.05, "west": -0.1,
                 "south": -0.15, reference.CENTRAL_ADMIN: 0.0}
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


def _solve_curve(u: np.ndarray, mean: float, pass_rate: float | None, spread: float | None) -> tuple[float, float]:
    """Return (location, spread) so that 100·sigmoid(location + spread·u) has the given mean and pass rate."""
    def mean_gap(loc: float, s: float) -> float:
        return 100 * special.expit(loc + s * u).mean() - mean

    if pass_rate is not None:
        ordered = np.sort(u)[::-1]
        k = int(round(pass_rate * len(u)))
        threshold = (ordered[k - 1] + ordered[k]) / 2  # midway between the last passer and the first failer
        def f(s: float) -> float:
            return mean_gap(PASS_LATENT - s * threshold, s)

        # The mean is not monotone in the spread; take the smallest spread that fits (least polarised).
        grid = np.geomspace(1e-3, 50, 200)
        values = np.array([f(s) for s in grid])
        first = int(np.flatnonzero(np.sign(values[:-1]) != np.sign(values[1:]))[0])
        s = optimize.brentq(f, grid[first], grid[first + 1])
        return PASS_LATENT - s * threshold, s
    loc = optimize.brentq(lambda loc: mean_gap(loc, spread), -20, 20)
    return loc, spread


def _calibrated_scores(latent: np.ndarray, active: np.ndarray, years: list[int]) -> np.ndarray:
    """Return scores (NaN where inactive) calibrated year by year to the published series."""
    published = reference.read_fact("ita_published").set_index("fiscal_year")
    curves: dict[int, tuple[float, float]] = {}
    known = [y for y in years if pd.notna(published.loc[y, "pass_rate"])]
    for y in known:
        j = years.index(y)
        curves[y] = _solve_curve(latent[active[:, j], j], published.loc[y, "mean_score"],
                                 published.loc[y, "pass_rate"], None)
    spreads = np.interp(years, known, [curves[y][1] for y in known])  # spread of years with no pass rate
    scores = np.full(latent.shape, np.nan)
    for j, y in enumerate(years):
        if y not in curves:
            curves[y] = _solve_curve(latent[active[:, j], j], published.loc[y, "mean_score"], None, spreads[j])
        loc, s = curves[y]
        scores[active[:, j], j] = np.round(100 * special.expit(loc + s * latent[active[:, j], j]), 2)
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
        shares = shares + np.where(over, 0, excess[:, None] * room / np.maximum(room.sum(1), 1e-12)[:, None]
                                   / weights)
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
    results = pd.DataFrame({
        "fiscal_year": np.array(years)[cols],
        "agency_code": agencies["agency_code"].to_numpy()[rows],
        "score": scores[rows, cols],
    })
    results = pd.concat([results, _tools_and_indicators(results["score"].to_numpy(), rng)], axis=1)
    results["rating"] = ratings.rating(results["score"])
    results["passed"] = ratings.passed(results["score"])
    results["synthetic"] = True
    columns = ["agency_code", "name_th", "name_en", "type_code", "province_code", "ministry", "iso37001"]
    return agencies[columns].assign(synthetic=True), results
