"""Synthetic agency-level ITA results, deterministic and calibrated to every figure NACC published.

Every agency-year gets a latent integrity value: its type's and region's effect plus an AR(1) agency effect,
so agencies keep their standing from year to year. Each year, scores are placed by rank into the score
ranges NACC's published figures fix (passing or not; the bands whose shares or counts it published), and
spread within those ranges so that each type's mean is its published mean (demo_targets). Tool scores
split the total's gap to 100 under the year's weights; in the years NACC published its five bands, the
tools are set so that the five-band rule gives the published counts. Indicators split their tool's gap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special

from . import config, demo_targets, ratings, reference
from .demo_roster import roster
from .demo_targets import YearTargets, year_targets

#: Typical share of the total's gap to 100 carried by each tool (OIT, the website checklist, the most).
TOOL_GAP = {"iit": 0.7, "eit": 0.8, "eit1": 0.8, "eit2": 0.8, "oit": 1.35}
INDICATOR_GAP = {"iit": [1.3, 1.0, 0.25, 0.9, 1.55], "eit": [1.0, 1.1, 0.9], "oit": [0.9, 1.1]}
INDICATORS = {"iit": ["i1", "i2", "i3", "i4", "i5"], "eit": ["i6", "i7", "i8"], "oit": ["i9", "i10"]}
#: Regions' effects, as NACC's FY2021 statements rank its areas: the east highest, the lower northeast lowest.
REGION_EFFECT = {
    "north": 0.05,
    "northeast": -0.15,
    "central": 0.0,
    "east": 0.15,
    "west": -0.05,
    "south": 0.05,
    reference.CENTRAL_ADMIN: 0.0,
}
PERSISTENCE = 0.75  # year-to-year correlation of an agency's own effect
LOWEST_SCORE = 15.0  # the bottom of the lowest range: no real agency scores near 0
PASS_MARK = config.PASS_MARK
PASS_LATENT = special.logit(PASS_MARK / 100)


def _latent(agencies: pd.DataFrame, years: list[int], rng: np.random.Generator) -> np.ndarray:
    """Return an agencies × years array of latent values (higher is better)."""
    base = agencies["effect"].to_numpy() + agencies["region"].map(REGION_EFFECT).to_numpy()
    own = np.empty((len(agencies), len(years)))
    own[:, 0] = rng.standard_normal(len(agencies))
    for j in range(1, len(years)):
        innovation = rng.standard_normal(len(agencies))
        own[:, j] = PERSISTENCE * own[:, j - 1] + np.sqrt(1 - PERSISTENCE**2) * innovation
    return base[:, None] + own


@dataclass(frozen=True)
class _Curve:
    """score = 100·expit(anchor_latent + slope·(u − anchor_u)), with a gentler slope below the anchor if needed."""

    anchor_u: float
    anchor_latent: float
    slope: float
    slope_below: float

    def scores(self, u: np.ndarray) -> np.ndarray:
        slope = np.where(u >= self.anchor_u, self.slope, self.slope_below)
        return 100 * special.expit(self.anchor_latent + slope * (u - self.anchor_u))


def _logistic(u: np.ndarray, passers: int, mean: float) -> np.ndarray | None:
    """Return scores on a logistic curve of the latent values with exactly `passers` at 85 or more and the given
    mean, or None when no such curve exists (then the ranges of _spread place them)."""
    if not 0 < passers < len(u) or len(u) < 10:
        return None
    ordered = np.sort(u)[::-1]
    threshold = (ordered[passers - 1] + ordered[passers]) / 2  # midway between the last passer and the first failer
    # The mean is not monotone in the slope: take the smallest slope that fits (least polarised). If even the best
    # slope falls short, the failing agencies get a gentler slope, which raises the mean.
    for below in (1.0, 0.75, 0.5, 0.35, 0.25, 0.15):

        def gap(s: float, below: float = below) -> float:
            return _Curve(threshold, PASS_LATENT, s, s * below).scores(u).mean() - mean

        grid = np.geomspace(1e-3, 50, 120)
        values = np.array([gap(s) for s in grid])
        crossings = np.flatnonzero(np.sign(values[:-1]) != np.sign(values[1:]))
        if crossings.size:
            s = optimize.brentq(gap, grid[crossings[0]], grid[crossings[0] + 1])
            return _Curve(threshold, PASS_LATENT, s, s * below).scores(u)
    return None


def _placed(rank: np.ndarray, ranges: list[tuple[float, float, int]], gamma: float) -> np.ndarray:
    """Return scores for agencies ranked 0 (best) … n−1, the first ranges[0][2] in the first range and so on.

    Within a range [low, high] an agency sits at low + (high − low)·t^gamma, t its place in the range (near 1 for
    the best): gamma below 1 gathers scores towards the top of each range, above 1 towards the bottom.
    """
    scores = np.empty(len(rank))
    start = 0
    for low, high, count in ranges:
        if count:
            place = (count - np.arange(count) - 0.5) / count
            scores[start : start + count] = low + (high - low) * place**gamma
        start += count
    out = np.empty(len(rank))
    out[np.argsort(rank)] = scores
    return out


def _spread(rank: np.ndarray, ranges: list[tuple[float, float, int]], mean: float | None) -> np.ndarray:
    """Return the placed scores whose mean is `mean` (as near as the ranges allow; gamma 1 when no mean)."""
    if mean is None:
        return _placed(rank, ranges, 1.0)

    def gap(log_gamma: float) -> float:
        return _placed(rank, ranges, float(np.exp(log_gamma))).mean() - mean

    low, high = gap(6.0), gap(-6.0)  # the lowest and highest means the ranges allow
    if low >= 0 or high <= 0:
        return _placed(rank, ranges, float(np.exp(6.0 if low >= 0 else -6.0)))
    return _placed(rank, ranges, float(np.exp(optimize.brentq(gap, -6.0, 6.0, xtol=1e-10))))


def _ranges(passers: int, failers: int, above: list[tuple[float, int]], below: list[tuple[float, int]]):
    """Return the score ranges, best first, of a group with its passers and failers split further by bounds.

    above: (lower bound, count) of ranges at the top of the passing range (e.g. AA at 95); below: (lower bound,
    count) of the failing ranges from 85 down (e.g. B at 75, C at 65 …); the rest of each side takes what is left.
    """
    ranges, top = [], 100.0
    for bound, count in above:
        ranges.append((bound, top, count))
        top = bound - 0.01
    ranges.append((PASS_MARK, top, passers - sum(c for _, c in above)))
    top = PASS_MARK - 0.01
    for bound, count in below:
        ranges.append((bound, top, count))
        top = bound - 0.01
    ranges.append((LOWEST_SCORE, top, failers - sum(c for _, c in below)))
    return ranges


def _year_scores(latent: np.ndarray, types: np.ndarray, target: YearTargets) -> np.ndarray:
    """Return one year's scores (to 2 decimals): pass counts, band counts and means as the year's targets say."""
    scores = _unrounded_scores(latent, types, target)
    # Rounding must not carry a failing 84.996 over the pass mark, nor any score over a band's bound.
    bounds = sorted({PASS_MARK, *(b for b, _ in target.above), *(b for b, _ in target.below)})
    for bound in bounds:
        scores = np.where((scores < bound) & (scores > bound - 0.01), bound - 0.01, scores)
    return np.round(scores, 2)


def _unrounded_scores(latent: np.ndarray, types: np.ndarray, target: YearTargets) -> np.ndarray:
    """Return one year's scores before rounding (see _year_scores)."""
    scores = np.empty(len(latent))
    groups = target.groups  # type_code → (agencies, passers, mean) or one national group
    # First pass: each group's passers above 85 and the rest below, spread to the group's mean.
    for code, (passers, mean) in groups.items():
        members = np.flatnonzero(types == code) if code != "*" else np.arange(len(latent))
        natural = _logistic(latent[members], passers, mean)
        if natural is None:
            rank = np.argsort(np.argsort(-latent[members]))
            natural = _spread(rank, _ranges(passers, len(members) - passers, [], []), mean)
        scores[members] = natural
    if not (target.above or target.below):
        return scores
    # Second pass: NACC's national band counts. The best passers (first pass's scores, across groups) take the
    # top ranges, the weakest failers the bottom ones; each group is then spread again to its mean.
    band = np.zeros(len(latent), dtype=int)  # 0 = the plain passing or failing range
    passing = np.flatnonzero(scores >= PASS_MARK)
    order = passing[np.argsort(-scores[passing])]
    start = 0
    for i, (_, count) in enumerate(target.above, start=1):
        band[order[start : start + count]] = i
        start += count
    failing = np.flatnonzero(scores < PASS_MARK)
    order = failing[np.argsort(-scores[failing])]
    start = 0
    for i, (_, count) in enumerate(target.below, start=1):
        band[order[start : start + count]] = -i
        start += count
    for code, (_, mean) in groups.items():
        members = np.flatnonzero(types == code) if code != "*" else np.arange(len(latent))
        first, held = scores[members], band[members]
        passing, failing = first >= PASS_MARK, first < PASS_MARK
        # Each side keeps its order and is placed in its ranges: the passers keep their first-pass mean, the
        # failers take what the group's mean leaves them.
        above = [(bound, int((held == i).sum())) for i, (bound, _) in enumerate(target.above, start=1)]
        below = [(bound, int((held == -i).sum())) for i, (bound, _) in enumerate(target.below, start=1)]
        placed = np.empty(len(members))
        if passing.any() and not target.above:
            placed[passing] = first[passing]  # no published band among the passers: their natural scores stay
        elif passing.any():
            tier = np.where(held[passing] > 0, held[passing], len(above) + 1)
            rank = np.empty(passing.sum(), dtype=int)
            rank[np.lexsort((-first[passing], tier))] = np.arange(passing.sum())
            ranges = _ranges(int(passing.sum()), 0, above, [])[:-1]  # no failing range on this side
            placed[passing] = _spread(rank, ranges, float(first[passing].mean()))
        if failing.any():
            tier = np.where(held[failing] < 0, -held[failing], len(below) + 1)
            rank = np.empty(failing.sum(), dtype=int)
            rank[np.lexsort((-first[failing], tier))] = np.arange(failing.sum())
            ranges = _ranges(0, int(failing.sum()), [], below)[1:]  # no passing range on this side
            left = (mean * len(members) - placed[passing].sum()) / failing.sum()
            placed[failing] = _spread(rank, ranges, left)
        scores[members] = placed
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


