"""The exception every rdopt call raises on bad input or failure."""

from __future__ import annotations


class RdoptError(Exception):
    """An rdopt call failed.

    Attributes:
        message: The message the ``rdopt`` command line prints after ``error:``.
        status: The command line's exit status: 2 for bad input, 1 for any other failure.
    """

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

    @property
    def is_bad_input(self) -> bool:
        """Whether the input was at fault (exit status 2)."""
        return self.status == 2
