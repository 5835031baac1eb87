"""The error every importer raises: all problems in a file at once, each naming row, column and value."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in an input file; row is the spreadsheet row (header = 1), None for the whole file."""

    message: str
    row: int | None = None
    column: str | None = None
    value: object = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(str(self.column))
        prefix = ", ".join(where)
        shown = "" if self.value is None or self.value == "" else f"{self.value} "
        return f"{prefix}: {shown}{self.message}" if prefix else f"{shown}{self.message}"


class InputFileError(ValueError):
    """Raised when an input file is invalid; nothing has been written."""

    def __init__(self, file_name: str, problems: list[Problem], hints: list[str] | None = None):
        self.file_name = file_name
        self.problems = list(problems)
        self.hints = list(hints or [])
        shown = "\n".join(f"  {file_name}: {p}" for p in self.problems[:200])
        more = len(self.problems) - 200
        tail = f"\n  … and {more} more" if more > 0 else ""
        notes = "".join(f"\n{hint}" for hint in self.hints)
        super().__init__(f"{file_name}: {len(self.problems)} problem(s); nothing was imported\n{shown}{tail}{notes}")
