"""The html 评分表 on paper: `@page` A4 landscape with page numbers, no cell that text can
overflow at any length (property test over the markup and the CSS, and headless Chromium
measuring every cell), checklist items in the framework's order; printed with Chromium."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.explain import value_text
from perfscore.render import FORMATS
from perfscore.render.html_format import CSS, column_widths
from perfscore.result import Result

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None or shutil.which("pdfinfo") is None,
    reason="headless Chromium or poppler-utils is not installed: "
    "apt-get install -y --no-install-recommends chromium poppler-utils",
)


@pytest.fixture(scope="module")
def result() -> Result:
    fw = perfscore.load_framework("department-common")
    return fw.evaluate(perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml"))


def _html(result: Result) -> str:
    page = FORMATS["html"](result)
    assert isinstance(page, str)
    return page


class _Cells(HTMLParser):
    """The class and text of every td of the 评分表."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, str]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "td":
            self._open.append([dict(attrs).get("class") or "", ""])

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._open:
            cls, text = self._open.pop()
            self.cells.append((cls, text))


def _rules(css: str) -> dict[str, str]:
    """selector -> declarations, for the CSS's plain rules."""
    out: dict[str, str] = {}
    for selectors, body in re.findall(r"([^{}@]+)\{([^{}]*)\}", css):
        for selector in selectors.split(","):
            out[selector.strip()] = out.get(selector.strip(), "") + body
    return out


def test_page_is_a4_landscape_with_page_numbers() -> None:
    assert re.search(r"@page\s*\{[^}]*size:\s*297mm 210mm", CSS)  # A4, landscape
    assert "counter(page)" in CSS and "counter(pages)" in CSS


@pytest.mark.parametrize("depth", range(1, 12))
def test_column_widths_add_up_and_give_the_leaf_names_room(depth: int) -> None:
    widths = column_widths(depth)
    assert sum(widths) == 100 and all(w > 0 for w in widths)
    assert widths[depth - 1] >= 12  # the leaves' names, the 三级指标 of a three-level tree


long_text = st.one_of(
    st.text(alphabet="0123456789.%", min_size=40, max_size=400),  # one unbroken number
    st.text(alphabet="评分细则得分说明预算执行率", min_size=40, max_size=400),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz/_-", min_size=40, max_size=400),  # a URL, a path
    st.text(min_size=1, max_size=300),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=long_text, value=long_text, criteria=long_text)
def test_no_cell_can_overflow_at_any_value_length(
    result: Result, name: str, value: str, criteria: str
) -> None:
    """Whatever length the texts are, each is in a cell whose CSS lets it break anywhere, none
    set not to wrap, in a fixed-layout table (its columns keep their widths)."""
    drawn = copy.deepcopy(result)
    leaf = next(leaf for leaf in drawn.leaves() if leaf.trace is not None and leaf.trace.formula)
    leaf.name, leaf.value, leaf.unit = name, value, ""
    assert leaf.trace is not None
    object.__setattr__(leaf.trace, "criteria", criteria)
    parser = _Cells()
    parser.feed(_html(drawn))
    texts = [_bare(text) for _, text in parser.cells]
    for part in (name, value, criteria):
        assert any(_bare(part) in text for text in texts), part
    rules = _rules(CSS)
    assert "table-layout: fixed" in rules["table"]
    assert re.search(r"overflow-wrap:\s*anywhere", rules["td"])
    for cls, _ in parser.cells:
        for name_ in cls.split():
            assert "nowrap" not in rules.get(f"td.{name_}", ""), name_
    assert "nowrap" not in rules["td"]


def _bare(text: str) -> str:
    """`text` without its white space (a line break in a cell is a <br>)."""
    return "".join(ch for ch in text if not ch.isspace())


def test_checklist_items_are_listed_in_the_frameworks_order(result: Result) -> None:
    b23 = result["B23"]
    assert b23.value == ("预算", "执行", "决算", "监督", "绩效")  # as the framework lists them
    assert value_text(b23.value, "", 2) == "预算、执行、决算、监督、绩效"
    assert "预算、执行、决算、监督、绩效" in _html(result)


_MEASURE = """<script>
const bad = [];
document.querySelectorAll("td, th").forEach((cell) => {
  if (cell.scrollWidth > cell.clientWidth + 1) bad.push(cell.textContent.slice(0, 60));
});
document.body.setAttribute("data-overflow", JSON.stringify(bad));
</script>"""


def _chromium(tmp: Path, *args: str) -> str:
    assert CHROMIUM is not None
    out = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp / 'c'}",
         *args],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return out.stdout.decode()


@needs_chromium
def test_chromium_measures_no_overflowing_cell_with_long_values(
    result: Result, tmp_path: Path
) -> None:
    """In a window as wide as an A4 landscape page, no cell's content is wider than the cell,
    with a long unbroken value, name and rule text in one row."""
    drawn = copy.deepcopy(result)
    leaf = next(leaf for leaf in drawn.leaves() if leaf.trace is not None and leaf.trace.formula)
    leaf.name = "很长的指标名称" * 12
    leaf.value, leaf.unit = "1234567890" * 12 + "%", ""
    assert leaf.trace is not None
    object.__setattr__(leaf.trace, "criteria", "https://example.org/" + "a" * 200)
    page = tmp_path / "page.html"
    page.write_text(_html(drawn).replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    dom = _chromium(tmp_path, "--window-size=1047,800", "--dump-dom", page.as_uri())
    found = re.search(r'data-overflow="([^"]*)"', dom)
    assert found, dom[-500:]
    assert json.loads(found.group(1).replace("&quot;", '"')) == []


@needs_chromium
def test_chromium_prints_a4_landscape_pages_with_numbers(result: Result, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(_html(result), encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    width, height = map(float, re.search(r"Page size:\s*([\d.]+) x ([\d.]+)", info).groups())  # type: ignore[union-attr]
    assert abs(width - 841.9) < 2 and abs(height - 595.3) < 2  # A4, landscape
    pages = int(re.search(r"Pages:\s*(\d+)", info).group(1))  # type: ignore[union-attr]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert f"第 1 页，共 {pages} 页" in text
    for leaf in result.leaves():
        assert leaf.code in text
