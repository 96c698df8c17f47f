"""Which text encoding a CSV (or other text input) is in: one decision for every reader.

People's CSV files come from Excel or WPS: UTF-8 with a BOM ("CSV UTF-8"), plain UTF-8 (most
other programs), GB18030/GBK/GB2312 ("CSV (逗号分隔)" on a Chinese Windows) and, now and then,
UTF-16 with its BOM ("Unicode 文本"). `detect_encoding(prefix)` decides from the first bytes
(at most `PREFIX_BYTES`), so that a large table can then be streamed with the chosen codec:

1. a BOM decides: UTF-8 BOM -> "utf-8-sig", UTF-16 LE/BE BOM -> "utf-16";
2. else the prefix is tried as UTF-8 and as GB18030 (which contains GBK and GB2312); a
   multi-byte character cut at the end of the prefix is not an error (incremental decoding);
3. when both read, the more plausible text wins: one whose characters are ASCII, common
   Chinese (GB2312) characters and punctuation beats one with rare characters, private-use
   code points or stray Latin letters — the mojibake that the wrong guess gives; a tie goes
   to UTF-8.

Short texts can be truly ambiguous (the two bytes C2 B7 are "·" in UTF-8 and "路" in GBK); a
file with Chinese text in it is told apart reliably. Files in other encodings (Big5,
Shift-JIS, Latin-1 …) are not guessed: they read as one of these or are refused.
"""

from __future__ import annotations

import codecs
import csv
import functools
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, NamedTuple

from .errors import DataError
from .i18n import say

#: bytes looked at to decide (a whole form; the first rows of a big table)
PREFIX_BYTES = 64 * 1024
ENCODINGS = ("utf-8-sig", "utf-16", "gb18030")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_USUAL_SYMBOLS = frozenset("·×÷°±§¨ ≤≥≠≈‰℃№…—–‘’“”•※√∞∑")


