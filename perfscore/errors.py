"""One exception family for everything perfscore rejects.

Every error says where it is: the file, the line, the indicator code or data field, and what was
expected. The command line catches `PerfscoreError` in one place and prints `str(error)`; no
yaml, jsonschema or simpleeval exception escapes the public API. The message is a
`perfscore.i18n.Message` (words from the catalogue, in the language set) or text given as it is.
"""

from __future__ import annotations

from .i18n import Message, as_message, verbatim


class PerfscoreError(Exception):
    """Base of every error perfscore raises on bad input.

    `exit_code` is what the command line exits with: 1 when input is rejected, 2 for usage errors.
    """

    exit_code = 1

    def __init__(
        self,
        message: str | Message,
        *,
        file: str | None = None,
        line: int | None = None,
        path: str | None = None,
        field: str | None = None,
    ) -> None:
        self.said = as_message(message)
        super().__init__(self.said.text())
        self.file = file
        self.line = line
        self.path = path
        self.field = field

    @property
    def message(self) -> str:
        """The message in the language set (`said.text(lang)` for another)."""
        return self.said.text()

    @message.setter
    def message(self, text: str) -> None:
        self.said = verbatim(text)

    def where(self) -> str:
        """`file:line: path: field` — the parts that are known."""
        parts = []
        if self.file:
            parts.append(self.file + (f":{self.line}" if self.line else ""))
        if self.path:
            parts.append(self.path)
        if self.field and self.field != self.path:
            parts.append(self.field)
        return ": ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class FrameworkError(PerfscoreError):
    """A framework file is malformed, inconsistent beyond repair, or unsafe."""


class FormulaError(FrameworkError):
    """A formula is not allowed (unknown name, forbidden syntax, too long or deep)."""


class DataError(PerfscoreError):
    """Base data cannot be scored: a missing field, a non-number, a value out of range."""


class MissingDataError(DataError):
    """The data do not give a field or input an indicator reads; `field` names it and `path`
    the indicator (reconcile then leaves that indicator unchecked rather than stop)."""


class UsageError(PerfscoreError):
    """The command was called wrongly (unknown format, missing file argument)."""

    exit_code = 2


class PluginError(PerfscoreError):
    """An installed plugin (an entry point of `perfscore.rules` or `perfscore.data_readers`) cannot
    be loaded or registered: the message names the entry point and its distribution."""


class OutputError(PerfscoreError):
    """An output file cannot be written: no such directory, not a regular file, a full disk."""