def _matched_split(
    gap: np.ndarray, shares: np.ndarray, noise: np.ndarray, weights: np.ndarray, wanted: np.ndarray | None
) -> np.ndarray:
    """Return split_gap(gap, shares · noise, weights); with `wanted` (each part's published mean gap), the shares
    are corrected a few times so that the parts' means come out at it despite the noise and the cap at 100."""
    parts = split_gap(gap, shares * noise, weights)
    if wanted is None:
        return parts
    for _ in range(4):
        shares = shares * wanted / np.maximum(parts.mean(axis=0), 1e-9)
        parts = split_gap(gap, shares * noise, weights)
    return parts


def _tool_shares(tools: tuple[str, ...], year: int) -> np.ndarray:
    """Return each tool's typical share of the gap; in a year NACC published all ten indicators, theirs."""
    published = demo_targets.indicator_tool_gaps(year)
    if published is not None:
        return np.array([published[tool] for tool in tools])
    return np.array([TOOL_GAP[tool] for tool in tools])


def _tools(score: np.ndarray, year: int, rng: np.random.Generator, target: YearTargets) -> pd.DataFrame:
    """Return the year's tool scores, consistent with each total under the year's weights."""
    framework = ratings.framework_for(year)
    tools = framework.tools
    weights = np.array([w for _, w in framework.weights])
    noise = np.exp(rng.normal(0, 0.35, size=(len(score), len(tools))))
    published = demo_targets.indicator_tool_gaps(year)
    wanted = None if published is None else np.array([published[tool] for tool in tools])
    parts = _matched_split(100 - score, _tool_shares(tools, year), noise, weights, wanted)
    if target.five_bands is not None:
        parts = _five_band_tools(score, parts, weights, target.five_bands, rng)
    return pd.DataFrame(np.round(100 - parts, 2), columns=list(tools))


