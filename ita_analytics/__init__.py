"""ita_analytics: load, check and aggregate Thailand's ITA results and TI's CPI (no UI here)."""

from .aggregate import (
    ASEAN,
    agency_history,
    asean_comparison,
    by_agency_type,
    by_province,
    by_region,
    cpi_series,
    cpi_sources,
    national_series,
    ranked_agencies,
    rating_distribution,
    tool_indicator_means,
)
from .build import build_database
from .db import connect, query
from .filters import Filters
from .ingest import InputFileError, import_cpi, import_indicator, import_ita
from .template import write_template

__all__ = [
    "ASEAN",
    "Correlation",
    "Filters",
    "InputFileError",
    "agency_history",
    "asean_comparison",
    "build_database",
    "by_agency_type",
    "by_province",
    "by_region",
    "connect",
    "correlation",
    "cpi_series",
    "cpi_sources",
    "import_cpi",
    "import_indicator",
    "import_ita",
    "national_series",
    "query",
    "ranked_agencies",
    "rating_distribution",
    "tool_indicator_means",
    "within_correlation",
    "write_template",
]


def __getattr__(name: str) -> object:
    """Load the statistics lazily: scipy.stats costs the command line most of a second at start-up."""
    if name in ("Correlation", "correlation", "within_correlation"):
        from . import stats

        return getattr(stats, name)
    raise AttributeError(f"module 'ita_analytics' has no attribute {name!r}")
