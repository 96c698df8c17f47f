"""Words a person reads, Chinese first: the message catalogue and the language setting.

A `Message` is a key of the catalogue (`perfscore.i18n.catalogue.CATALOGUE`: a Chinese and an
English template each) and the values of its placeholders; `Message.text(lang)` words it in
either language and `str(message)` in the language set. The setting, first that applies: the
command line's `--lang` (`set_language`), the environment's `PERFSCORE_LANG`, the locale
(`LC_ALL`, `LC_MESSAGES`, `LANG`: the first set; one starting with `en` is English), else
Chinese. Data stay data: a finding keeps its check code and an error its fields, whatever the
language.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .catalogue import CATALOGUE

#: The languages messages are written in, the first the default.
LANGUAGES = ("zh", "en")
#: The environment variable that chooses the language over the locale.
LANGUAGE_VARIABLE = "PERFSCORE_LANG"
#: The locale's variables, in the order POSIX reads them for messages.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_chosen: dict[str, str] = {}  # "lang": what set_language chose, when it chose


def set_language(lang: str | None) -> None:
    """Choose the language of every message from now on; None goes back to the environment."""
    if lang is None:
        _chosen.pop("lang", None)
        return
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    _chosen["lang"] = lang


def language_of(value: str) -> str | None:
    """The language a setting such as `en_US.UTF-8`, `zh_CN` or `en` names, None for another
    (`C`, `POSIX`, `fr_FR`)."""
    head = value.strip().lower()[:2]
    return head if head in LANGUAGES else None


def environment_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language `PERFSCORE_LANG` names when set, else None (an unknown value is None, and
    `perfscore` refuses it at start-up: `unknown_language_setting`)."""
    value = (os.environ if environ is None else environ).get(LANGUAGE_VARIABLE, "")
    return language_of(value) if value.strip() else None


def unknown_language_setting(environ: Mapping[str, str] | None = None) -> str | None:
    """`PERFSCORE_LANG`'s value when it is set to something that is not a language."""
    value = (os.environ if environ is None else environ).get(LANGUAGE_VARIABLE, "")
    return value if value.strip() and language_of(value) is None else None


def locale_language(environ: Mapping[str, str] | None = None) -> str:
    """English when the first locale variable set starts with `en`, else Chinese."""
    env = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else LANGUAGES[0]
    return LANGUAGES[0]


def language() -> str:
    """The language messages are worded in now (see the module's docstring)."""
    return _chosen.get("lang") or environment_language() or locale_language()


@dataclass(frozen=True)
class Message:
    """A catalogue key and its placeholders' values (a value may be a Message itself, worded in
    the same language)."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str | None = None) -> str:
        """The message in `lang` (default: the language set)."""
        lang = lang or language()
        template = CATALOGUE[self.key][LANGUAGES.index(lang)]
        return template.format(**{k: _worded(v, lang) for k, v in self.params})

    def both(self) -> dict[str, str]:
        """The message in every language, by language."""
        return {lang: self.text(lang) for lang in LANGUAGES}

    def replaced(self, old: str, new: str) -> Message:
        """The same message with `old` replaced by `new` in its text values (a spooled file's
        name by the name the user gave)."""
        params = tuple((k, _replaced(v, old, new)) for k, v in self.params)
        return Message(self.key, params)

    def __str__(self) -> str:
        return self.text()


def _worded(value: Any, lang: str) -> Any:
    """A placeholder's value in `lang`: a Message worded, a tuple of them listed."""
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, tuple):
        separator = CATALOGUE["list.separator"][LANGUAGES.index(lang)]
        return separator.join(str(_worded(v, lang)) for v in value)
    return value


def words(key: str, **params: Any) -> str:
    """The catalogue's message `key` worded in the language set (`say(key, ...).text()`)."""
    return say(key, **params).text()


def _replaced(value: Any, old: str, new: str) -> Any:
    if isinstance(value, Message):
        return value.replaced(old, new)
    return value.replace(old, new) if isinstance(value, str) else value


def say(key: str, **params: Any) -> Message:
    """The catalogue's message `key` with these placeholder values; KeyError for a key the
    catalogue lacks (tests/test_i18n.py checks every key the code says is there)."""
    if key not in CATALOGUE:
        raise KeyError(f"no message {key!r} in the catalogue")
    return Message(
        key, tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())
    )


def verbatim(text: str) -> Message:
    """Text given as it is, the same in every language: a plugin's own words, a message not
    (yet) in the catalogue."""
    return Message("text", (("text", text),))


def as_message(text: str | Message) -> Message:
    """`text` as a Message (`verbatim` when it is a plain string)."""
    return text if isinstance(text, Message) else verbatim(text)


__all__ = [
    "LANGUAGES",
    "LANGUAGE_VARIABLE",
    "Message",
    "as_message",
    "language",
    "say",
    "set_language",
    "verbatim",
    "words",
]
