"""What a cell's text means: numbers as people in Thailand type them, and characters that must not be stored.

Python's `\\d` and float() accept every Unicode digit (and float() underscores, "nan" and "inf"): a number here is
ASCII digits, or Thai digits ๐–๙ (real Thai files use them), matched whole by a pattern before float() sees it.
"""

from __future__ import annotations

import re
import unicodedata

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
#: A plain decimal number as people type it (no exponent: "1e3" in a score column is a typo, not 1000).
DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
#: A decimal number, with an exponent allowed (statistics offices write 1.5E-03).
NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
#: Thousands separated by commas: 1,250 or 21,500.75.
THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
#: Line breaks and tabs inside a cell: kept as a space.
_SPACING = re.compile(r"[\t\n\r]+")
#: C0 and C1 control characters (never shown, and illegal in XLSX), and the bidirectional embeddings, overrides
#: and isolates that make text read in a different order than it is stored.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def ascii_digits(text: str) -> str:
    """Return text with Thai digits ๐–๙ as ASCII digits; other characters unchanged."""
    return text if text.isascii() else text.translate(THAI_DIGITS)


def decimal(text: str, pattern: re.Pattern = DECIMAL) -> float | None:
    """Return text (ASCII or Thai digits) as a float when the whole of it matches pattern, else None.

    -0 is returned as 0.0, so a stored value never prints as "-0".
    """
    text = ascii_digits(text)
    if not pattern.fullmatch(text):
        return None
    return float(text) + 0.0


def without_controls(text: str) -> str:
    """Return text with line breaks and tabs as one space and every other control character removed."""
    return _CONTROL.sub("", _SPACING.sub(" ", text)).strip()


def has_controls(text: str) -> bool:
    """Return whether without_controls would change text (ignoring its ends)."""
    return bool(_SPACING.search(text) or _CONTROL.search(text))


def is_hidden(char: str) -> bool:
    """Return whether char is a control or format character (zero-width, joiners, direction marks …)."""
    return unicodedata.category(char) in ("Cc", "Cf")


def visible(text: str) -> str:
    """Return text with each control or format character written as <U+XXXX>, so a message shows it."""
    return "".join(f"<U+{ord(c):04X}>" if is_hidden(c) else c for c in text)
