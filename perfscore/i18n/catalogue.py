"""The message catalogue: every key with its Chinese and its English template, gathered from
the modules that hold them by subject (findings, errors, the command line's help)."""

from __future__ import annotations

from .error_texts import ERRORS
from .file_error_texts import FILE_ERRORS
from .finding_texts import FINDINGS
from .help_texts import HELP
from .value_error_texts import VALUE_ERRORS

#: The texts messages are worded from, by key: (Chinese template, English template). Both
#: templates of a key have the same `{placeholders}` (tests/test_i18n.py walks them).
CATALOGUE: dict[str, tuple[str, str]] = {
    "text": ("{text}", "{text}"),  # perfscore.i18n.verbatim: text given as it is
    **FINDINGS,
    **ERRORS,
    **FILE_ERRORS,
    **HELP,
    **VALUE_ERRORS,
}

#: How many keys the parts hold together: more than CATALOGUE when two parts share a key.
PART_KEYS = (
    1 + len(FINDINGS) + len(ERRORS) + len(FILE_ERRORS) + len(HELP) + len(VALUE_ERRORS)
)
