"""Hostile spreadsheets for the security tests, made from a good one by rewriting its parts:
a far cell, a huge merged range, a padded part, a lying size header, broken XML, many rows."""

from __future__ import annotations

import re
import shutil
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

FAR_ROW = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def rewrite(src: Path, dst: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """`src` copied to `dst` with `part` replaced by `change(its bytes)`."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info.filename, change(data) if info.filename == part else data)
    return dst


def far_cell(xml: bytes) -> bytes:
    """A sheet with one more cell, at the last place a sheet has (XFD1048576)."""
    return xml.replace(b"</sheetData>", FAR_ROW.encode() + b"</sheetData>", 1)


def merged(ref: str) -> Callable[[bytes], bytes]:
    """A sheet with one more merged range, `ref` ("A20:XFD1048576")."""

    def change(xml: bytes) -> bytes:
        cell = f'<mergeCell ref="{ref}"/>'.encode()
        if b"<mergeCells" in xml:
            return re.sub(rb"(<mergeCells[^>]*>)", rb"\1" + cell, xml, count=1)
        return xml.replace(b"</sheetData>", b"</sheetData><mergeCells>" + cell + b"</mergeCells>")

    return change


def declared(ref: str) -> Callable[[bytes], bytes]:
    """A sheet whose <dimension> declares `ref`."""

    def change(xml: bytes) -> bytes:
        return re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml, count=1)

    return change


def broken(xml: bytes) -> bytes:
    """A sheet whose XML is cut short (not well-formed)."""
    return xml[: len(xml) // 2]


def padded(src: Path, dst: Path, part: str, size: int) -> Path:
    """`src` with `part` padded by `size` blank bytes inside its root element, streamed into
    the zip (nothing of that size is held in memory)."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename != part:
                new.writestr(info.filename, data)
                continue
            close = data.rindex(b"</")
            entry = zipfile.ZipInfo(info.filename)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with new.open(entry, "w", force_zip64=True) as out:
                out.write(data[:close])
                block = b" " * (1 << 20)
                left = size
                while left > 0:
                    out.write(block[: min(left, len(block))])
                    left -= len(block)
                out.write(data[close:])
    return dst


def lying(src: Path, dst: Path, part: str, size: int) -> Path:
    """`src` with `part` padded by `size` bytes but its central-directory entry (what zipfile
    reads) declaring the original size: a reader that trusts `file_size` reads more than it
    expects."""
    padded(src, dst, part, size)
    with zipfile.ZipFile(src) as old:
        true_size = old.getinfo(part).file_size
    raw = bytearray(dst.read_bytes())
    at = raw.index(b"PK\x01\x02")  # the central directory, after every entry's data
    while raw[at : at + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", raw, at + 28)
        name = bytes(raw[at + 46 : at + 46 + name_len]).decode()
        if name == part:
            struct.pack_into("<I", raw, at + 24, true_size)
        at += 46 + name_len + extra_len + comment_len
    dst.write_bytes(bytes(raw))
    return dst


def many_rows(dst: Path, rows: int, columns: int = 3) -> Path:
    """An .xlsx of `rows` rows written straight as XML (openpyxl would take long to write it)."""
    header = "".join(
        f'<c r="{chr(65 + c)}1" t="inlineStr"><is><t>h{c}</t></is></c>' for c in range(columns)
    )
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", RELS)
        book.writestr("xl/workbook.xml", WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(SHEET_HEAD.encode() + f'<row r="1">{header}</row>'.encode())
            for r in range(2, rows + 1):
                cells = "".join(f'<c r="{chr(65 + c)}{r}"><v>{r}</v></c>' for c in range(columns))
                out.write(f'<row r="{r}">{cells}</row>'.encode())
            out.write(b"</sheetData></worksheet>")
    return dst


def copy(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst


_NS = "http://schemas.openxmlformats.org"
_OFFICE = f"{_NS}/officeDocument/2006"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Types xmlns="{_NS}/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Relationships xmlns="{_NS}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_OFFICE}/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<workbook xmlns="{_NS}/spreadsheetml/2006/main" xmlns:r="{_OFFICE}/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Relationships xmlns="{_NS}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_OFFICE}/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<worksheet xmlns="{_NS}/spreadsheetml/2006/main"><sheetData>'
)
