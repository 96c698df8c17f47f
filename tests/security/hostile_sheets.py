"""Hostile .ods, .xls and .xlsb files for the security tests, made from the LibreOffice-saved
fixtures (tests/fixtures/sheets) by patching them — an .ods's content.xml rewritten, an .xls's
BIFF record overwritten in place — or, for .xlsb (which LibreOffice does not write), a zip of
binary records written here; and small .ods tables written straight as XML."""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from hostile_files import rewrite

CONTENT = "content.xml"
_ROW_END = b"</table:table-row>"
_LABELSST = b"\xfd\x00\x0a\x00"  # a LABELSST record's header: type 0x00FD, 10 bytes
_DIMENSIONS = b"\x00\x02\x0e\x00"  # type 0x0200, 14 bytes


def _cell(text: str, repeat: int = 1, extra: str = "") -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{repeated}{extra}>'
        f"<text:p>{text}</text:p></table:table-cell>"
    )


def after_first_row(xml_rows: str) -> Callable[[bytes], bytes]:
    """content.xml with `xml_rows` inserted after the first row of the first sheet."""

    def change(xml: bytes) -> bytes:
        return xml.replace(_ROW_END, _ROW_END + xml_rows.encode(), 1)

    return change


def ods_far_cell() -> Callable[[bytes], bytes]:
    """A value 1,048,000 blank rows and 16,000 blank cells away (the blanks repeated)."""
    return after_first_row(
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
        'table:number-columns-repeated="16384"/></table:table-row><table:table-row>'
        f'<table:table-cell table:number-columns-repeated="16000"/>{_cell("x")}'
        "</table:table-row>"
    )


def ods_repeated(rows: int, columns: int) -> Callable[[bytes], bytes]:
    """A row holding a value repeated `columns` times, itself repeated `rows` times."""
    return after_first_row(
        f'<table:table-row table:number-rows-repeated="{rows}">{_cell("x", columns)}'
        "</table:table-row>"
    )


def ods_span(rows: int, columns: int) -> Callable[[bytes], bytes]:
    """A cell spanning `rows` × `columns`."""
    span = f' table:number-rows-spanned="{rows}" table:number-columns-spanned="{columns}"'
    return after_first_row(f"<table:table-row>{_cell('x', 1, span)}</table:table-row>")


def patch_xls(src: Path, dst: Path, header: bytes, values: Sequence[int], fmt: str) -> Path:
    """`src` with the last record whose header is `header` given `values` (packed as `fmt`)
    at the start of its data: an .xls record rewritten in place, its length unchanged."""
    data = bytearray(src.read_bytes())
    at = data.rindex(header) + 4
    struct.pack_into(fmt, data, at, *values)
    dst.write_bytes(bytes(data))
    return dst


def xls_far_cell(src: Path, dst: Path, row: int = 65535, column: int = 255) -> Path:
    """A text cell moved to (`row`, `column`), 0-based: IV65536 by default."""
    return patch_xls(src, dst, _LABELSST, (row, column), "<HH")


def xls_dimension(src: Path, dst: Path, rows: int, columns: int) -> Path:
    """The first sheet's DIMENSIONS record declaring `rows` rows and `columns` columns."""
    data = src.read_bytes()
    at = data.index(_DIMENSIONS) + 4
    patched = bytearray(data)
    struct.pack_into("<IIHH", patched, at, 0, rows, 0, columns)
    dst.write_bytes(bytes(patched))
    return dst


def xls_huge_merge(src: Path, dst: Path) -> Path:
    """The first merged range of `src` widened to A1:IV65536."""
    data = bytearray(src.read_bytes())
    record = re.compile(rb"\xe5\x00(..)(..)", re.DOTALL)  # type, length, count
    found = record.search(data)
    while found is not None:
        length, count = struct.unpack("<HH", found[1] + found[2])
        if count and length == 2 + 8 * count:
            break
        found = record.search(data, found.start() + 1)
    assert found is not None, "no MERGEDCELLS record"
    struct.pack_into("<HHHH", data, found.end(), 0, 65535, 0, 255)
    dst.write_bytes(bytes(data))
    return dst


def xls_loop(src: Path, dst: Path) -> Path:
    """`src` whose directory's sector chain points at itself (a loop in the FAT)."""
    data = bytearray(src.read_bytes())
    shift = struct.unpack_from("<H", data, 30)[0]
    directory = struct.unpack_from("<I", data, 48)[0]
    fat_sector = struct.unpack_from("<I", data, 76)[0]
    struct.pack_into("<I", data, ((fat_sector + 1) << shift) + 4 * directory, directory)
    dst.write_bytes(bytes(data))
    return dst


def _xlsb_record(kind: int, data: bytes) -> bytes:
    def varint(value: int) -> bytes:
        out = b""
        while True:
            byte, value = value & 0x7F, value >> 7
            out += bytes([byte | (0x80 if value else 0)])
            if not value:
                return out

    return varint(kind) + varint(len(data)) + data


def xlsb(dst: Path, *, dimension: tuple[int, int], cell: tuple[int, int]) -> Path:
    """A zip with an .xlsb's workbook.bin and one sheet whose BrtWsDim declares `dimension`
    (last row, last column, 0-based) and which holds one number at `cell` (row, column)."""
    row, column = cell
    records = [
        _xlsb_record(148, struct.pack("<IIII", 0, dimension[0], 0, dimension[1])),
        _xlsb_record(0, struct.pack("<I", row) + b"\x00" * 13),
        _xlsb_record(5, struct.pack("<II", column, 0) + struct.pack("<d", 1.0)),
    ]
    with zipfile.ZipFile(dst, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.bin", b"")
        book.writestr("xl/worksheets/sheet1.bin", b"".join(records))
    return dst


def ods(src: Path, dst: Path, change: Callable[[bytes], bytes]) -> Path:
    """`src` (an .ods) with its content.xml changed."""
    return rewrite(src, dst, CONTENT, change)


ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
    '<office:body><office:spreadsheet><table:table table:name="units">'
)
ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods_table(dst: Path, rows: str) -> Path:
    """An .ods whose one sheet, "units", holds `rows` (table:table-row elements as XML)."""
    with zipfile.ZipFile(dst, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("META-INF/manifest.xml", MANIFEST)
        book.writestr(CONTENT, ODS_HEAD + rows + ODS_TAIL)
    return dst
