"""Plain-language sentences computed from the data, in Thai or English."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from .analysis import YearKpis
from .i18n import year_label

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


def correlation_caveat(result: Correlation, lang: str) -> str | None:
    """Return a warning in words when a correlation rests on few points: the range the truth may lie in."""
    if result.n >= SMALL_N and not math.isnan(result.r):
        return None
    if math.isnan(result.r):
        return (
            f"มีข้อมูลที่ใช้ได้เพียง {result.n} คู่ คำนวณค่าสหสัมพันธ์ไม่ได้"
            if lang == "th"
            else f"Only {result.n} usable pairs: no correlation can be computed."
        )
    level = f"{result.confidence:.0%}"
    if lang == "th":
        return (
            f"มีเพียง {result.n} จุด ค่าสหสัมพันธ์ที่แท้จริงอาจอยู่ที่ใดก็ได้ระหว่าง {result.low:+.2f} ถึง "
            f"{result.high:+.2f} (ช่วงความเชื่อมั่น {level}) ข้อมูลเท่านี้ยืนยันความสัมพันธ์ไม่ได้มากนัก"
        )
    return (
        f"Only {result.n} points: the true correlation could lie anywhere from {result.low:+.2f} to "
        f"{result.high:+.2f} ({level} confidence). This much data says little."
    )


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
