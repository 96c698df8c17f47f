"""The xlsx 评分表 on paper: rendered to PDF by LibreOffice and read back page by page
(pdftotext) — A4 landscape, page numbers, a 二级 group never split across pages, 合计 never alone,
the 评分说明 sheet's sentences whole, a Chinese face for the text."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import perfscore
from perfscore.render import FORMATS
from perfscore.render.table import groups, layout
from perfscore.result import Result
from perfscore.xlsxstyle import FONT

ROOT = Path(__file__).resolve().parent.parent
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice (soffice) or poppler-utils (pdftotext) is not installed: "
    "apt-get install -y --no-install-recommends libreoffice-calc poppler-utils",
)
#: LibreOffice measures column widths with the workbook's default font, Calibri: without
#: Carlito (metric-compatible) it measures with a wider face and the page is laid out wider
needs_carlito = pytest.mark.skipif(
    shutil.which("fc-list") is None
    or "Carlito" not in subprocess.run(["fc-list"], capture_output=True, text=True).stdout,
    reason="Carlito (fonts-crosextra-carlito, LibreOffice's Calibri) is not installed",
)
EXAMPLES = ["hecheng-2020", "xundian-2023", "hecheng-2020-project-1", "wuhua-2023"]


def _result(name: str) -> Result:
    record = perfscore.load_record(ROOT / "examples" / f"{name}.yaml")
    assert record.framework is not None
    return perfscore.load_framework(record.framework).evaluate(record)


def to_pdf(path: Path, tmp: Path) -> Path:
    """`path` converted by LibreOffice, with a profile of its own (runs may be concurrent)."""
    assert SOFFICE is not None
    profile = (tmp / "lo-profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp / (path.stem + ".pdf")
    assert pdf.exists()
    return pdf


def pages_of(pdf: Path) -> list[str]:
    assert PDFTOTEXT is not None
    out = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60
    ).stdout.decode()
    return out.split("\f")[:-1]


def _on(page: str, code: str, name: str) -> bool:
    """Whether the leaf's label starts on `page` (its name may wrap after a few characters)."""
    return re.search(rf"(?<![\w.]){re.escape(code)}\s+{re.escape(name[:2])}", page) is not None


@pytest.fixture(scope="module", params=EXAMPLES)
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp(request.param)
    result = _result(request.param)
    data = FORMATS["xlsx"](result)
    assert isinstance(data, bytes)
    path = tmp / f"{request.param}.xlsx"
    path.write_bytes(data)
    return result, pages_of(to_pdf(path, tmp)), tmp / f"{request.param}.pdf"


@needs_soffice
@needs_carlito
def test_every_group_of_the_scoring_sheet_is_on_one_page_and_total_is_not_alone(
    printed: tuple[Result, list[str], Path],
) -> None:
    result, pages, _ = printed
    end = next(i for i, page in enumerate(pages) if "一级指标得分" in page)
    sheet = pages[:end]
    assert 1 <= len(sheet) <= 6, len(sheet)
    table = layout(result)
    for first, last in groups(table):
        leaves = [row.leaf for row in table.rows[first : last + 1]]
        where = {
            i for i, page in enumerate(sheet) for leaf in leaves if _on(page, leaf.code, leaf.name)
        }
        assert len(where) == 1, (leaves[0].code, sorted(where))
    total_page = next(page for page in sheet if re.search(r"^\s*合计\s", page, re.M))
    assert any(_on(total_page, leaf.code, leaf.name) for leaf in result.leaves())
    assert "评价人" in total_page and "复核人" in total_page
    for n, page in enumerate(pages, 1):
        assert f"第 {n} 页，共 {len(pages)} 页" in page


@needs_soffice
@needs_carlito
def test_the_scoring_sheet_is_one_page_wide(printed: tuple[Result, list[str], Path]) -> None:
    """Every column's header is on every page of the 评分表 (nothing printed on a second page to
    the right), the header row repeated."""
    result, pages, _ = printed
    end = next(i for i, page in enumerate(pages) if "一级指标得分" in page)
    level = "三级指标" if layout(result).depth >= 3 else "二级指标"
    heads = [level, "指标解释", "数据来源", "得分说明"]
    for page in pages[:end]:
        assert all(head in page for head in heads), page[:300]


@needs_soffice
def test_explanation_sheet_prints_every_sentence_whole(
    printed: tuple[Result, list[str], Path],
) -> None:
    result, pages, _ = printed
    start = next(i for i, page in enumerate(pages) if "一级指标得分" in page)
    text = re.sub(r"\s+", "", "".join(pages[start:]))
    paragraphs = [p for p in perfscore.explain_text(result).split("\n") if p.strip()]
    for paragraph in paragraphs:
        assert re.sub(r"\s+", "", paragraph) in text, paragraph


@needs_soffice
def test_text_is_set_in_a_chinese_face(printed: tuple[Result, list[str], Path]) -> None:
    """The PDF embeds a CJK face for the text, and the font the workbook names resolves, for
    Chinese text, to a face that covers Chinese (fontconfig: LibreOffice's way to a face)."""
    _, _, pdf = printed
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"CJK|WenQuanYi|Song|Hei|Ming", fonts), fonts
    if shutil.which("fc-match"):
        langs = subprocess.run(
            ["fc-match", "-f", "%{lang}", f"{FONT}:lang=zh-cn"], capture_output=True, text=True
        ).stdout
        assert "zh-cn" in langs.split("|")