def _read(data: bytes, encoding: str, final: bool) -> str | None:
    """`data` decoded, or None if it is not in `encoding` (a cut last character is fine unless
    `final`)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        return str(decoder.decode(data, final))
    except UnicodeDecodeError:
        return None


def _penalty(text: str, *, utf8: bool) -> int:
    """How implausible `text` is as a Chinese CSV read as UTF-8 (`utf8`) or as GB18030."""
    penalty = 0
    # two-byte UTF-8 sequences (U+0080..U+07FF) are what GBK text read as UTF-8 is made of
    # ("路" is C2 B7, "·" in UTF-8); in real UTF-8 Chinese text they are the odd symbol among
    # three-byte characters
    narrow = 0 if utf8 and any(ord(char) >= 0x800 for char in text) else 1
    for char in text:
        code = ord(char)
        if code < 0x80:
            if code < 0x20 and char not in "\t\r\n":
                penalty += 2
            continue
        if utf8 and code < 0x800 and char in _USUAL_SYMBOLS:
            penalty += narrow
            continue
        if 0x4E00 <= code <= 0x9FFF:
            # In UTF-8 a Chinese character takes a valid three-byte sequence, which other bytes
            # rarely form by chance; GB18030 reads almost any byte pair as some character,
            # often a rare one outside GB2312 (the mojibake of UTF-8 read as GBK).
            if not utf8 and not _in_gb2312(char):
                penalty += 1
            continue
        if char in _USUAL_SYMBOLS or 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E:
            continue  # Chinese punctuation, full-width forms
        category = unicodedata.category(char)
        if category in ("Co", "Cn", "Cc", "Cs") or code == 0xFFFD:
            penalty += 3  # private use, unassigned, control: the wrong codec
        else:
            penalty += 2  # Latin, Greek, Cyrillic, box drawing …: unlikely in these files
    return penalty


@functools.lru_cache(maxsize=8192)
def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def detect_encoding(prefix: bytes, *, complete: bool = False) -> str | None:
    """The codec name ("utf-8-sig", "utf-16" or "gb18030") that `prefix` — the first bytes of a
    file, or all of it when `complete` — is written in; None when it is none of them."""
    for bom, encoding in _BOMS:
        if prefix.startswith(bom):
            return encoding
    utf8 = _read(prefix, "utf-8", complete)
    if utf8 is not None and utf8.isascii():
        return "utf-8-sig"
    gb = _read(prefix, "gb18030", complete)
    if utf8 is None and gb is None:
        return _fewer_bad_bytes(prefix)
    if utf8 is None:
        return "gb18030"
    if gb is None:
        return "utf-8-sig"
    return "gb18030" if _penalty(gb, utf8=False) < _penalty(utf8, utf8=True) else "utf-8-sig"


def _fewer_bad_bytes(prefix: bytes) -> str | None:
    """Neither reads in full: the one that reads all but a few bytes (a bad cell in a table,
    which becomes an error row), if one does; else None."""
    best = None
    fewest = max(len(prefix) // 1000, 1)  # at most one bad byte in a thousand
    for encoding in ("utf-8", "gb18030"):
        text = prefix.decode(encoding, errors="surrogateescape")
        bad = sum(1 for char in text if "\udc80" <= char <= "\udcff")
        if bad <= fewest:
            best, fewest = encoding, bad - 1
    return None if best is None else ("utf-8-sig" if best == "utf-8" else best)


def encoding_name(encoding: str) -> str:
    """How messages name a codec: UTF-8, UTF-16, GB18030."""
    return {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "gb18030": "GB18030"}.get(encoding, encoding)


UNKNOWN_ENCODING = say("error.text.unknown-encoding")


def decode_text(raw: bytes, file: str) -> str:
    """All of a file's bytes as text, in the encoding `detect_encoding` decides from its start;
    DataError naming the file (and the line) when it cannot be decoded."""
    encoding = detect_encoding(raw[:PREFIX_BYTES], complete=len(raw) <= PREFIX_BYTES)
    if encoding is None:
        raise DataError(UNKNOWN_ENCODING, file=file)
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        name = encoding_name(encoding)
        raise DataError(
            say("error.text.not-valid", name=name),
            file=file,
            line=line,
        ) from None


#: the largest text file read whole (a CSV form: a form has some kilobytes)
MAX_TEXT_BYTES = 32 << 20


def read_text(path: str | Path, limit: int = MAX_TEXT_BYTES) -> str:
    """A text file of at most `limit` bytes decoded as `decode_text` does, read with a bounded
    read (a huge file or /dev/zero is refused, not held); DataError when it cannot be read."""
    file = str(path)
    try:
        with open(file, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise DataError(f"cannot read file: {exc.strerror or exc}", file=file) from None
    if len(raw) > limit:
        raise DataError(f"the file is larger than {limit:,} bytes, the limit for it", file=file)
    return decode_text(raw, file)


def sniff_file(path: str | Path) -> str | None:
    """The encoding of a file, decided from its first `PREFIX_BYTES`; None when it is none of
    the encodings read. OSError when it cannot be read."""
    with open(path, "rb") as handle:
        prefix = handle.read(PREFIX_BYTES + 1)
    return detect_encoding(prefix[:PREFIX_BYTES], complete=len(prefix) <= PREFIX_BYTES)


def decode_prefix(prefix: bytes, *, complete: bool) -> str | None:
    """The first bytes of a file as text (a character cut at the end is dropped, bad bytes
    replaced), for a look at its first lines; None when the encoding is none of those read."""
    encoding = detect_encoding(prefix, complete=complete)
    if encoding is None:
        return None
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return str(decoder.decode(prefix, complete))


# --------------------------------------------------------------------------- csv records

#: a quoted field may span at most this many physical lines (a cell typed with Alt+Enter)
MAX_RECORD_LINES = 100
#: a record — its line, or the lines one of its quoted fields spans — has at most this many
#: characters; one field at most `MAX_FIELD_CHARS` (Python's csv default: 131,072)
MAX_RECORD_CHARS = 1 << 20
MAX_FIELD_CHARS = 131_072


#: a physical line of a streamed text input (a CSV table, jsonl) is read at most this far
MAX_LINE_CHARS = MAX_RECORD_CHARS


class LongLine(str):
    """The start of a line longer than `MAX_LINE_CHARS` (`bounded_lines`; the rest is skipped)."""


def bounded_lines(text: IO[str], limit: int = MAX_LINE_CHARS) -> Iterator[str]:
    """The lines of `text` (newlines kept), each read at most `limit` characters far: a longer
    one is a `LongLine` holding its first 200 characters, the rest skipped unread into memory,
    so that one line of gigabytes costs no more than `limit`."""
    while True:
        line = text.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit:
            yield line
            continue
        start = LongLine(line[:200])
        while line and line[-1] not in "\r\n":
            line = text.readline(limit)
        yield start


class DamagedLine(NamedTuple):
    """A line that does not make a record (`csv_records`): why, and the line's text."""

    reason: str
    text: str


