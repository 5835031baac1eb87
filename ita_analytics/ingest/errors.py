"""The error every importer raises: all problems in a file at once, each naming row, column and value."""

from __future__ import annotations

from dataclasses import dataclass

from .. import i18n
from .limits import MAX_PROBLEMS, MAX_WARNINGS
from .text import visible


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
            where.append(visible(str(self.column)))
        prefix = ", ".join(where)
        # Control characters are written as <U+001B>: a message never moves a terminal's cursor or hides text.
        shown = "" if self.value is None or self.value == "" else f"{visible(str(self.value))} "
        return f"{prefix}: {shown}{self.message}" if prefix else f"{shown}{self.message}"


class Capped(list):
    """A list that keeps its first `limit` items and only counts the rest (`dropped`), so a junk file costs
    seconds and megabytes, not minutes and gigabytes. Add with `append`; check `full` before building an
    item that costs something."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit
        self.dropped = 0

    @property
    def full(self) -> bool:
        """Whether a further item would only be counted."""
        return len(self) >= self.limit

    @property
    def total(self) -> int:
        """Every item added, kept or not."""
        return len(self) + self.dropped

    def append(self, item: object) -> None:
        """Keep the item while there is room, else count it."""
        if self.full:
            self.dropped += 1
        else:
            super().append(item)

    def count_one(self) -> None:
        """Count an item without building it (the list is full)."""
        self.dropped += 1


class ProblemList(Capped):
    """The problems found in one file: the first MAX_PROBLEMS in full, then a count. A problem equal to one
    already added for the same row is not added again (a timeseries row is read once per year)."""

    def __init__(self, limit: int = MAX_PROBLEMS):
        super().__init__(limit)
        self._row: object = None
        self._row_problems: set = set()

    def append(self, item: object) -> None:
        """Add a problem unless the same one was added for its row already."""
        row = getattr(item, "row", None)
        if row != self._row:
            self._row, self._row_problems = row, set()
        try:
            if item in self._row_problems:
                return
            self._row_problems.add(item)
        except TypeError:  # a value that cannot be hashed: keep the problem
            pass
        super().append(item)

    def labelled(
        self, key: str, *, row: int | None = None, column: str | None = None, value: object = None, **params: object
    ) -> None:
        """Add Problem.labelled(key, …), building it only while there is room."""
        if len(self) >= self.limit:  # a junk file calls this millions of times: no property, nothing built
            self.dropped += 1
        else:
            self.append(Problem.labelled(key, row=row, column=column, value=value, **params))


class WarningList(Capped):
    """Warnings about one file (English text): the first MAX_WARNINGS in full, then a count."""

    def __init__(self, limit: int = MAX_WARNINGS):
        super().__init__(limit)

    def finished(self) -> list[str]:
        """Return the kept warnings, with "… and K more warnings" when some were only counted."""
        return [*self, *([f"… and {self.dropped} more warnings"] if self.dropped else [])]


class InputFileError(ValueError):
    """Raised when an input file is invalid; nothing has been written.

    `problems` holds at most MAX_PROBLEMS; `more` counts those beyond (a ProblemList passes its own count), and
    `count` is every problem found.
    """

    def __init__(self, file_name: str, problems: list[Problem], hints: list[str] | None = None, more: int = 0):
        self.file_name = file_name
        self.problems = list(problems[:MAX_PROBLEMS])
        self.more = more + getattr(problems, "dropped", 0) + len(problems) - len(self.problems)
        self.count = len(self.problems) + self.more
        self.hints = list(hints or [])
        shown = "\n".join(f"  {file_name}: {p}" for p in self.problems)
        tail = f"\n  … and {self.more} more" if self.more else ""
        notes = "".join(f"\n{hint}" for hint in self.hints)
        super().__init__(f"{file_name}: {self.count} problem(s); nothing was imported\n{shown}{tail}{notes}")
