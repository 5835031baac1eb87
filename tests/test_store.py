"""A Parquet store (export-parquet) behind the same ITA_DB setting: same answers, atomic publishing, read-only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, PROJECT, file_digest, open_view

from ita_analytics import aggregate, console, db, i18n, oversight
from ita_analytics.filters import Filters
from ita_analytics.ingest import import_indicator, import_ita
from ita_analytics.publish import KEEP_PREVIOUS, export_parquet

LOCAL = Filters(groups=["local"])
#: Every library read a page makes, as (name, call); each must answer the same from the file and the store.
READS = {
    "national_series": lambda con: aggregate.national_series(con),
    "national_series local": lambda con: aggregate.national_series(con, LOCAL),
    "rating_distribution": lambda con: aggregate.rating_distribution(con),
    "by_agency_type": lambda con: aggregate.by_agency_type(con),
    "by_province": lambda con: aggregate.by_province(con, Filters(years=[2025])),
    "ranked_agencies": lambda con: aggregate.ranked_agencies(con, 2025, LOCAL, n=50),
    "agency_history": lambda con: aggregate.agency_history(con, "SAO-00012"),
    "export_results": lambda con: aggregate.export_results(con, Filters(years=[2024])),
    "cpi_sources": lambda con: aggregate.cpi_sources(con),
    "asean_comparison": lambda con: aggregate.asean_comparison(con, 2024),
    "inflation_by_year": lambda con: aggregate.inflation_by_year(con),
    "ministries": lambda con: oversight.ministries(con, 2025),
}


@pytest.fixture
def store(demo_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "ita"
    export_parquet(demo_db, path)
    return path


@pytest.mark.parametrize("read", READS)
def test_the_store_answers_as_the_file_does(demo_db, store, read):
    with db.connect(demo_db) as file_con, db.connect(store) as store_con:
        pd.testing.assert_frame_equal(READS[read](store_con), READS[read](file_con))


def test_every_table_is_published_and_the_views_work_over_it(demo_db, store):
    with db.connect(demo_db) as file_con, db.connect(store) as store_con:
        tables = [
            name
            for (name,) in file_con.execute(
                "select table_name from information_schema.tables where table_type = 'BASE TABLE'"
            ).fetchall()
        ]
        assert sorted(p.stem for p in store.glob("*.parquet")) == sorted(tables)
        count = "select count(*) from ita_filtered(null, [2025], null, ['local'], null, null)"
        assert store_con.execute(count).fetchone() == file_con.execute(count).fetchone()


def test_a_new_export_is_switched_to_at_once_and_open_readers_keep_theirs(tiny_db, tmp_path):
    store = tmp_path / "ita"
    export_parquet(tiny_db, store)
    before = db.connect(store)
    old_years = before.execute("select distinct fiscal_year from ita_results order by 1").fetchall()
    series = tmp_path / "series.csv"
    series.write_text("year,my_index\n2567,41.5\n2568,42.0\n", encoding="utf-8")
    import_indicator(series, tiny_db)
    export_parquet(tiny_db, store)
    with db.connect(store) as after:
        assert after.execute("select count(*) from external_indicators").fetchone()[0] > 0
    # the reader opened before the swap still reads its own version, whole
    assert before.execute("select count(*) from external_indicators").fetchone()[0] == 0
    assert before.execute("select distinct fiscal_year from ita_results order by 1").fetchall() == old_years
    before.close()
    export_parquet(tiny_db, store)
    versions = [p for p in (tmp_path / "ita.versions").iterdir() if not p.name.startswith(".")]
    assert len(versions) == KEEP_PREVIOUS + 1
    assert store.resolve() in [v.resolve() for v in versions]
    assert not list(tmp_path.glob(".ita.*")), "a link or staging folder was left behind"


def test_imports_into_a_store_are_refused_and_change_nothing(store):
    digests = {p.name: file_digest(p) for p in store.glob("*.parquet")}
    with pytest.raises(db.StoreReadOnlyError, match="export-parquet"):
        import_ita(FIXTURES / "tiny_ita.csv", store)
    assert {p.name: file_digest(p) for p in store.glob("*.parquet")} == digests
    done = subprocess.run(
        [sys.executable, "-m", "ita_analytics", "import-ita", str(FIXTURES / "tiny_ita.csv"), "--db", str(store)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "Parquet store is read-only" in done.stderr and "Traceback" not in done.stderr


def test_export_will_not_overwrite_a_folder_it_did_not_publish(tiny_db, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(db.StoreReadOnlyError, match="not a store published by export-parquet"):
        export_parquet(tiny_db, tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_the_console_reads_the_store_but_no_other_file(store):
    assert console.run_query("select count(*) as n from agencies", db=store)["n"].iloc[0] > 8000
    with pytest.raises(console.QueryRefused, match="files"):
        console.run_query("select * from read_csv('/etc/passwd')", db=store)


def test_the_app_runs_on_a_store_and_offers_no_upload(monkeypatch, store, fresh_caches):
    for view in ("overview", "regions", "data_sources"):
        at = open_view(monkeypatch, store, view)
        assert not at.exception, (view, at.exception)
    at = open_view(monkeypatch, store, "indicators")
    assert not at.exception
    assert i18n.t("indicators_store_read_only", "th") in [i.value for i in at.info]
    assert len(at.get("file_uploader")) == 0 and len(at.button) == 0