def _five_band_tools(score, parts, weights, counts: dict[str, int], rng) -> np.ndarray:
    """Return tool gaps that make the five-band rule give the published counts of ผ่านดีเยี่ยม, ผ่านดี and ผ่าน.

    Excellent needs every tool at 95 or more, good every tool at 85 or more; a passing agency otherwise is ผ่าน.
    The best totals (with some luck) get even tools; the others get one tool below the mark, the lightest.
    """
    jitter = rng.normal(0, 1.0, len(score))
    gap = 100 - score
    even = np.repeat(gap[:, None], parts.shape[1], axis=1)  # every tool at the total
    lightest = int(np.argmin(weights))
    top = np.flatnonzero(score >= 95)
    excellent = top[np.argsort(-score[top], kind="stable")][: counts["excellent"]]  # near 100 no tool can dip
    passers = np.setdiff1d(np.flatnonzero(score >= PASS_MARK), excellent)
    good = passers[np.argsort(-(score[passers] + jitter[passers]))][: counts["good"]]
    plain = np.setdiff1d(passers, good)
    parts = parts.copy()
    parts[excellent] = np.minimum(parts[excellent], 5.0)  # every tool at 95 or more …
    parts[excellent] = even[excellent]  # … exactly, when the split put one below
    # good: every tool at 85 or more; where the natural split dips below, even tools (then below 95 for one if
    # the total is 95 or more, so that it is not excellent)
    for rows, floor in ((good, 85.0), (plain, None)):
        for i in rows:
            if floor is not None:
                if (100 - parts[i]).min() < floor or (score[i] >= 95 and (100 - parts[i]).min() >= 95):
                    parts[i] = _dip(gap[i], weights, lightest, below=95.0 if score[i] >= 95 else None)
            elif (100 - parts[i]).min() >= PASS_MARK:
                parts[i] = _dip(gap[i], weights, lightest, below=PASS_MARK)
    return parts


