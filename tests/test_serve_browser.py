"""The upload page in a real browser: Debian's Chromium, headless, driven by Playwright, against
a real `perfscore serve` process. An evaluator uploads a filled-in form and sees the 评分表;
types the data instead; downloads the xlsx; is told in the page what is wrong with a bad file.

Skipped, with the reason, only where Chromium (or Playwright) is absent. With
PERFSCORE_SCREENSHOTS=DIR it also saves the page as DIR/serve-upload.png (docs/serve.md's)."""

from __future__ import annotations

import os
import shutil
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import processes
import pytest

import perfscore
from perfscore.explain import score_text
from perfscore.forms.writer import write_form

pytest.importorskip("starlette", reason="the extra perfscore[serve] is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)",
                allow_module_level=True)  # fmt: skip


ROOT = Path(__file__).resolve().parent.parent
HECHENG = ROOT / "examples" / "hecheng-2020.yaml"
FW = "department-common"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, process: object, seconds: float = 60.0) -> None:
    """Until the server takes connections (bounded: fails after `seconds`)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        assert process.poll() is None, "perfscore serve exited"
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"perfscore serve did not listen on {port} within {seconds} s")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    args = [sys.executable, "-m", "perfscore", "serve", "--port", str(port)]
    with processes.spawn(args, stdout=processes.subprocess.DEVNULL,
                         stderr=processes.subprocess.DEVNULL) as process:  # fmt: skip
        wait_for(port, process)
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def filled_form(tmp_path: Path) -> Path:
    fw = perfscore.load_framework(FW)
    path = tmp_path / "鹤城区-填报表.xlsx"
    path.write_bytes(write_form(fw, perfscore.load_record(HECHENG)))
    return path


def test_an_uploaded_form_shows_its_score_table(
    server: str, browser: object, filled_form: Path, tmp_path: Path
) -> None:
    expected = perfscore.load_framework(FW).evaluate(perfscore.read_data(filled_form))
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    page.goto(server + "/")
    page.locator("#upload select[name=framework]").select_option(FW)
    page.locator("#upload input[type=file]").set_input_files(str(filled_form))
    page.locator("#upload button[type=submit]").click()
    table = page.locator("#result table")
    table.wait_for(timeout=30_000)
    assert f"总分 {score_text(expected.total)} 分" in page.locator("#result p.summary").inner_text()
    leaves = sum(1 for _ in perfscore.load_framework(FW).leaves())
    assert table.locator("tbody tr").count() >= leaves
    assert "绩效目标合理性" in table.inner_text()
    with page.expect_download() as info:
        page.get_by_text("下载 xlsx").click()
    saved = tmp_path / "downloaded.xlsx"
    info.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    shots = os.environ.get("PERFSCORE_SCREENSHOTS")
    if shots:
        page.screenshot(path=str(Path(shots) / "serve-upload.png"), full_page=False)
    page.close()


def test_typed_data_score_in_the_page(server: str, browser: object) -> None:
    page = browser.new_page()
    page.goto(f"{server}/?framework={FW}")
    assert "编制数" in page.locator("#typed textarea").input_value()  # a record to fill in
    page.locator("#typed select[name=framework]").select_option(FW)
    page.locator("#typed textarea").fill(HECHENG.read_text("utf-8"))
    page.locator("#typed button[type=submit]").click()
    page.locator("#result table").wait_for(timeout=30_000)
    total = perfscore.load_framework(FW).evaluate(perfscore.load_record(HECHENG)).total
    assert f"总分 {score_text(total)} 分" in page.locator("#result").inner_text()
    page.close()


def test_a_bad_upload_is_told_in_the_page(server: str, browser: object, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("编制数,在职人员数\n三十七,31\n", "utf-8")
    page = browser.new_page()
    page.goto(server + "/")
    page.locator("#upload input[type=file]").set_input_files(str(bad))
    page.locator("#upload button[type=submit]").click()
    alert = page.locator("p.error")
    alert.wait_for(timeout=30_000)
    assert "bad.csv" in alert.inner_text() and "Traceback" not in page.content()
    page.close()
