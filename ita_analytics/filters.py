"""The filters every aggregation takes, checked against allow-lists before they reach SQL."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import reference

GROUPS = ("central", "provincial", "local")
#: A dataset's name: letters (Thai too), digits, '-', '_' and '.', at most 64 (datasets.check_name says why).
DATASET_NAME = re.compile(r"[^\W_][\w.\-]{0,63}")


def _allowed(name: str) -> set[str]:
    if name == "types":
        return set(reference.agency_types()["type_code"])
    if name == "groups":
        return {*GROUPS, reference.NOT_STATED}
    if name == "regions":
        return {*reference.REGIONS, reference.CENTRAL_ADMIN, reference.NOT_STATED}
    return set(reference.provinces()["province_code"])


def _clean(name: str, values: Iterable[object] | None) -> tuple | None:
    """Return the values as a sorted tuple (None when empty), or raise naming the bad value."""
    if values is None:
        return None
    if isinstance(values, (str, int)):
        values = [values]
    items = tuple(sorted(set(values)))
    if not items:
        return None
    if name == "years":
        bad = [v for v in items if not isinstance(v, int) or not 2012 <= v <= 2100]
        if bad:
            raise ValueError(f"years: {bad[0]!r} is not a C.E. fiscal year (a whole number such as 2025)")
        return items
    allowed = _allowed(name)
    bad = [v for v in items if v not in allowed]
    if bad:
        raise ValueError(f"{name}: {bad[0]!r} is not allowed; choose from {sorted(allowed)}")
    return items


@dataclass(frozen=True)
class Filters:
    """Which agency-years to include: the dataset, fiscal years (C.E.), type codes, type groups, regions, provinces.

    dataset None reads the default dataset (the newest real one, else the demo); datasets are never mixed. None or an
    empty list means no filter. Region 'central_admin' selects central agencies (no province), 'not_stated' local
    bodies whose province was not given.
    """

    dataset: str | None = None
    years: tuple[int, ...] | None = None
    types: tuple[str, ...] | None = None
    groups: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    provinces: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.dataset is not None and not (isinstance(self.dataset, str) and DATASET_NAME.fullmatch(self.dataset)):
            raise ValueError(f"dataset: {str(self.dataset)[:80]!r} is not a dataset name")
        for name in ("years", "types", "groups", "regions", "provinces"):
            object.__setattr__(self, name, _clean(name, getattr(self, name)))

    def params(self) -> dict[str, object]:
        """Return the filters as bound parameters for the ita_filtered macro."""
        return {name: list(value) if isinstance(value, tuple) else value for name, value in vars(self).items()}
