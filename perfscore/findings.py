"""A finding: what a check reports about a framework or a record, as data, worded in either
language (`perfscore.i18n`), its file named by its name alone in what a person is handed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .i18n import Message, say, verbatim


@dataclass(frozen=True)
class Finding:
    """What a check found: its level ("error": the framework contradicts itself; "warning";
    "info"), its check code, what it says (`said`: a catalogue message, worded in the language
    set by `message` and in either by `text(lang)`), and where: indicator, file and line."""

    level: str
    check: str
    said: Message
    code: str | None = None
    file: str | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.said, str):  # a plugin's own words
            object.__setattr__(self, "said", verbatim(self.said))

    @property
    def message(self) -> str:
        """What the finding says, in the language set."""
        return self.said.text()

    def text(self, lang: str | None = None) -> str:
        """What the finding says, in `lang` (default: the language set)."""
        return self.said.text(lang)

    def severity(self, lang: str | None = None) -> str:
        """The level in words: 错误 / 警告 / 提示 (error / warning / info)."""
        return say(f"level.{self.level}").text(lang)

    def place(self, *, full_path: bool = False) -> str:
        """`file:line`, the file by its name alone unless `full_path` (what a deliverable
        prints: never the folders of the machine it was made on)."""
        file = self.file if full_path or not self.file else file_name(self.file)
        return ":".join(str(p) for p in (file, self.line) if p)

    def describe(self, lang: str | None = None, *, full_path: bool = False) -> str:
        """One line: where, the indicator, the level and check, what it says."""
        head = f"{self.severity(lang)} [{self.check}]"
        parts = [p for p in (self.place(full_path=full_path), self.code, head) if p]
        return ": ".join(parts) + f": {self.text(lang)}"

    def __str__(self) -> str:
        return self.describe(full_path=True)

    def to_dict(self, lang: str | None = None, *, full_path: bool = False) -> dict[str, Any]:
        """The finding as data: its message in `lang` (default: the language set) and, under
        `messages`, in every language; the file by its name alone unless `full_path`.
        """
        file = self.file if full_path or not self.file else file_name(self.file)
        data: dict[str, Any] = {
            "level": self.level,
            "check": self.check,
            "message": self.text(lang),
        }
        data |= {k: v for k, v in (("code", self.code), ("file", file)) if v is not None}
        if self.line is not None:
            data["line"] = self.line
        return data | {"messages": self.said.both()}


def file_name(path: str) -> str:
    """A file's name without its folders (either separator)."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]
