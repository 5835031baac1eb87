"""The synthetic agency roster: the real type mix, provinces, ministries and year-to-year turnover."""

from __future__ import annotations

import functools

import geothai
import numpy as np
import pandas as pd

from . import reference

BANGKOK, PATTAYA_PROVINCE = "10", "20"
LOCAL_BODY_MINISTRY = "กระทรวงมหาดไทย"
UNIVERSITY_MINISTRY = "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม"
NEW_AGENCY_TYPES = ("subdistrict_municipality", "public_org", "other_state")  # who joins in later years


@functools.cache
def _subdistrict_weights() -> pd.Series:
    """Return each province's share of subdistricts (local bodies follow them), Bangkok excluded."""
    counts = {
        p.code: sum(len(geothai.subdistricts(d.code)) for d in geothai.districts(p.code))
        for p in geothai.provinces()
        if p.code != BANGKOK
    }
    series = pd.Series(counts, dtype=float)
    return series / series.sum()


def _provinces_for(type_code: str, n: int, rng: np.random.Generator) -> list[str | None]:
    """Return a province code (or None for central agencies) for each of n agencies of a type."""
    group = reference.agency_types().set_index("type_code").loc[type_code, "type_group"]
    weights = _subdistrict_weights()
    if group == "central":
        return [None] * n
    if type_code in ("province", "pao"):  # one per province outside Bangkok
        return [weights.index[i % len(weights)] for i in range(n)]
    if type_code == "special_local":
        return [(BANGKOK, PATTAYA_PROVINCE)[i % 2] for i in range(n)]
    return list(rng.choice(weights.index.to_numpy(), size=n, p=weights.to_numpy()))


def _ministry_for(type_code: str, group: str, ministries: list[str], rng: np.random.Generator) -> str | None:
    if group != "central" or type_code == "province":
        return LOCAL_BODY_MINISTRY
    if type_code == "university":
        return UNIVERSITY_MINISTRY
    if type_code == "justice_independent":
        return None
    return str(rng.choice(ministries))


def _names(profile: pd.Series, seq: int, province: str | None, names: pd.DataFrame) -> tuple[str, str]:
    """Return a Thai and an English name that say the agency is a sample."""
    th = f"{profile.name_th_short}ตัวอย่าง {seq:04d}"
    en = f"Sample {profile.name_en_short} {seq:04d}"
    if province is not None:
        th += f" จ.{names.loc[province, 'name_th']}"
        en += f", {names.loc[province, 'name_en']}"
    return th, en


def _agencies_of(profile: pd.Series, n: int, start: int, rng: np.random.Generator) -> pd.DataFrame:
    """Return n synthetic agencies of one type, numbered from start."""
    provinces = reference.provinces().set_index("province_code")
    ministries = reference.read_fact("ministries")["name_th"].tolist()
    group = reference.agency_types().set_index("type_code").loc[profile.type_code, "type_group"]
    rows = []
    for i, province in enumerate(_provinces_for(profile.type_code, n, rng)):
        seq = start + i
        name_th, name_en = _names(profile, seq, province, provinces)
        rows.append(
            {
                "agency_code": f"{profile.code_prefix}-{seq:05d}",
                "name_th": name_th,
                "name_en": name_en,
                "type_code": profile.type_code,
                "province_code": province,
                "region": provinces.loc[province, "region"] if province else reference.CENTRAL_ADMIN,
                "ministry": _ministry_for(profile.type_code, group, ministries, rng),
                "iso37001": None,
                "effect": profile.effect,
            }
        )
    return pd.DataFrame(rows)


def _yearly_counts(years: list[int], scale: int) -> list[int]:
    """Return the agency count of each year: the published count, carried forward where unknown."""
    published = reference.read_fact("ita_published").set_index("fiscal_year")["agencies"]
    counts, last = [], None
    for y in years:
        value = published.get(y)
        last = int(value) if pd.notna(value) else last
        counts.append(last * scale)
    return counts


def roster(years: list[int], scale: int, rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """Return (agencies, active) where active[i, j] says agency i was assessed in years[j].

    The first year's agencies follow the real type mix; later years add new agencies or retire
    subdistrict administrative organisations (as amalgamations do) to match each year's count.
    """
    profiles = reference.read_fact("demo_profile")
    frames = [_agencies_of(p, int(p.agencies) * scale, 1, rng) for p in profiles.itertuples()]
    base = pd.concat(frames, ignore_index=True)
    counts = _yearly_counts(years, scale)
    base_total = len(base)
    if counts[0] != base_total:
        raise ValueError(f"data/demo_profile.csv gives {base_total} agencies, the first year has {counts[0]}")
    entry = np.full(base_total, years[0])
    exit_ = np.full(base_total, years[-1] + 1)
    joiners, sao_index, next_seq = [], np.flatnonzero(base["type_code"] == "sao")[::-1], {}
    for j in range(1, len(years)):
        delta = counts[j] - counts[j - 1]
        if delta < 0:  # retire the last SAOs still active
            retiring = sao_index[exit_[sao_index] > years[j]][:-delta]
            exit_[retiring] = years[j]
        for k in range(max(delta, 0)):
            type_code = NEW_AGENCY_TYPES[k % len(NEW_AGENCY_TYPES)]
            profile = profiles.set_index("type_code").loc[type_code]
            profile["type_code"] = type_code
            seq = next_seq.get(type_code, int(profile.agencies) * scale + 1)
            next_seq[type_code] = seq + 1
            joiners.append(_agencies_of(profile, 1, seq, rng).assign(entry=years[j]))
    agencies = pd.concat(
        [base.assign(entry=entry, exit=exit_), *[f.assign(exit=years[-1] + 1) for f in joiners]], ignore_index=True
    )
    year_array = np.array(years)
    active = (agencies["entry"].to_numpy()[:, None] <= year_array) & (year_array < agencies["exit"].to_numpy()[:, None])
    return agencies, active
