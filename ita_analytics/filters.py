"""The filters every aggregation takes, checked against allow-lists before they reach SQL."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import reference

GROUPS = ("central", "provincial", "local")


def _allowed(name: str) -> set[str]:
    if name == "types":
        return set(reference.agency_types()["type_code"])
    if name == "groups":
        return set(GROUPS)
    if name == "regions":
        return {*reference.REGIONS, reference.CENTRAL_ADMIN}
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
    """Which agency-years to include: fiscal years (C.E.), type codes, type groups, regions, provinces.

    None or an empty list means no filter. Region 'central_admin' selects agencies with no province.
    """

    years: tuple[int, ...] | None = None
    types: tuple[str, ...] | None = None
    groups: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    provinces: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        for name in ("years", "types", "groups", "regions", "provinces"):
            object.__setattr__(self, name, _clean(name, getattr(self, name)))

    def params(self) -> dict[str, list | None]:
        """Return the filters as bound parameters for the ita_filtered macro."""
        return {name: list(value) if value is not None else None for name, value in vars(self).items()}
