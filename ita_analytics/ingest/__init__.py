"""Importers: each reads a file, validates all of it, then writes it atomically or not at all."""

from .cpi import CpiImportSummary, import_cpi
from .errors import InputFileError, Problem
from .indicator import IndicatorImportSummary, import_indicator, remove_indicator
from .ita import ItaImportSummary, import_ita

__all__ = [
    "CpiImportSummary",
    "IndicatorImportSummary",
    "InputFileError",
    "ItaImportSummary",
    "Problem",
    "import_cpi",
    "import_indicator",
    "import_ita",
    "remove_indicator",
]
