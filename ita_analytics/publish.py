"""Publish the database as a Parquet store: one file per table, switched to by an atomic link swap."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from . import db

#: Published versions kept besides the current one: a reader opened just before a swap may still be on it.
KEEP_PREVIOUS = 1


def export_parquet(db_path: Path | str | None, store: Path | str) -> Path:
    """Write every table of the database as Parquet and make `store` (a link) point at them; return that folder.

    Each export is a new folder STORE.versions/STAMP/ with TABLE.parquet per table, written in full before
    the link `store` is replaced in one rename, so an app reading `ITA_DB=store` sees the old tables or the
    new ones, never a mix. Older versions beyond KEEP_PREVIOUS are removed.
    """
    store = Path(store)
    if store.exists() and not store.is_symlink():
        raise db.StoreReadOnlyError(
            f"{store}: already exists and is not a store published by export-parquet; choose another path"
        )
    versions = store.parent / f"{store.name}.versions"
    versions.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    staging = versions / f".{stamp}.tmp"
    staging.mkdir()
    try:
        with db.connect(db_path) as con:
            tables = [
                name
                for (name,) in con.execute(
                    "select table_name from information_schema.tables where table_catalog = $catalog "
                    "and table_type = 'BASE TABLE' order by table_name",
                    {"catalog": db.CATALOG},
                ).fetchall()
            ]
            for table in tables:
                # COPY takes no bound parameters: the table name is the database's own, the path is quoted.
                target = db.path_literal(staging / f"{table}.parquet")
                con.execute(f'copy (select * from "{table}") to {target} (format parquet)')
        published = versions / stamp
        staging.rename(published)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    link = store.parent / f".{store.name}.{stamp}.link"
    link.symlink_to(Path(versions.name) / stamp)  # relative: the store moves with its folder
    os.replace(link, store)
    for old in sorted(p for p in versions.iterdir() if not p.name.startswith("."))[: -(KEEP_PREVIOUS + 1)]:
        shutil.rmtree(old, ignore_errors=True)
    return published
