"""Rating bands (AA–F), the pass flag and NACC's official label scheme of each year."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .config import PASS_MARK

#: Lower bound of each band, best first (NACC's AA–F scheme used to FY2022).
BANDS: tuple[tuple[str, float], ...] = (
    ("AA", 95.0),
    ("A", 85.0),
    ("B", 75.0),
    ("C", 65.0),
    ("D", 55.0),
    ("E", 50.0),
    ("F", 0.0),
)
RATING_ORDER = tuple(band for band, _ in BANDS)
#: First fiscal year (C.E.) in which NACC published ผ่านดี / ผ่าน / ไม่ผ่าน instead of AA–F.
PASS_LABEL_SINCE = 2023


def rating(scores: pd.Series) -> pd.Series:
    """Return the AA–F band of each score (0–100)."""
    values = scores.to_numpy(dtype=float)
    bounds = np.array([low for _, low in BANDS])
    index = np.argmax(values[:, None] >= bounds[None, :], axis=1)
    return pd.Series(np.array(RATING_ORDER, dtype=object)[index], index=scores.index, name="rating")


def passed(scores: pd.Series) -> pd.Series:
    """Return whether each score reaches the pass mark of 85."""
    return (scores >= PASS_MARK).rename("passed")


def official_label(score: float, fiscal_year: int) -> str:
    """Return the label NACC published for a score in that year (AA–F, or the pass scheme from FY2023)."""
    if fiscal_year < PASS_LABEL_SINCE:
        return rating(pd.Series([score])).iloc[0]
    if score >= 95:
        return "ผ่านดี"
    return "ผ่าน" if score >= PASS_MARK else "ไม่ผ่าน"
