"""The shared sidebar: the language switch and the filters (fiscal year, type group and type, region, province)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ita_analytics import aggregate, datasets, i18n, reference
from ita_analytics.filters import GROUPS, Filters

from . import cache
from .url_state import relabel, url_multiselect, url_radio, url_select, whole_number


def current_language() -> str:
    """Return the language chosen in the sidebar ('th' unless the user picked English)."""
    return st.session_state.get("lang") or i18n.DEFAULT_LANGUAGE


def language() -> str:
    """Show the language switch in the sidebar and return 'th' or 'en'."""
    return url_radio(
        "ภาษา / Language",
        i18n.LANGUAGES,
        "lang",
        i18n.DEFAULT_LANGUAGE,
        horizontal=True,
        format_func=lambda code: {"th": "ไทย", "en": "English"}[code],
        on_change=relabel,
    )


def _dataset_label(row: object, lang: str) -> str:
    kind = i18n.t("dataset_synthetic" if row.synthetic else "dataset_real", lang)
    years = (
        ""
        if pd.isna(row.first_year)
        else " · " + "–".join(dict.fromkeys(i18n.year_label(int(y), lang) for y in (row.first_year, row.last_year)))
    )
    return f"{row.dataset} ({kind}{years})"


def dataset(version: cache.Version, lang: str, shown: bool = True) -> str | None:
    """Show the dataset picker (kept in the URL as ?dataset=NAME) and return the dataset chosen: the newest real
    one unless the link or the reader chose another; None when the database holds no results."""
    held = cache.data(version, datasets.datasets)
    if held.empty:
        return None
    labels = {row.dataset: _dataset_label(row, lang) for row in held.itertuples()}
    names = list(labels)
    return url_select(
        i18n.t("dataset", lang),
        names,
        "dataset",
        names[0],
        shown=shown,
        format_func=labels.get,
        help=i18n.t("dataset_help", lang),
    )


def filters(
    version: cache.Version, lang: str, year: bool = True, agencies: bool = True, dataset_shown: bool = True
) -> tuple[int, Filters]:
    """Show the shared filters a page uses (the dataset, the fiscal year; type group and type, region and province);
    return (year, filters). Filters the page does not use are not drawn, but keep their values for the pages that
    do."""
    chosen_dataset = dataset(version, lang, shown=dataset_shown)
    years = cache.data(version, aggregate.national_series, Filters(dataset=chosen_dataset))["fiscal_year"]
    years = years.tolist()[::-1]
    if not years:
        return 0, Filters(dataset=chosen_dataset)
    chosen_year = url_select(
        i18n.t("fiscal_year", lang),
        years,
        "year",
        years[0],
        cast=whole_number,
        shown=year,
        format_func=lambda y: i18n.year_label(y, lang),
    )
    types = reference.agency_types()
    everything = {"placeholder": i18n.t("all", lang), "shown": agencies}
    groups = url_multiselect(
        i18n.t("type_group", lang),
        list(GROUPS),
        "group",
        format_func=lambda g: i18n.t(f"group_{g}", lang),
        **everything,
    )
    offered = types[types["type_group"].isin(groups)] if groups else types
    names = dict(zip(types["type_code"], types["short_en" if lang == "en" else "short_th"]))
    chosen_types = url_multiselect(
        i18n.t("agency_type", lang), offered["type_code"].tolist(), "type", format_func=names.get, **everything
    )
    regions = url_multiselect(
        i18n.t("region", lang),
        [*reference.REGIONS, reference.CENTRAL_ADMIN],
        "region",
        format_func=lambda r: i18n.t(f"region_{r}", lang),
        **everything,
    )
    provinces = reference.provinces()
    in_regions = provinces[provinces["region"].isin(regions)] if regions else provinces
    province_names = dict(zip(provinces["province_code"], provinces["name_en" if lang == "en" else "name_th"]))
    chosen_provinces = url_multiselect(
        i18n.t("province", lang),
        in_regions["province_code"].tolist(),
        "province",
        format_func=province_names.get,
        **everything,
    )
    return chosen_year, Filters(
        dataset=chosen_dataset, types=chosen_types, groups=groups, regions=regions, provinces=chosen_provinces
    )


def page_context() -> tuple[str, cache.Version, int, Filters]:
    """Return (language, database version, fiscal year, filters) for a page, or stop it with the reason."""
    lang = current_language()
    version = cache.database_version(lang)
    if version is None:
        st.stop()
    year, chosen = st.session_state.get("filters", (0, Filters()))
    return lang, version, year, chosen


def is_filtered(chosen: Filters) -> bool:
    """Return whether any agency filter is set."""
    return any(value is not None for key, value in vars(chosen).items() if key not in ("years", "dataset"))
