"""Which targets were in force in a year: the national ITA pass rate and mean, and the CPI's score and rank.

The targets table keeps every target with the years it is in force and what each source says; where two
disagree, `status` says which the Cabinet adopted. A year's target is the adopted (or single-source) one whose
years include it, the most specific when two overlap (FY2020's interim 50% within the 2018–2022 phase's 80%).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from . import records

#: Targets compared with a year's results; a superseded one is shown with its source, never compared with.
COUNTED = ("adopted", "one_source")
#: The ITA metrics `targets_in_force` reports: the share of agencies at 85 or more, and the national mean.
ITA_METRICS = ("ita_pass_rate", "ita_mean")


def in_force(targets: pd.DataFrame, year: int, metric: str) -> pd.Series | None:
    """Return the target row of metric in force in year (the shortest span that includes it), or None."""
    rows = targets[
        (targets["metric"] == metric)
        & targets["status"].isin(COUNTED)
        & (targets["first_year"] <= year)
        & (targets["last_year"] >= year)
    ]
    if rows.empty:
        return None
    span = rows["last_year"] - rows["first_year"]
    return rows.assign(span=span).sort_values(["span", "first_year"], ascending=[True, False]).iloc[0]


def value_in_force(targets: pd.DataFrame, year: int, metric: str) -> float | None:
    """Return the value of metric's target in force in year, or None when none was set."""
    row = in_force(targets, year, metric)
    return None if row is None else float(row["value"])


#: The target each result metric of the pages (a group's mean score, its pass rate) is measured against.
RESULT_TARGETS = {"mean_score": "ita_mean", "pass_rate": "ita_pass_rate"}


def result_target(targets: pd.DataFrame, year: int, metric: str) -> float | None:
    """Return the national target in force in year for a page's result metric ('mean_score', 'pass_rate' as a
    fraction), the line a group's bar is read against; None for other metrics or when none was in force."""
    return value_in_force(targets, year, RESULT_TARGETS[metric]) if metric in RESULT_TARGETS else None


def series_in_force(targets: pd.DataFrame, years: list[int], metric: str) -> pd.DataFrame:
    """Return fiscal_year, value (NaN where none was in force) for each year: a target line that steps."""
    values = [value_in_force(targets, int(year), metric) for year in years]
    return pd.DataFrame(
        {"fiscal_year": [int(y) for y in years], "value": [float("nan") if v is None else v for v in values]}
    )


def targets_in_force(con: duckdb.DuckDBPyConnection, years: range = range(2019, 2028)) -> pd.DataFrame:
    """Return fiscal_year, metric, value of every ITA target in force in the years (pass rate as a fraction)."""
    targets = records.targets(con)
    rows = [
        {"fiscal_year": year, "metric": metric, "value": value}
        for year in years
        for metric in ITA_METRICS
        if (value := value_in_force(targets, year, metric)) is not None
    ]
    return pd.DataFrame(rows, columns=["fiscal_year", "metric", "value"])


def next_target(targets: pd.DataFrame, year: int, metric: str) -> pd.Series | None:
    """Return the nearest target of metric still ahead of (or in) a year, adopted or single-source, or None."""
    rows = targets[(targets["metric"] == metric) & targets["status"].isin(COUNTED) & (targets["last_year"] >= year)]
    return None if rows.empty else rows.sort_values(["last_year", "first_year"]).iloc[0]
