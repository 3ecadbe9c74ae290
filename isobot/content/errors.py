"""One exception type for broken project files, so start-up fails loudly and names the file."""

from __future__ import annotations

from pathlib import Path


class ContentError(ValueError):
    """A content or rules file is missing, unreadable or invalid.

    The message always starts with the file's path and, where there is one, the bad key.
    """

    def __init__(self, path: Path | str, problem: str, key: str | None = None) -> None:
        where = f"{path}: {key}: " if key else f"{path}: "
        super().__init__(where + problem)
        self.path = str(path)
        self.key = key
