"""Plain-language sentences computed from the data, in Thai or English."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from .analysis import YearKpis
from .i18n import t, year_label

if TYPE_CHECKING:  # scipy-backed; the narrative only reads the result's fields
    from .stats import Correlation


def _signed(value: float, lang: str, decimals: int = 2) -> str:
    """Return a change in words: 'up 0.77 points' / 'เพิ่มขึ้น 0.77 คะแนน'."""
    amount = f"{abs(value):.{decimals}f}"
    if lang == "th":
        word = "เพิ่มขึ้น" if value > 0 else "ลดลง"
        return f"{word} {amount} คะแนน" if value else "เท่าเดิม"
    word = "up" if value > 0 else "down"
    unit = "point" if amount in ("1", "1.00") else "points"
    return f"{word} {amount} {unit}" if value else "unchanged"


def ita_sentence(k: YearKpis, scope: str, lang: str) -> str:
    """Return one sentence on the year's mean, its change, and the pass rate against the target."""
    year = year_label(k.fiscal_year, lang)
    if lang == "th":
        text = f"ปีงบประมาณ {year} {scope} {k.agencies:,} แห่ง ได้คะแนนเฉลี่ย {k.mean_score:.2f} คะแนน"
        if k.mean_change is not None:
            text += f" ({_signed(k.mean_change, lang)} จากปีก่อน)"
        text += f" และผ่านเกณฑ์ 85 คะแนนร้อยละ {k.pass_rate:.1%}".replace("%", "")
        if k.target_pass_rate is not None:
            side = "ถึง" if k.pass_rate >= k.target_pass_rate else "ต่ำกว่า"
            text += f" {side}เป้าหมายร้อยละ {k.target_pass_rate:.0%} ของปีนั้น".replace("%", "")
        if k.target_mean is not None:
            side = "ถึง" if k.mean_score >= k.target_mean else "ต่ำกว่า"
            text += f" คะแนนเฉลี่ย{side}เป้าหมาย {k.target_mean:g} คะแนน"
        return text
    text = f"In fiscal year {year}, {k.agencies:,} {scope} scored {k.mean_score:.2f} on average"
    if k.mean_change is not None:
        text += f" ({_signed(k.mean_change, lang)} on the year before)"
    text += f", and {k.pass_rate:.1%} passed the 85-point mark"
    if k.target_pass_rate is not None:
        side = "reaching" if k.pass_rate >= k.target_pass_rate else "below"
        text += f", {side} that year's target of {k.target_pass_rate:.0%}"
    if k.target_mean is not None:
        side = "reaches" if k.mean_score >= k.target_mean else "is below"
        text += f"; the mean {side} its target of {k.target_mean:g}"
    return text + "."


def cpi_rank_change(k: YearKpis, lang: str) -> tuple[str, str] | None:
    """Return the CPI rank's change in words and its direction ('better', 'worse', 'same'), or None.

    A rank is better when its number is smaller, so a change is said in words ("9 places worse than 107"), never
    as a signed number a reader could take the wrong way."""
    if k.cpi_rank is None or k.cpi_rank_change is None:
        return None
    before, places = k.cpi_rank - k.cpi_rank_change, abs(k.cpi_rank_change)
    if not places:
        return ("อันดับเท่าเดิม" if lang == "th" else "same rank as the year before"), "same"
    direction = "worse" if k.cpi_rank_change > 0 else "better"
    if lang == "th":
        word = "แย่ลง" if direction == "worse" else "ดีขึ้น"
        return f"{word} {places} อันดับ (ปีก่อนอันดับที่ {before})", direction
    unit = "place" if places == 1 else "places"
    return f"{places} {unit} {direction} (rank {before} the year before)", direction


def cpi_sentence(k: YearKpis, lang: str) -> str | None:
    """Return one sentence on Thailand's CPI score and rank against the year before, or None without CPI."""
    if k.cpi_score is None:
        return None
    year = year_label(k.cpi_year, lang)
    if lang == "th":
        text = f"ดัชนีการรับรู้การทุจริต (CPI) ของไทยปี {year} ได้ {k.cpi_score:.0f} คะแนน"
        if k.cpi_change is not None:
            text += f" ({_signed(k.cpi_change, lang, decimals=0)})"
        if k.cpi_rank is not None:
            text += f" อันดับที่ {k.cpi_rank} จาก {k.cpi_countries} ประเทศ"
            if k.cpi_rank_change is not None:
                text += f" (ปีก่อนอันดับที่ {k.cpi_rank - k.cpi_rank_change})"
        return text
    text = f"Thailand's {year} Corruption Perceptions Index is {k.cpi_score:.0f}"
    if k.cpi_change is not None:
        text += f" ({_signed(k.cpi_change, lang, decimals=0)})"
    if k.cpi_rank is not None:
        text += f", rank {k.cpi_rank} of {k.cpi_countries}"
        if k.cpi_rank_change is not None:
            text += f" (rank {k.cpi_rank - k.cpi_rank_change} the year before)"
    return text + "."


