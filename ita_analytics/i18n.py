"""Every app-owned label in Thai and English, and B.E./C.E. year display."""

from __future__ import annotations

import csv
import functools

from . import config

LANGUAGES = ("th", "en")
DEFAULT_LANGUAGE = "th"
BE_OFFSET = 543

FRACTION_METRICS = {"ita_pass_rate"}


@functools.cache
def _labels() -> dict[str, tuple[str, str]]:
    """Return every label from data/labels/*.csv (key, th, en); a key defined twice is an error."""
    labels: dict[str, tuple[str, str]] = {}
    for path in sorted((config.DATA_DIR / "labels").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row["key"] in labels:
                    raise ValueError(f"{path.name}: label {row['key']!r} is defined twice")
                labels[row["key"]] = (row["th"].replace("\\n", "\n"), row["en"].replace("\\n", "\n"))
    return labels


def has_label(key: str) -> bool:
    """Return whether key has a label."""
    return key in _labels()


def first_label(name: str, prefixes: tuple[str, ...], lang: str = DEFAULT_LANGUAGE) -> str:
    """Return the label of the first prefix + name that has one (e.g. tool_iit, then indicator_iit), or name."""
    for prefix in prefixes:
        if has_label(prefix + name):
            return t(prefix + name, lang)
    return name


def metric_label(metric: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Return a metric code's name in the language (the code itself when unknown)."""
    return first_label(metric, ("metric_",), lang)


def target_label(metric: str, comparison: str, value: float) -> str:
    """Return a target as a short formula, e.g. '≥ 80%' or '≤ 53'."""
    sign = "≥" if comparison == "at_least" else "≤"
    shown = f"{value:.0%}" if metric in FRACTION_METRICS else f"{value:g}"
    return f"{sign} {shown}"


def t(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Return the label for key in the language ('th' or 'en')."""
    th, en = _labels()[key]
    return en if lang == "en" else th


def year_label(year: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """Return a C.E. year as shown to users: B.E. in Thai (2025 → 2568), C.E. in English."""
    return str(int(year) + BE_OFFSET) if lang == "th" else str(int(year))
