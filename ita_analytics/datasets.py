"""Datasets: the synthetic demo and each real source imported, kept apart, with what each covers year by year.

A dataset's fiscal year is a census when it holds at least CENSUS_SHARE of the agencies NACC published for that
year, or when its import said so (--census); otherwise it is partial, and pages say how partial with numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from . import db, i18n, records
from .filters import DATASET_NAME

DEMO = "demo"
#: A year holding this share of NACC's published count or more is a census of it.
CENSUS_SHARE = 0.9


def share_text(share: float) -> str:
    """Return a coverage as a percentage that never reads 0.0% for a few agencies: '<0.1%' below a thousandth."""
    return "<0.1%" if 0 < share < 0.001 else f"{share:.1%}"


def check_name(name: str) -> str:
    """Return a dataset name an import may write to, or raise ValueError saying what is allowed."""
    if not isinstance(name, str) or not DATASET_NAME.fullmatch(name):
        raise ValueError(
            f"dataset: {str(name)[:80]!r} is not a dataset name: up to 64 letters (Thai too), digits, '.', '-' "
            "and '_', starting with a letter or digit"
        )
    if name == DEMO:
        raise ValueError("dataset: 'demo' is the synthetic demo, which an import never changes; name another")
    return name


def name_from_file(path: Path | str) -> str:
    """Return the default dataset name of an import: the file's name without its extension, made a valid name."""
    stem = re.sub(r"[^\w.\-]+", "_", Path(path).stem).strip("._-")[:64] or "import"
    return stem if stem != DEMO else f"{DEMO}_import"


def datasets(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return every dataset (newest real first, which is the default): synthetic, agencies, agency-years, years."""
    return db.query(con, "datasets")


def default_dataset(con: duckdb.DuckDBPyConnection) -> str | None:
    """Return the dataset pages read unless told otherwise: the newest real one, else the demo (None: no data)."""
    held = datasets(con)
    return None if held.empty else str(held["dataset"].iloc[0])


def coverage(con: duckdb.DuckDBPyConnection, dataset: str | None = None) -> pd.DataFrame:
    """Return a dataset's years: fiscal_year, agencies, published_agencies, coverage (0–1, NaN unknown), census."""
    held = records.ita_coverage(con)
    dataset = dataset or default_dataset(con)
    rows = held[held["dataset"] == dataset]
    return rows.rename(columns={"results": "agencies"})[
        ["fiscal_year", "agencies", "published_agencies", "coverage", "census"]
    ].reset_index(drop=True)


def year_coverage(con: duckdb.DuckDBPyConnection, year: int, dataset: str | None = None) -> pd.Series | None:
    """Return one year's row of coverage (None when the dataset holds no such year)."""
    rows = coverage(con, dataset)
    rows = rows[rows["fiscal_year"] == year]
    return None if rows.empty else rows.iloc[0]


def summary(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Return the datasets as info --json lists them: name, synthetic, agencies, agency_years, and per year the
    agencies held, NACC's published count and the coverage."""
    out = []
    everything = records.ita_coverage(con)
    for row in datasets(con).itertuples():
        years = everything[everything["dataset"] == row.dataset]
        out.append(
            {
                "name": row.dataset,
                "synthetic": bool(row.synthetic),
                "agencies": int(row.agencies),
                "agency_years": int(row.agency_years),
                "years": [
                    {
                        "fiscal_year": int(y.fiscal_year),
                        "agencies": int(y.results),
                        "published_agencies": None if pd.isna(y.published_agencies) else int(y.published_agencies),
                        "coverage": None if pd.isna(y.coverage) else round(float(y.coverage), 4),
                        "census": bool(y.census),
                    }
                    for y in years.itertuples()
                ],
            }
        )
    return out


def remove_dataset(name: str, db_path: Path | str | None = None) -> int:
    """Remove a real dataset and the agencies only it held; return how many results went. The demo stays."""
    if name == DEMO:
        raise ValueError("dataset: 'demo' is the synthetic demo; it is rebuilt with `init --force`, never removed")
    with db.atomic_write(db_path) as con:
        if name not in set(datasets(con)["dataset"]):
            raise ValueError(f"dataset: no dataset named {name!r}")
        removed = db.query(con, "dataset_results_count", dataset=name)["results"].iloc[0]
        db.execute(con, "dataset_delete_results", dataset=name)
        db.execute(con, "dataset_delete_years", dataset=name)
        db.execute(con, "dataset_delete", dataset=name)
        db.execute(con, "agencies_drop_orphans")
    return int(removed)


def coverage_sentence(covered: pd.Series | dict | None, dataset: str | None, synthetic: bool, lang: str) -> str:
    """Return the dataset and its coverage of a year in words, for a deck's first slide or a file's first sheet:
    "Dataset X (real): FY2564, 50 of 8,300 agencies NACC assessed (0.6%), partial"."""
    kind = i18n.t("dataset_synthetic" if synthetic else "dataset_real", lang)
    if covered is None:
        return i18n.t("coverage_dataset_only", lang).format(dataset=dataset or "–", kind=kind)
    covered = pd.Series(covered)
    published = covered.get("published_agencies")
    census = i18n.t("coverage_census" if covered["census"] else "coverage_partial_word", lang)
    words = dict(
        dataset=dataset or "–",
        kind=kind,
        year=i18n.year_label(int(covered["fiscal_year"]), lang),
        n=f"{int(covered['agencies']):,}",
        census=census,
    )
    if published is None or pd.isna(published):
        return i18n.t("coverage_dataset_unknown", lang).format(**words)
    return i18n.t("coverage_dataset", lang).format(
        **words, of=f"{int(published):,}", share=share_text(float(covered["coverage"]))
    )
