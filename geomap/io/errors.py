"""The error an all-or-nothing import raises: every bad record, with where it is and why."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem", "BadRecordsError"]


@dataclass(frozen=True)
class Problem:
    """One bad record: its line in the file (1-based; None when unknown) and what is wrong."""

    line: int | None
    message: str
    record: int | None = None  # 1-based position among the records (rows, features)

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.record is not None:
            where.append(f"record {self.record}")
        return f"{', '.join(where) or 'file'}: {self.message}"


class BadRecordsError(ValueError):
    """An import found bad records and imported nothing; ``problems`` lists them all."""

    def __init__(self, name: str, problems: list[Problem]) -> None:
        self.name = name
        self.problems = list(problems)
        first = "; ".join(str(p) for p in self.problems[:3])
        more = f" (and {len(self.problems) - 3} more)" if len(self.problems) > 3 else ""
        count = len(self.problems)
        super().__init__(f"{name}: {count} bad record{'s' if count != 1 else ''}, nothing "
                         f"imported: {first}{more}")
