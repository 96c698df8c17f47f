"""Chinese first, English on request (issue 15 item 2): the catalogue, the language setting, and
what a person reads — lint, score, help, errors, the deliverables' 检查发现 — in each language."""

from __future__ import annotations

import ast
import csv
import html
import io
import re
import shutil
import string
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfscore import load_framework
from perfscore.cli import main
from perfscore.cli_language import argparse_message, language_from_argv
from perfscore.errors import DataError
from perfscore.findings import Finding, file_name
from perfscore.i18n import (
    LANGUAGES,
    Message,
    language,
    locale_language,
    say,
    set_language,
    verbatim,
)
from perfscore.i18n.catalogue import CATALOGUE, PART_KEYS
from perfscore.records import Record
from perfscore.rules.wording import QUOTE_LIMIT, quoted

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "perfscore"
BUNDLED = PACKAGE / "frameworks"
EXAMPLE = ROOT / "examples" / "xundian-2023.yaml"
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with no language chosen and no language in the environment."""
    for name in ("PERFSCORE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    set_language(None)
    yield
    set_language(None)


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


# ----------------------------------------------------------------------------- the catalogue


def test_every_key_has_both_languages_with_the_same_placeholders() -> None:
    assert len(CATALOGUE) == PART_KEYS, "two parts of the catalogue share a key"
    for key, texts in CATALOGUE.items():
        assert len(texts) == len(LANGUAGES), key
        zh, en = texts
        assert zh.strip() or key == "finding.range.check", key
        assert en.strip() or key == "finding.range.check", key
        assert _placeholders(zh) == _placeholders(en), key


def test_chinese_templates_are_chinese() -> None:
    """Every Chinese template that says something in words has Chinese characters in it."""
    wordless = {"text", "finding.named", "finding.unit-assumed", "finding.schema", "list.separator"}
    for key, (zh, _) in CATALOGUE.items():
        if key not in wordless and not key.startswith("help.") and key != "error.usage-prefix":
            assert HAN.search(zh), key


def _keys_said_in_code() -> Iterator[tuple[str, int, str]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("say", "words")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                yield path.relative_to(ROOT).as_posix(), node.lineno, node.args[0].value


def test_every_key_the_code_says_is_in_the_catalogue() -> None:
    said = list(_keys_said_in_code())
    assert len(said) > 100
    missing = [f"{file}:{line}: {key}" for file, line, key in said if key not in CATALOGUE]
    assert not missing, "\n".join(missing)


def test_a_key_not_in_the_catalogue_is_refused() -> None:
    with pytest.raises(KeyError):
        say("no.such.key")


def test_a_message_words_its_parts_in_its_own_language() -> None:
    message = say(
        "finding.direction",
        name="实际完成率",
        declared=say("words.direction.positive"),
        rewarded=say("words.rewards.lower"),
    )
    assert message.text("zh") == (
        "实际完成率标明为正向（越高越好），但评分标准奖励较低的值：指标方向与评分标准相反"
    )
    assert message.text("en") == (
        "实际完成率 is declared 正向 (higher is better) but its rule rewards lower values"
    )
    assert message.both() == {"zh": message.text("zh"), "en": message.text("en")}


def test_a_list_of_messages_is_joined_in_each_language() -> None:
    gaps = [say("finding.leaf-weights.gap", code=c, declared="2", leaves="1") for c in "XY"]
    message = say("finding.leaf-weights", name="n", weight="4", leaves="2", gaps=gaps)
    assert "X标明2分，其末级指标合计1分；Y标明2分" in message.text("zh")
    assert "X declared 2, its leaves 1; Y declared 2" in message.text("en")


@given(st.text(max_size=40))
def test_verbatim_text_is_the_same_in_every_language(text: str) -> None:
    message = verbatim(text)
    assert message.text("zh") == message.text("en") == text


@given(st.text(alphabet="预算制度健全执行ab12 ", max_size=60))
def test_a_quoted_point_keeps_its_ends(text: str) -> None:
    words = " ".join(text.split())
    shown = quoted(text)
    assert shown.startswith("“") and shown.endswith("”")
    inner = shown[1:-1]
    if len(words) <= QUOTE_LIMIT:
        assert inner == words
    else:
        head, tail = inner.split("…")
        assert words.startswith(head) and words.endswith(tail) and len(inner) <= QUOTE_LIMIT


# ----------------------------------------------------------------------------- the setting


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "C.UTF-8"}, "zh"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_MESSAGES": "en_GB", "LANG": "zh_CN"}, "en"),
        ({"LC_ALL": "", "LANG": "en"}, "en"),
    ],
)
def test_the_locale_chooses_english_only_when_it_says_en(
    environ: dict[str, str], expected: str
) -> None:
    assert locale_language(environ) == expected


def test_the_option_wins_over_the_variable_and_the_variable_over_the_locale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert language() == "en"
    monkeypatch.setenv("PERFSCORE_LANG", "zh")
    assert language() == "zh"
    set_language("en")
    assert language() == "en"
    set_language(None)
    assert language() == "zh"


def test_lang_is_read_anywhere_before_a_double_dash() -> None:
    assert language_from_argv(["--lang", "en", "lint", "x"]) == "en"
    assert language_from_argv(["lint", "x", "--lang=en"]) == "en"
    assert language_from_argv(["lint", "--", "--lang", "en"]) is None
    assert language_from_argv(["--lang", "fr"]) is None


def test_an_unknown_perfscore_lang_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PERFSCORE_LANG", "klingon")
    assert main(["lint", str(BUNDLED / "wuhua-2023.yaml")]) == 2
    assert "PERFSCORE_LANG=klingon" in capsys.readouterr().err


# ----------------------------------------------------------------------------- the command line


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_lint_speaks_chinese_by_default_and_english_when_asked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    framework = BUNDLED / "xundian-2023.yaml"
    code, chinese, _ = _run(capsys, "lint", framework)
    assert code == 1
    assert "错误 [weights]: 预算管理分值7分，下级指标合计3分" in chinese
    assert "7个错误，1个警告" in chinese
    code, english, _ = _run(capsys, "lint", framework, "--lang", "en")
    assert "error [weights]: 预算管理 is declared 7 points but its children add up to 3" in english
    assert "7 error(s), 1 warning(s)" in english
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert _run(capsys, "lint", framework)[1] == english
    assert _run(capsys, "--lang", "zh", "lint", framework)[1] == chinese


def test_lint_json_keeps_codes_and_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    _, out, _ = _run(capsys, "lint", BUNDLED / "xundian-2023.yaml", "-f", "json")
    found = json.loads(out)
    first = found[0]
    assert first["check"] == "weights" and first["level"] == "error"
    assert first["message"] == first["messages"]["zh"] != first["messages"]["en"]
    assert Path(first["file"]).is_absolute() or "/" in first["file"]  # lint names the path


def test_score_findings_follow_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    code, chinese, _ = _run(capsys, "score", "xundian-2023", EXAMPLE)
    assert code == 0
    assert "- xundian-2023.yaml:250: B1: 错误 [weights]: 预算管理分值7分，下级指标合计3分" in (
        chinese
    )
    code, english, _ = _run(capsys, "score", "xundian-2023", EXAMPLE, "--lang", "en")
    assert "B1: error [weights]: 预算管理 is declared 7 points" in english
    totals = [line for line in chinese.splitlines() if "合计" in line][:1]
    assert totals and totals[0] in english  # the 评分表 is the same in either language


def test_help_is_chinese_by_default_and_english_with_lang_en(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["score", "--help"])
    chinese = capsys.readouterr().out
    assert chinese.startswith("用法：perfscore score")
    assert "为一条记录计分，输出评分表" in chinese and "显示本帮助并退出" in chinese
    with pytest.raises(SystemExit):
        main(["score", "--help", "--lang", "en"])
    english = capsys.readouterr().out
    assert english.startswith("usage: perfscore score")
    assert "score one record and print the 评分表" in english
    assert main([]) == 0
    assert "按 YAML 指标框架为预算绩效评价计分" in capsys.readouterr().out


def test_a_missing_argument_is_worded_in_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["score"])
    assert exit_.value.code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("perfscore score：错误：")


def test_argparse_messages_perfscore_knows_are_reworded() -> None:
    set_language("zh")
    assert argparse_message("the following arguments are required: data") == (
        "缺少必需的参数：data"
    )
    assert argparse_message("some message perfscore does not know") == (
        "some message perfscore does not know"
    )
    set_language("en")
    assert argparse_message("unrecognized arguments: --x") == "unrecognized arguments: --x"


@pytest.mark.parametrize(
    ("argv", "chinese", "english"),
    [
        (["lint", "no-such-framework"], "没有名为“no-such-framework”的框架", "no framework file"),
        (["lint", "missing.yaml"], "文件不存在", "no such file"),
        (["score", "wuhua-2023", "data.toml"], "无法读取“.toml”文件", "cannot read '.toml'"),
        (["score", "wuhua-2023", "-", "--data-format", "ini"], "的值“ini”未知", "unknown --data"),
        (["score", "wuhua-2023", "x.yaml", "-f", "pdf"], "未知的格式“pdf”", "unknown format"),
    ],
)
def test_the_command_lines_own_errors_in_each_language(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    chinese: str,
    english: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.yaml").write_text("values: {}\n", encoding="utf-8")
    code, _, err = _run(capsys, *argv)
    assert code in (1, 2)
    assert err.startswith("perfscore：错误：") and chinese in err, err
    code, _, err = _run(capsys, *argv, "--lang", "en")
    # English keeps the prefix scripts match ("perfscore: error: " from argparse, else
    # "perfscore: " before the message)
    assert err.startswith("perfscore: "), err
    assert english in err and "错误" not in err, err


def test_missing_input_and_zero_denominator_in_each_language() -> None:
    fw = load_framework(BUNDLED / "wuhua-2023.yaml")
    with pytest.raises(DataError) as caught:
        fw.evaluate({})
    error = caught.value
    assert error.field and error.said.key in ("error.missing-input", "error.missing-field")
    assert "缺少" in error.said.text("zh") and "missing" in error.said.text("en")
    zero = say("error.zero-denominator", formula="`a / b`", detail=" (b = 0)")
    assert "分母为0" in zero.text("zh") and "zero denominator" in zero.text("en")


def test_an_error_is_pickled_with_its_words() -> None:
    import pickle

    error = DataError(say("error.no-such-file"), file="a.csv", line=3)
    again = pickle.loads(pickle.dumps(error))
    assert again.said == error.said and again.file == "a.csv" and again.line == 3
    set_language("en")
    assert str(again) == "a.csv:3: no such file"


# ----------------------------------------------------------------------------- deliverables


def test_a_finding_names_its_file_by_its_name() -> None:
    finding = Finding("warning", "x", verbatim("t"), "A1", "/home/someone/f/框架.yaml", 3)
    assert finding.place() == "框架.yaml:3"
    assert finding.describe("zh") == "框架.yaml:3: A1: 警告 [x]: t"
    assert finding.describe("en") == "框架.yaml:3: A1: warning [x]: t"
    assert finding.to_dict()["file"] == "框架.yaml"
    assert file_name(r"C:\Users\x\框架.yaml") == "框架.yaml"
    assert Finding("info", "x", "plain").severity("zh") == "提示"


def _texts_of_xlsx(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return html.unescape(
            "".join(
                book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml")
            )
        )


@pytest.mark.parametrize("fmt", ["md", "html", "xlsx", "csv", "json"])
def test_no_deliverable_holds_the_frameworks_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    folder = tmp_path / "deep" / "机器上的目录"
    folder.mkdir(parents=True)
    framework = folder / "寻甸框架.yaml"
    shutil.copy(BUNDLED / "xundian-2023.yaml", framework)
    out = tmp_path / f"评分表.{fmt}"
    assert main(["score", str(framework), str(EXAMPLE), "-o", str(out)]) == 0
    capsys.readouterr()
    raw = out.read_bytes()
    text = _texts_of_xlsx(raw) if fmt == "xlsx" else raw.decode("utf-8-sig")
    assert str(tmp_path) not in text and "机器上的目录" not in text
    if fmt != "csv":  # the csv holds the 评分表 alone
        assert "寻甸框架.yaml" in text
    if fmt in ("md", "html", "xlsx"):
        assert "错误" in text and "预算管理分值7分，下级指标合计3分" in text


def test_the_xlsx_findings_sheet_gives_severity_in_chinese(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "out.xlsx"
    assert main(["score", "xundian-2023", str(EXAMPLE), "-o", str(out)]) == 0
    sheet = load_workbook(out)["检查发现"]
    levels = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert levels <= {"错误", "警告", "提示"} and "错误" in levels
    places = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(place.startswith("xundian-2023.yaml") for place in places)


def test_the_csv_has_no_path_either(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert main(["score", "xundian-2023", str(EXAMPLE), "-o", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows and not any("/" in cell and ".yaml" in cell for row in rows for cell in row)


# ----------------------------------------------------------------------------- checklist reasons


def test_checklist_reasons_quote_the_points_text() -> None:
    fw = load_framework(BUNDLED / "department-common.yaml")
    result = fw.evaluate(_department_record(fw))
    reasons = [r for node in result.walk() if node.trace for r in node.trace.reasons]
    quoting = [r for r in reasons if r.startswith("“") and ("满足" in r or "扣" in r)]
    assert quoting, reasons[:10]
    assert not [r for r in reasons if re.match(r"要点\d+(未)?满足", r)]


def _department_record(fw: object) -> Record:
    """The example record of department-common (examples/hecheng-2020.yaml)."""
    from perfscore.readers import read_data

    return read_data(ROOT / "examples" / "hecheng-2020.yaml")


def test_a_point_without_text_is_named_by_its_number() -> None:
    from perfscore.rules.wording import point_named

    assert point_named("3", "") == "要点3"
    assert point_named("3", "制度健全") == "“制度健全”"
    assert point_named("2", "符合“三定”方案") == "“符合‘三定’方案”"


def test_messages_are_data_a_caller_can_word() -> None:
    message = Message("finding.grades.duplicate")
    assert message.text("zh") == "两个等级同名"
    assert message.text("en") == "two grade bands share a name"
