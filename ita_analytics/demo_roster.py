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
    if type_code in ("parliament", "court", "independent", "prosecutor"):
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


def published_type_counts() -> pd.DataFrame:
    """Return NACC's published agencies per type (rows) and fiscal year (columns) where it published them.

    FY2019 publishes the local bodies only as a group: their split is the demo profile's (data/demo_profile.csv).
    The two agencies that joined by request that year are counted as other state agencies.
    """
    figures = reference.read_fact("ita_published_figures")
    counts = figures[(figures["scope"] == "type") & (figures["measure"] == "agencies") & figures["preferred"]]
    table = counts.pivot(index="code", columns="fiscal_year", values="value")
    profile = reference.read_fact("demo_profile").set_index("type_code")["agencies"]
    if 2019 in table.columns:
        joined = figures[(figures["scope"] == "joined_by_request") & (figures["fiscal_year"] == 2019)]["value"].sum()
        table.loc["other_state", 2019] += joined
        local = reference.agency_types().query("type_group == 'local'")["type_code"]
        table[2019] = table[2019].fillna(profile[profile.index.isin(local)])
    return table.astype(float)


def type_counts(years: list[int], scale: int = 1) -> pd.DataFrame:
    """Return the demo's agencies per type (rows) and fiscal year (columns).

    Years NACC published by type take its counts; years between them are interpolated type by type, and years
    after the last carry it forward; then the largest type (SAOs) takes up the difference to the year's national
    count, as amalgamations and new agencies did. Everything is multiplied by scale.
    """
    published = published_type_counts()
    national = reference.read_fact("ita_published").set_index("fiscal_year")["agencies"]
    types = reference.agency_types().query("type_group != 'not_stated'")["type_code"]  # NACC's 17
    known = sorted(y for y in published.columns if y in years)
    table = pd.DataFrame(index=types, columns=years, dtype=float)
    for code in types:
        values = published.loc[code, known] if code in published.index else pd.Series(dtype=float)
        held = values.dropna()
        if held.empty:
            raise ValueError(f"no published count of type {code!r} in any demo year")
        table.loc[code] = np.round(np.interp(years, held.index.to_numpy(float), held.to_numpy(float)))
    for year in years:
        if pd.notna(national.get(year)):
            table.loc["sao", year] += national[year] - table[year].sum()
    return (table * scale).astype(int)


def roster(years: list[int], scale: int, rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """Return (agencies, active) where active[i, j] says agency i was assessed in years[j].

    Each type has as many agencies as its largest year; the first N of them (in their numbering) are assessed in a
    year whose count is N, so agencies keep their place from year to year and the count of each type and year is
    exact (type_counts).
    """
    counts = type_counts(years, scale)
    profiles = reference.read_fact("demo_profile").set_index("type_code")
    frames = []
    for code, row in counts.iterrows():
        profile = profiles.loc[code].copy()
        profile["type_code"] = code
        frames.append(_agencies_of(profile, int(row.max()), 1, rng).assign(seq=np.arange(int(row.max()))))
    agencies = pd.concat(frames, ignore_index=True)
    limits = counts.loc[agencies["type_code"]].to_numpy()  # agencies × years
    active = agencies["seq"].to_numpy()[:, None] < limits
    return agencies.drop(columns="seq"), active
