"""Who each row of an ITA file is: its code, or without one the key of its normalised name and province.

Real published tables carry no agency codes. An agency without a code is identified by names.identity_key (its name
with type words and abbreviations unified, a trailing province or district dropped, spacing and digits normalised)
and its province, and by its type where the name does not say it; it gets the code 'N-' and a hash of that key, so
the same agency in another year or another file is the same agency. Rows of one file that name one agency with a
code and without one share the code; a row without a code whose name has two codes is a collision, reported with
its rows.
"""

from __future__ import annotations

import hashlib

import pandas as pd

from .errors import Problem, ProblemList

#: The code of an agency known by name: 'N-' and ten hex digits of its key's hash.
NAMED_PREFIX = "N-"


def name_key(name: str, province_code: str | None, type_code: str) -> str:
    """Return the identity of an agency by name: its normalised name and province, with its type where the name
    does not say it (a bare name could be an SAO or a municipality)."""
    from . import names  # PyThaiNLP-backed: loaded when a file is read, not with the package

    key = names.identity_key(name, province_code)
    return key if names.type_from_name(name) else f"{key}|{type_code}"


def named_code(key: str) -> str:
    """Return the code an agency known only by name gets: stable for the same key in every file."""
    return NAMED_PREFIX + hashlib.blake2b(key.encode("utf-8"), digest_size=5).hexdigest()


def assign_codes(frame: pd.DataFrame, problems: ProblemList) -> pd.DataFrame:
    """Return the rows with name_key set and every agency_code filled.

    A row without a code takes the code the file gives its name elsewhere, else a code made from its key. Rows with
    codes keep them, whatever their names (two coded agencies may share a name). A row without a code whose name the
    file gives two codes cannot be told apart: that is a problem, with the rows."""
    keys = [name_key(n, p, t) for n, p, t in zip(frame["name_th"], frame["province_code"], frame["type_code"])]
    frame = frame.assign(name_key=keys)
    uncoded = frame["agency_code"].isna()
    if not uncoded.any():  # every row has its code: nothing to join (a whole year of 8,000 rows, at once)
        return frame
    # The codes the file gives each name that also appears without one (grouped once: never a filter per name).
    coded = frame[~uncoded & frame["name_key"].isin(frame.loc[uncoded, "name_key"])]
    given = coded.groupby("name_key", sort=False)["agency_code"].unique()
    for key, codes_given in given[given.map(len) > 1].items():
        rows = frame[frame["name_key"] == key]
        first_uncoded = rows[rows["agency_code"].isna()].iloc[0]
        shown = ", ".join(map(str, codes_given[:5])) + (
            f" and {len(codes_given) - 5} more" if len(codes_given) > 5 else ""
        )
        listed = ", ".join(str(r) for r in rows["row"].head(10)) + (" …" if len(rows) > 10 else "")
        problems.append(
            Problem(
                f"has no code, and its name (read as {key!r}) is given the codes {shown} in rows {listed}: "
                "give this row its code, or tell the agencies apart by name",
                row=int(first_uncoded["row"]),
                column="ชื่อหน่วยงาน",
                value=first_uncoded["name_th"],
            )
        )
    single = given[given.map(len) == 1].map(lambda c: c[0])
    missing = frame.loc[uncoded, "name_key"]
    collided = missing.isin(given.index[given.map(len) > 1])
    filled = missing.map(single)
    filled = filled.where(filled.notna() | collided, missing.map(named_code))
    return frame.assign(agency_code=frame["agency_code"].where(~uncoded, filled))
