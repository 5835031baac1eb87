"""Importers: each reads a file, validates all of it, then writes it atomically or not at all."""
from .errors import InputFileError, Problem
from .ita import ItaImportSummary, import_ita

__all__ = ["InputFileError", "ItaImportSummary", "Problem", "import_ita"]