SMALL_N = 30


def _noun(result: Correlation, lang: str, units: str | None = None) -> tuple[int, str]:
    """Return how many independent observations a correlation rests on and what they are, in words."""
    if result.clusters and result.clusters > 1 and units:
        return result.clusters, units
    return result.n, t(f"stats_noun_{result.basis}", lang)


def correlation_caveat(result: Correlation, lang: str, units: str | None = None) -> str | None:
    """Return a warning in words when a correlation rests on few observations: the range the truth may lie in.

    The observations are the result's n (pairs, years, or year-on-year changes: its basis), or the units resampled
    (`units` names them, "provinces") when its interval came from a bootstrap over units."""
    count, noun = _noun(result, lang, units)
    if count >= SMALL_N and not math.isnan(result.r):
        return None
    if math.isnan(result.r):
        return t("stats_caveat_nan", lang).format(n=result.n)
    level = f"{result.confidence:.0%}"
    if count != result.n:  # a bootstrap over few units: it understates the uncertainty however narrow it looks
        return t("stats_caveat_clusters", lang).format(n=count, noun=noun)
    if result.spans_everything:
        return t("stats_caveat_spans", lang).format(n=count, noun=noun, level=level)
    return t("stats_caveat", lang).format(
        n=count, noun=noun, low=f"{result.low:+.2f}", high=f"{result.high:+.2f}", level=level
    )


def interval_text(result: Correlation, lang: str) -> str:
    """Return a correlation's interval as a table shows it ("-0.97 to +0.24"), or in words when it spans −1 to 1
    ("too few years to say"); a dash when there is none."""
    if math.isnan(result.low) or math.isnan(result.high):
        return "–"
    if result.spans_everything:
        kind = "units" if result.interval == "cluster_bootstrap" else result.basis
        return t(f"stats_interval_none_{kind}", lang)
    return t("stats_interval", lang).format(low=f"{result.low:+.2f}", high=f"{result.high:+.2f}")


def _counts(result: Correlation, unit: str, lang: str) -> str:
    row_noun = t(f"stats_rows_{unit}", lang)
    if result.basis == "years":  # the rows drawn as illustration are said in the notes
        return t("stats_counts_years", lang)
    if result.basis == "changes":
        return t("stats_counts_changes", lang)
    if result.interval == "cluster_bootstrap":
        return t("stats_counts_clustered", lang).format(
            row_noun=row_noun, clusters=f"{result.clusters:,}", units=t(f"stats_units_{unit}", lang)
        )
    return t("stats_counts_pairs", lang).format(row_noun=row_noun)


def correlation_table(results: dict[str, Correlation], unit: str, lang: str) -> pd.DataFrame:
    """Return the explorer's correlations as a table: measure, r, its interval (in words when it says nothing), the
    p-value as a statistician writes it (stats.format_p), n and what n counts (years, changes, or rows in units)."""
    from .stats import format_p  # scipy-backed module: loaded only when a table is made

    return pd.DataFrame(
        [
            {
                "measure": t(f"explore_{name}", lang),
                "r": result.r,
                "interval": interval_text(result, lang),
                "p_value": format_p(result.p_value),
                "n_used": result.n,
                "n_counts": _counts(result, unit, lang),
            }
            for name, result in results.items()
        ],
        columns=["measure", "r", "interval", "p_value", "n_used", "n_counts"],
    )


