"""The printed look of the 评价报告: an A4 page, 宋体 text and 黑体 headings set as East Asian
fonts, the Chinese language, page numbers, and the cell helpers the tables use.

python-docx sets a run's Latin font only; a Chinese face is the `w:eastAsia` attribute of
`w:rFonts`, and the template's theme fonts (a Japanese face, ＭＳ 明朝, in its font table) are
dropped so they cannot win. Word has no fallback list in `w:rFonts`: the fallback is the font
table's entry for 宋体 — its other name SimSun, the GB2312 charset and its PANOSE — from which
Word (and WPS) picks a Chinese face where 宋体 is missing; LibreOffice picks one by the text's
language, set to zh-CN here (docs/report.md).
"""

from __future__ import annotations

import re
from typing import Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

#: (East Asian face, its other name, PANOSE) of the text and of the headings
SONG = ("宋体", "SimSun", "02010600030101010101")
HEI = ("黑体", "SimHei", "02010609060101010101")
LATIN = "Times New Roman"
LANGUAGE = "zh-CN"
#: pt sizes as Chinese documents name them: 小四 12, 小五 9, 小二 18
BODY, TABLE, TITLE = 12, 9, 18

#: heading styles of the template, by level (1: the report's 一、 sections, 2: （一）…)
HEADINGS = {1: ("Heading 1", 16), 2: ("Heading 2", 14), 3: ("Heading 3", 12)}


def east_asian(rpr: Any, face: str, latin: str = LATIN) -> None:
    """Set `rpr` (a w:rPr) to `face` for Chinese and `latin` for the rest, theme fonts off."""
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for name in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(name), latin)
    fonts.set(qn("w:eastAsia"), face)


def _language(rpr: Any) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


#: A4 (mm) and the margins of every page
A4 = (210, 297)
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = 25, 25, 22


def page(section: Any, *, landscape: bool = False) -> None:
    """`section` on A4, upright or turned (the 评分表's pages), with the report's margins."""
    short, long = Mm(A4[0]), Mm(A4[1])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.left_margin = section.right_margin = Mm(MARGIN_SIDE)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP), Mm(MARGIN_BOTTOM)


def new_page(document: Any, *, landscape: bool) -> None:
    """Start a section on a new page, turned or upright; the footer carries on."""
    page(document.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)


def text_width_mm(landscape: bool) -> int:
    return (A4[1] if landscape else A4[0]) - 2 * MARGIN_SIDE


def set_up(document: Any) -> None:
    """The page, the defaults and the styles the report uses."""
    section = document.sections[0]
    page(section)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    east_asian(rpr, SONG[0])
    _language(rpr)
    _styles(document)
    _font_table(document)
    _page_numbers(section)


def _styles(document: Any) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(BODY)
    east_asian(normal.element.get_or_add_rPr(), SONG[0])
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.25
    title = styles["Title"]
    _heading_style(title, TITLE)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    pbdr = title.element.get_or_add_pPr().find(qn("w:pBdr"))
    if pbdr is not None:  # the template's Title has a rule under it
        pbdr.getparent().remove(pbdr)
    for name, size in HEADINGS.values():
        _heading_style(styles[name], size)


def _heading_style(style: Any, size: float) -> None:
    style.font.size = Pt(size)
    style.font.bold = True
    style.font.color.rgb = RGBColor(0, 0, 0)
    east_asian(style.element.get_or_add_rPr(), HEI[0])
    style.paragraph_format.space_before = Pt(12)
    style.paragraph_format.space_after = Pt(6)


def _font_table(document: Any) -> None:
    """Declare 宋体 and 黑体 in the font table with their other names, charset and PANOSE."""
    part = next(
        p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml"
    )
    table = parse_xml(part.blob)
    for face, other, panose in (SONG, HEI):
        table.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{face}"><w:altName w:val="{other}"/>'
                f'<w:panose1 w:val="{panose}"/><w:charset w:val="86"/><w:family w:val="auto"/>'
                '<w:pitch w:val="variable"/></w:font>'
            )
        )
    part._blob = serialize_part_xml(table)  # a plain Part: python-docx keeps its bytes


def _page_numbers(section: Any) -> None:
    """第 N 页 centred in the footer (a PAGE field)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("第 ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind is None:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._r.append(code)
            continue
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
    paragraph.add_run(" 页")


#: what follows w:shd in a cell's properties (the schema's order, which Word holds to)
_AFTER_SHADING = ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")


def shade(cell: Any, colour: str) -> None:
    """Fill a table cell with `colour` (hex RGB), in its place among the cell's properties."""
    properties = cell._tc.get_or_add_tcPr()
    shading = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{colour}"/>')
    later = [properties.find(qn(f"w:{tag}")) for tag in _AFTER_SHADING]
    found = [element for element in later if element is not None]
    if found:
        found[0].addprevious(shading)
    else:
        properties.append(shading)


def repeat_as_header(row: Any) -> None:
    """Print `row` at the top of every page the table runs onto; never split it."""
    trpr = row._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        trpr.append(element)


#: characters XML 1.0 cannot hold (python-docx refuses them): dropped from every text
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """`text` without the characters a Word file cannot hold."""
    return _NOT_XML.sub("", text)
