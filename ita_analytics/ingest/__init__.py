"""Importers: each reads a file, validates all of it, then writes it atomically or not at all."""
from .cpi import CpiImportSummary, import_cpi
from .errors import InputFileError, Problem
from .ita import ItaImportSummary, import_ita

__all__ = ["CpiImportSummary", "InputFileError", "ItaImportSummary", "Problem", "import_cpi", "import_ita"]