class _Cut(Exception):
    """The record being read cannot be one: its quote stays open too long or to the end."""


def csv_records(
    lines: Iterable[str], width: Callable[[], int | None] = lambda: None
) -> Iterator[tuple[int, list[str] | DamagedLine]]:
    """Records of a CSV text given as physical lines (newline="" kept): (line number of the
    record's first line, its cells), or (that line number, a `DamagedLine`).

    A record is one physical line, unless a field opened with a quote closes on a later line
    (followed by a comma or the line's end: read strictly, so that a stray quote does not pair
    with another stray one further down); such a record may span at most `MAX_RECORD_LINES`
    lines and `MAX_RECORD_CHARS` characters, and must have `width()` cells (the header's, when
    known; 0: the record must be one line). Otherwise — the quote is never closed, closes too
    late, or the lines it joins do not make one row of the table — the quote is taken as a stray
    one: the first line is a damaged record and reading resumes at the line after it. A field
    over `MAX_FIELD_CHARS` also makes its record a damaged one. Each line is read at most
    `MAX_RECORD_LINES` + 1 times, so the time is linear and the memory bounded.
    A blank line is an empty list of cells."""
    record = _Lines(lines)
    number = 1  # the line number of the record being read
    reader = csv.reader(record.feed(), strict=True)
    while True:
        record.start()
        read = _read_row(reader, record.taken)
        if read is None:
            return
        row, problem, lenient = read
        taken = record.taken
        if problem is None:
            expected = width()
            one = len(taken) == 1 and (not lenient or not expected)
            if one or expected is None or _fits(row, expected):
                yield number, row
                number += len(taken)
                continue
            problem = (
                f"a quote on this line is not where a CSV quote may be, and the line makes a row "
                f"of {len(row)} cells, not {expected}"
                if lenient
                else f"a quote opened on this line closes {len(taken) - 1} line(s) later, but "
                f"the lines it joins make a row of {len(row)} cells, not {expected}"
            )
        reason = f"{problem}; the line is read as a damaged record (a stray quote?)"
        yield number, DamagedLine(reason, taken[0] if taken else "")
        record.give_back()
        number += 1
        reader = csv.reader(record.feed(), strict=True)


class _Lines:
    """The physical lines `csv_records` reads a record from: the lines read ahead and to be
    read again (`pending`), and the current record's lines (`taken`), bounded in number and
    in size as they are fed to the csv reader."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.source = iter(lines)
        self.pending: deque[str] = deque()
        self.taken: list[str] = []
        self.size = 0

    def start(self) -> None:
        """A new record begins."""
        self.taken.clear()
        self.size = 0

    def give_back(self) -> None:
        """The current record is damaged: its lines after the first are to be read again."""
        self.pending.extendleft(reversed(self.taken[1:]))

    def feed(self) -> Iterator[str]:
        while True:
            if len(self.taken) >= MAX_RECORD_LINES:
                raise _Cut(f"a quoted field spans more than {MAX_RECORD_LINES} lines")
            if self.pending:
                line = self.pending.popleft()
            else:
                read = next(self.source, None)
                if read is None:
                    if self.taken:
                        raise _Cut("a quote opened on this line is not closed")
                    return
                line = read
            self.taken.append(line)
            if isinstance(line, LongLine):
                raise _Cut(f"the line is longer than {MAX_LINE_CHARS} characters")
            self.size += len(line)
            if self.size > MAX_RECORD_CHARS:
                raise _Cut(f"the record is longer than {MAX_RECORD_CHARS} characters")
            yield line


def _read_row(
    reader: Iterator[list[str]], taken: list[str]
) -> tuple[list[str], str | None, bool] | None:
    """The next row of `reader`, what kept it from being read (None: nothing) and whether it was
    read leniently (a quote amiss within one line, read as Excel reads it); None at the end."""
    try:
        return next(reader), None, False
    except StopIteration:
        return None
    except _Cut as exc:
        return [], str(exc), False
    except csv.Error as exc:
        problem = f"not a valid CSV row: {exc}"
        if len(taken) == 1:
            try:
                return next(csv.reader(taken), []), None, True
            except csv.Error:
                pass
        return [], problem, False


def _fits(row: list[str], width: int) -> bool:
    """Whether a row has the header's number of cells (more only if the extra ones are empty)."""
    return len(row) == width or (len(row) > width and not any(row[width:]))
