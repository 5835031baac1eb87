"""Which agencies something covers: the nation, or one ministry, region, province or agency type.

A briefing's scope (briefing.Scope) and a monitoring unit (oversight.Unit) are both such a choice; they
differ only in the kinds they allow and the word their errors begin with.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import ClassVar, Self

from . import reference
from .i18n import t

KINDS = ("national", "ministry", "region", "province", "type")


def codes(kind: str) -> list[str]:
    """Return the codes a region, province or agency type may have, in the order pickers offer them."""
    return list(_codes(kind))


# Kept per process: pickers name every option, and the oversight page every peer, on each rerun.
@functools.cache
def _codes(kind: str) -> tuple[str, ...]:
    if kind == "region":
        return (*reference.REGIONS, reference.CENTRAL_ADMIN)
    if kind == "province":
        return tuple(reference.provinces()["province_code"])
    if kind == "type":
        return tuple(reference.agency_types()["type_code"])
    raise ValueError(f"{kind!r} has no fixed list of codes")


@functools.cache
def _names(kind: str, lang: str) -> dict[str, str]:
    table, key = (reference.agency_types(), "type_code") if kind == "type" else (reference.provinces(), "province_code")
    return dict(zip(table[key], table["name_en" if lang == "en" else "name_th"]))


@dataclass(frozen=True)
class AgencyScope:
    """The nation (no code), a ministry (by name), or a region, province or agency type (by code)."""

    kind: str = "national"
    code: str | None = None
    #: The word errors begin with, as the command line's option is called.
    NOUN: ClassVar[str] = "scope"
    #: The kinds allowed, in the order they are offered.
    KINDS: ClassVar[tuple[str, ...]] = KINDS

    def __post_init__(self) -> None:
        if self.kind not in self.KINDS:
            forms = [k if k == "national" else f"{k}:{'NAME' if k == 'ministry' else 'CODE'}" for k in self.KINDS]
            raise ValueError(f"{self.NOUN}: {self.kind!r} must be {', '.join(forms[:-1])} or {forms[-1]}")
        if self.kind == "national" and self.code is not None:
            raise ValueError(f"{self.NOUN}: national takes no code")
        if self.kind == "ministry" and not (self.code or "").strip():
            raise ValueError(f"{self.NOUN}: ministry needs its name, e.g. ministry:กระทรวงมหาดไทย")
        if self.kind in ("region", "province", "type") and self.code not in _codes(self.kind):
            raise ValueError(f"{self.NOUN}: {self.kind}:{self.code} is unknown; choose from {sorted(codes(self.kind))}")

    @classmethod
    def parse(cls, text: str) -> Self:
        """Return the scope written as national or KIND:CODE (ministry:NAME; a province by its name too)."""
        kind, _, code = text.strip().partition(":")
        code = code.strip()
        if kind == "province" and code:
            code = reference.match_province(code) or code
        return cls(kind, code or None)

    @property
    def text(self) -> str:
        """Return the scope as written on the command line ('national', 'type:sao', …)."""
        return self.kind if self.code is None else f"{self.kind}:{self.code}"

    def name(self, lang: str) -> str:
        """Return the scope's name in the language ('ทั้งประเทศ', 'อบต.', 'ภาคเหนือ', 'เชียงใหม่')."""
        if self.kind == "national":
            return t("scope_national", lang)
        if self.kind == "ministry":  # named in Thai by the data; in English from data/ministries.csv
            return str(reference.ministry_name(self.code, lang))
        if self.kind == "region":
            return t(f"region_{self.code}", lang)
        return _names(self.kind, lang)[self.code]