def _dip(gap: float, weights: np.ndarray, tool: int, below: float | None) -> np.ndarray:
    """Return tool gaps averaging `gap` with `tool` just under `below` (None: every tool even), none above 100."""
    parts = np.full(len(weights), gap)
    if below is None:
        return parts
    wanted = 100 - below + 1.0  # a point under the mark
    others = (gap - weights[tool] * wanted) / (1 - weights[tool])
    if others < 0:  # the total is too close to 100 for that tool to fall so far: as far as it can
        wanted, others = gap / weights[tool], 0.0
    parts[:] = others
    parts[tool] = wanted
    return parts


def _indicators(tools: pd.DataFrame, year: int, rng: np.random.Generator) -> pd.DataFrame:
    """Return i1–i10, each tool the mean of its indicators (the EIT, from FY2023, the mean of its parts)."""
    columns: dict[str, np.ndarray] = {}
    published = demo_targets.indicator_shares(year)
    for tool, names in INDICATORS.items():
        gap = 100 - tools[tool].to_numpy()
        shares = np.array(published[tool] if published else INDICATOR_GAP[tool])
        noise = np.exp(rng.normal(0, 0.35, size=(len(gap), len(names))))
        parts = _matched_split(gap, shares, noise, np.full(len(names), 1 / len(names)), shares if published else None)
        for i, name in enumerate(names):
            columns[name] = np.round(100 - parts[:, i], 2)
    return pd.DataFrame(columns)


def generate(scale: int = 1, seed: int = config.DEMO_SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (agencies, ita_results) frames of synthetic demo data, `scale` times the real agency count."""
    if scale < 1:
        raise ValueError(f"scale must be a whole number of at least 1, got {scale}")
    rng = np.random.default_rng(seed)
    years = list(config.DEMO_YEARS)
    agencies, active = roster(years, scale, rng)
    latent = _latent(agencies, years, rng)
    types = agencies["type_code"].to_numpy()
    frames = []
    for j, year in enumerate(years):
        rows = np.flatnonzero(active[:, j])
        target = year_targets(year, types[rows], scale)
        score = _year_scores(latent[rows, j], types[rows], target)
        tools = _tools(score, year, rng, target)
        if "eit1" in tools:
            tools["eit"] = np.round((tools["eit1"] + tools["eit2"]) / 2, 2)
        frames.append(
            pd.concat(
                [
                    pd.DataFrame(
                        {"fiscal_year": year, "agency_code": agencies["agency_code"].to_numpy()[rows], "score": score}
                    ),
                    tools,
                    _indicators(tools, year, rng),
                ],
                axis=1,
            )
        )
    results = pd.concat(frames, ignore_index=True)
    results["rating"] = ratings.rating(results)
    results["passed"] = ratings.passed(results["score"])
    results["synthetic"] = True
    columns = ["agency_code", "name_th", "name_en", "type_code", "province_code", "ministry", "iso37001"]
    return agencies[columns].assign(synthetic=True), results
