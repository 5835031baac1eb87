"""The error every importer raises: all problems in a file at once, each naming row, column and value."""

from __future__ import annotations

from dataclasses import dataclass

from .. import i18n


@dataclass(frozen=True)
class Problem:
    """One problem in an input file; row is the spreadsheet row (header = 1), None for the whole file.

    `message` is English (the command line, logs, the exception's text). A problem made with `labelled` also
    keeps its label key and values, so a page can say it in the reader's language (`text`); `column_number`
    names a column that has no header.
    """

    message: str
    row: int | None = None
    column: str | None = None
    value: object = None
    key: str | None = None
    params: tuple[tuple[str, object], ...] = ()
    column_number: int | None = None

    @classmethod
    def labelled(
        cls,
        key: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        column_number: int | None = None,
        **params: object,
    ) -> Problem:
        """Return the problem whose text is the label problem_<key> (data/labels/problems.csv) with params."""
        if column is None and column_number is not None:
            column = i18n.t("problem_column_number", "en").format(n=column_number)
        return cls(
            i18n.t(f"problem_{key}", "en").format(**params),
            row,
            column,
            value,
            key,
            tuple(params.items()),
            column_number,
        )

    def text(self, lang: str) -> str:
        """Return what is wrong in lang: the label when the problem has one, else the English message."""
        return i18n.t(f"problem_{self.key}", lang).format(**dict(self.params)) if self.key else self.message

    def column_text(self, lang: str) -> str | None:
        """Return the column as named in lang: its header, or "column N" for one without a header."""
        if self.column_number is not None:
            return i18n.t("problem_column_number", lang).format(n=self.column_number)
        return self.column

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
