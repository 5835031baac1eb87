"""The command line as a data administrator runs it: exit codes, messages and JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import FIXTURES, PROJECT, file_digest


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ita_analytics", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_init_builds_and_refuses_to_overwrite(tmp_path):
    path = tmp_path / "new.duckdb"
    done = cli("init", "--db", str(path))
    assert done.returncode == 0, done.stderr
    assert path.exists()
    before = file_digest(path)
    again = cli("init", "--db", str(path))
    assert again.returncode == 1 and "--force" in again.stderr
    assert file_digest(path) == before


def test_itadb_environment_variable_sets_the_database(tiny_db):
    done = cli("info", "--json", env={"ITA_DB": str(tiny_db)})
    assert done.returncode == 0, done.stderr
    assert [row["fiscal_year"] for row in json.loads(done.stdout)["ita"]] == [2024, 2025]


def test_info_json_has_the_documented_shape(tiny_db):
    info = json.loads(cli("info", "--json", "--db", str(tiny_db)).stdout)
    assert info["ita"] == [
        {"fiscal_year": 2024, "agencies": 5, "mean_score": 84.2, "pass_rate": 0.6, "synthetic": False},
        {"fiscal_year": 2025, "agencies": 5, "mean_score": 85.2, "pass_rate": 0.6, "synthetic": False},
    ]
    assert [row["fiscal_year"] for row in info["ita_published"]] == list(range(2018, 2026))  # FY2018: local only
    fy2019 = info["ita_published"][1]
    assert fy2019["mean_score"] == 66.73 and fy2019["passed"] == 970 and fy2019["coverage"] == "all"
    fy2023 = [row for row in info["published_by_type"] if row["fiscal_year"] == 2023]
    assert len(fy2023) == 17 and sum(row["agencies"] for row in fy2023) == 8323
    assert set(fy2023[0]) == {"fiscal_year", "type_code", "agencies", "mean_score", "pass_rate", "source_url"}
    in_force = {(row["fiscal_year"], row["metric"]): row["value"] for row in info["targets_in_force"]}
    assert in_force[(2020, "ita_pass_rate")] == 0.5 and in_force[(2022, "ita_pass_rate")] == 0.8
    assert in_force[(2025, "ita_pass_rate")] == 1.0 and in_force[(2027, "ita_mean")] == 89
    assert (2022, "ita_mean") not in in_force and {year for year, _ in in_force} == set(range(2019, 2028))
    assert info["cpi"] == {"countries": 11, "first_year": 2012, "last_year": 2025}
    assert [row["kind"] for row in info["imports"]] == ["ita", "init"]
    assert len(info["imports"][0]["sha256"]) == 64


def test_info_as_text_shows_buddhist_era_years(tiny_db):
    done = cli("info", "--db", str(tiny_db))
    assert "2568 (2025)" in done.stdout and "84.20" in done.stdout


def test_import_ita_success_and_failure_exit_codes(tmp_path, facts_db):
    done = cli("import-ita", str(FIXTURES / "tiny_ita.csv"), "--db", str(facts_db))
    assert done.returncode == 0, done.stderr
    assert "imported 10 results of 5 agencies for fiscal years 2567 (2024), 2568 (2025)" in done.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "ปีงบประมาณ,รหัสหน่วยงาน,ชื่อหน่วยงาน,ประเภทหน่วยงาน,จังหวัด,คะแนนรวม\n2568,1,x,อบต.,ลำพูน,104.5\n", encoding="utf-8"
    )
    before = file_digest(facts_db)
    failed = cli("import-ita", str(bad), "--db", str(facts_db))
    assert failed.returncode == 1
    assert "bad.csv: row 2, คะแนนรวม: 104.5 is outside 0–100" in failed.stderr
    assert file_digest(facts_db) == before


def test_import_ita_warns_about_ignored_columns(tmp_path, facts_db):
    path = tmp_path / "extra.csv"
    path.write_text(
        "ปีงบประมาณ,รหัสหน่วยงาน,ชื่อหน่วยงาน,ประเภทหน่วยงาน,จังหวัด,คะแนนรวม,หมายเหตุ\n2568,1,x,อบต.,ลำพูน,90,ok\n",
        encoding="utf-8",
    )
    done = cli("import-ita", str(path), "--db", str(facts_db))
    assert done.returncode == 0
    assert "column 'หมายเหตุ' is not an ITA field and was ignored" in done.stderr


def test_import_cpi_bad_file_exits_1(tmp_path, facts_db):
    path = tmp_path / "cpi.csv"
    path.write_text("Country / Territory;ISO3;Region;CPI score 2024\nThailand;THA;AP;340\n", encoding="utf-8")
    done = cli("import-cpi", str(path), "--db", str(facts_db))
    assert done.returncode == 1
    assert "cpi.csv: row 2, CPI score 2024: 340" in done.stderr


def test_template_writes_xlsx(tmp_path):
    out = tmp_path / "แม่แบบ.xlsx"
    done = cli("template", "--out", str(out))
    assert done.returncode == 0 and out.stat().st_size > 0


@pytest.mark.parametrize(
    "args", [[], ["frobnicate"], ["init", "--scale", "0"], ["init", "--scale", "x"], ["import-ita"], ["template"]]
)
def test_usage_errors_exit_2(args):
    assert cli(*args).returncode == 2


def test_missing_database_is_explained(tmp_path):
    done = cli("info", "--db", str(tmp_path / "none.duckdb"))
    assert done.returncode == 1 and "database not found" in done.stderr and "init" in done.stderr


def test_database_of_another_schema_version_is_refused(tmp_path, facts_db):
    import duckdb

    with duckdb.connect(str(facts_db)) as con:
        con.execute("update meta set value = '0' where key = 'schema_version'")
    before = file_digest(facts_db)
    for args in (["info"], ["import-ita", str(FIXTURES / "tiny_ita.csv")]):
        done = cli(*args, "--db", str(facts_db))
        assert done.returncode == 1 and "schema version 0" in done.stderr and "init --force" in done.stderr
    assert file_digest(facts_db) == before
