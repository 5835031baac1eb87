"""The shipped map data: province centroids and the tile-grid cartogram.

Each check is a function returning a list of problems, so the same checks are run on the shipped files
and on deliberately broken copies (to show the checks can fail).
"""

from __future__ import annotations

from pathlib import Path

import geothai
import pandas as pd
import pytest
from scipy.stats import spearmanr

DATA = Path(__file__).resolve().parents[1] / "data"
BANGKOK = "10"
BANGKOK_RING = {
    "12": "Nonthaburi",
    "13": "Pathum Thani",
    "11": "Samut Prakan",
    "74": "Samut Sakhon",
    "73": "Nakhon Pathom",
}
DEEP_SOUTH = {"96", "95", "94", "91", "90"}  # Narathiwat, Yala, Pattani, Satun, Songkhla
ANCHORS = {
    "10": (13.75, 100.50),
    "50": (18.79, 98.98),
    "83": (7.88, 98.39),
    "34": (15.24, 104.85),
    "96": (6.43, 101.82),
    "58": (19.30, 97.97),
    "23": (12.24, 102.51),
}


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype={"province_code": str})


@pytest.fixture(scope="module")
def centroids() -> pd.DataFrame:
    return _read("province_centroids.csv")


@pytest.fixture(scope="module")
def tiles() -> pd.DataFrame:
    return _read("province_tiles.csv")


@pytest.fixture(scope="module")
def regions() -> pd.Series:
    return _read("province_regions.csv").set_index("province_code")["region"]


def names_problems(frame: pd.DataFrame) -> list[str]:
    """Codes must be exactly geothai's 77, once each, with geothai's English names."""
    expected = {p.code: p.name_en for p in geothai.provinces()}
    problems = []
    if not frame["province_code"].is_unique:
        problems.append("duplicate province codes")
    if set(frame["province_code"]) != set(expected) or len(frame) != 77:
        problems.append(f"codes differ from geothai: {set(frame['province_code']) ^ set(expected)}")
    problems += [
        f"{code}: {name!r} != {expected.get(code)!r}"
        for code, name in zip(frame["province_code"], frame["name_en"])
        if expected.get(code) != name
    ]
    return problems


def coordinate_problems(c: pd.DataFrame) -> list[str]:
    """Every point lies inside Thailand's bounding box and the known anchors are where they should be."""
    problems = [
        f"{r.name_en} outside Thailand: {r.lat}, {r.lon}"
        for r in c.itertuples()
        if not (5.5 <= r.lat <= 20.5 and 97.3 <= r.lon <= 105.7)
    ]
    at = c.set_index("province_code")
    problems += [
        f"{code} at {at.loc[code, 'lat']}, {at.loc[code, 'lon']}, expected {lat}, {lon}"
        for code, (lat, lon) in ANCHORS.items()
        if code in at.index and (abs(at.loc[code, "lat"] - lat) > 0.1 or abs(at.loc[code, "lon"] - lon) > 0.1)
    ]
    return problems


def region_problems(c: pd.DataFrame, regions: pd.Series) -> list[str]:
    """The six regions sit where they belong relative to each other."""
    c = c.assign(region=c["province_code"].map(regions))
    lat = c.groupby("region")["lat"]
    problems = []
    if not lat.mean()["south"] < lat.mean()["central"] < lat.mean()["north"]:
        problems.append(f"mean latitudes out of order: {lat.mean().round(2).to_dict()}")
    if not lat.min()["north"] > lat.max()["south"]:
        problems.append("some north province is not north of every south province")
    if not lat.max()["south"] < 11:
        problems.append("a south province lies north of 11°N")
    if not lat.min()["north"] > 16.5:
        problems.append("a north province lies south of 16.5°N")
    if not c.loc[c["region"] == "northeast", "lon"].min() > 101.3:
        problems.append("a northeast province lies west of 101.3°E")
    east = c[c["region"] == "east"]
    if not (east["lon"].min() > 100.8 and east["lat"].max() < 14.5):
        problems.append("an east province lies outside the east")
    if not c.loc[c["region"] == "west", "lon"].max() < c.loc[c["region"] == "east", "lon"].min():
        problems.append("the west and east overlap in longitude")
    return problems