def correlation_notes(
    results: dict[str, Correlation], unit: str, x: str, y: str, national: list[str], lang: str
) -> list[str]:
    """Return what a reader of the explorer's table must know, in words: what n counts and why, why changes stand
    beside levels, why there are no within-unit correlations, how clustered rows were handled, where a p-value is
    exact, and why an interval spans −1 to 1.

    x and y are the metrics' names in the language; national names those of them that hold one value a year for
    the whole country."""
    from .stats import BOOTSTRAP_RESAMPLES

    notes: list[str] = []
    first = next(iter(results.values()), None)
    if first is None:
        return notes
    units, row_noun = t(f"stats_units_{unit}", lang), t(f"stats_rows_{unit}", lang)
    if first.basis == "years":
        rows = f"{first.rows or first.n:,}"
        if unit == "national":
            notes.append(t("stats_basis_national", lang).format(n=first.n))
        elif len(set(national)) > 1 or (national and x == y):
            notes.append(t("stats_basis_years_both", lang).format(n=first.n, rows=rows, row_noun=row_noun))
        elif national:
            other = y if national[0] == x else x
            notes.append(
                t("stats_basis_years", lang).format(
                    national=national[0], other=other, units=units, n=first.n, rows=rows, row_noun=row_noun
                )
            )
        changes = results.get("changes_pearson")
        if changes is not None:
            notes.append(t("stats_changes_note", lang).format(x=x, y=y, n=changes.n))
        if unit != "national" and national:
            notes.append(t("stats_within_not_offered", lang).format(national=national[0], units=units))
    elif first.interval == "cluster_bootstrap":
        notes.append(
            t("stats_clustered_note", lang).format(
                units=units,
                resamples=f"{BOOTSTRAP_RESAMPLES:,}",
                clusters=f"{first.clusters:,}",
                rows=f"{first.n:,}",
                row_noun=row_noun,
            )
        )
    exact = next((r for r in results.values() if r.p_method == "exact"), None)
    if exact is not None:
        orderings, noun = f"{math.factorial(exact.n):,}", t(f"stats_noun_{exact.basis}", lang)
        notes.append(t("stats_exact_p", lang).format(n=exact.n, noun=noun, orderings=orderings))
    for result in results.values():
        if result.method == "spearman" and result.interval == "bootstrap" and result.spans_everything:
            noun, none = t(f"stats_noun_{result.basis}", lang), interval_text(result, lang)
            notes.append(t("stats_interval_why", lang).format(n=result.n, noun=noun, none=none))
            break
    return notes


def few_agencies(name: str, agencies: object, lang: str, minimum: int | None = None) -> str:
    """Return a unit's name with its count of agencies when it has fewer than `minimum` (config.min_agencies()):
    "Bangkok (1 agency)". A pass rate of one or two agencies is 0, 50 or 100%: the count says why."""
    from .config import min_agencies

    if agencies is None or pd.isna(agencies) or int(agencies) >= (minimum or min_agencies()):
        return name
    key = "few_agencies_one" if int(agencies) == 1 else "few_agencies_many"
    return t(key, lang).format(name=name, n=int(agencies))


def pass_rate_against_cpi(aligned: pd.DataFrame, lang: str) -> str | None:
    """Return one sentence on how the ITA pass rate and the CPI moved over the same years (align_ita_cpi)."""
    if len(aligned) < 2:
        return None
    first, last = aligned.iloc[0], aligned.iloc[-1]
    y0, y1 = year_label(first["fiscal_year"], lang), year_label(last["fiscal_year"], lang)
    if lang == "th":
        return (
            f"ระหว่างปี {y0} ถึง {y1} อัตราผ่าน ITA เปลี่ยนจากร้อยละ {first['ita_pass_rate']:.1%} เป็นร้อยละ "
            f"{last['ita_pass_rate']:.1%} ขณะที่คะแนน CPI ของไทยเปลี่ยนจาก {first['cpi_score']:.0f} เป็น "
            f"{last['cpi_score']:.0f} คะแนน"
        ).replace("%", "")
    return (
        f"From {y0} to {y1} the ITA pass rate went from {first['ita_pass_rate']:.1%} to "
        f"{last['ita_pass_rate']:.1%}, while Thailand's CPI went from {first['cpi_score']:.0f} to "
        f"{last['cpi_score']:.0f}."
    )


def cpi_target_sentence(latest: pd.Series | None, target: pd.Series | None, lang: str) -> str | None:
    """Return the distance from the latest CPI score to its next score target, in words: "CPI 2025: 33; the 2027
    target is 57: 24 points to go" (None without a CPI or a target)."""
    if latest is None or target is None or pd.isna(latest.get("score")):
        return None
    score, goal = float(latest["score"]), float(target["value"])
    year, by = year_label(int(latest["year"]), lang), year_label(int(target["last_year"]), lang)
    gap = goal - score
    if lang == "th":
        rest = f"อีก {gap:g} คะแนน" if gap > 0 else "ถึงแล้ว"
        return f"CPI ปี {year}: {score:g} คะแนน เป้าหมายปี {by} คือ {goal:g} คะแนน: {rest}"
    rest = f"{gap:g} points to go" if gap > 0 else "reached"
    return f"CPI {year}: {score:g}; the {by} target is {goal:g}: {rest}"
