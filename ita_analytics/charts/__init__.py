"""Charts: pure functions from the library's DataFrames to plotly Figures, in Thai or English (no UI here)."""

from . import cpi, ita, maps, theme
from .theme import TEMPLATE, source_note

__all__ = ["TEMPLATE", "cpi", "ita", "maps", "source_note", "theme"]