def tile_problems(t: pd.DataFrame, c: pd.DataFrame, regions: pd.Series) -> list[str]:
    """One province per cell, Bangkok among its neighbours, and the grid in the same order as the map."""
    problems = []
    if (t[["row", "col"]] < 0).any().any():
        problems.append("negative row or column")
    if t.duplicated(["row", "col"]).any():
        problems.append(f"shared cells: {t[t.duplicated(['row', 'col'], keep=False)].to_dict('records')}")
    at = t.set_index("province_code")
    bkk = at.loc[BANGKOK]
    ring = [
        name
        for code, name in BANGKOK_RING.items()
        if max(abs(at.loc[code, "row"] - bkk["row"]), abs(at.loc[code, "col"] - bkk["col"])) == 1
    ]
    if len(ring) < 3:
        problems.append(f"Bangkok touches only {ring}")
    if not set(t.loc[t["row"] == t["row"].max(), "province_code"]) & DEEP_SOUTH:
        problems.append("the bottom row holds no deep-south province")
    if not (t.loc[t["row"] == t["row"].min(), "province_code"].map(regions) == "north").any():
        problems.append("the top row holds no northern province")
    both = t.merge(c, on="province_code")
    rho_rows = spearmanr(both["row"], -both["lat"])[0]
    rho_cols = spearmanr(both["col"], both["lon"])[0]
    if not rho_rows > 0.9:
        problems.append(f"rows do not follow latitude (rho {rho_rows:.3f})")
    if not rho_cols > 0.8:
        problems.append(f"columns do not follow longitude (rho {rho_cols:.3f})")
    return problems


def test_both_files_hold_the_77_geothai_provinces(centroids, tiles):
    assert list(centroids.columns) == ["province_code", "name_en", "lat", "lon"]
    assert list(tiles.columns) == ["province_code", "name_en", "row", "col"]
    assert names_problems(centroids) == []
    assert names_problems(tiles) == []


def test_coordinates_are_in_thailand(centroids):
    assert coordinate_problems(centroids) == []
    assert ((centroids[["lat", "lon"]] * 100).round(6) % 1 == 0).all().all(), "more than 2 decimals"


def test_regions_are_geographically_coherent(centroids, regions):
    assert region_problems(centroids, regions) == []


def test_tile_grid_keeps_thailands_shape(tiles, centroids, regions):
    assert pd.api.types.is_integer_dtype(tiles["row"]) and pd.api.types.is_integer_dtype(tiles["col"])
    assert tile_problems(tiles, centroids, regions) == []


# The checks above must be able to fail: each broken copy is caught.


def test_checks_catch_wrong_names_and_codes(centroids):
    renamed = centroids.copy()
    renamed.loc[renamed["province_code"] == "82", "name_en"] = "Phangnga"
    assert names_problems(renamed)
    assert names_problems(centroids.iloc[1:])
    assert names_problems(pd.concat([centroids, centroids.iloc[[0]]]))


def test_checks_catch_misplaced_coordinates(centroids, regions):
    swapped = centroids.copy()
    swapped[["lat", "lon"]] = swapped[["lon", "lat"]].to_numpy()
    assert coordinate_problems(swapped)
    moved = centroids.copy()
    chiang_mai, narathiwat = (moved["province_code"] == "50"), (moved["province_code"] == "96")
    moved.loc[chiang_mai, ["lat", "lon"]], moved.loc[narathiwat, ["lat", "lon"]] = (
        moved.loc[narathiwat, ["lat", "lon"]].to_numpy(),
        moved.loc[chiang_mai, ["lat", "lon"]].to_numpy(),
    )
    assert region_problems(moved, regions)


def test_checks_catch_broken_tiles(tiles, centroids, regions):
    shared = tiles.copy()
    shared.loc[shared["province_code"] == "12", ["row", "col"]] = shared.loc[
        shared["province_code"] == "10", ["row", "col"]
    ].to_numpy()
    assert tile_problems(shared, centroids, regions)
    far_bangkok = tiles.copy()
    far_bangkok.loc[far_bangkok["province_code"] == "10", ["row", "col"]] = [0, 0]
    assert tile_problems(far_bangkok, centroids, regions)
    upside_down = tiles.assign(row=tiles["row"].max() - tiles["row"])
    assert tile_problems(upside_down, centroids, regions)
    mirrored = tiles.assign(col=tiles["col"].max() - tiles["col"])
    assert tile_problems(mirrored, centroids, regions)
