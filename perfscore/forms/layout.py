"""The input form's layout: its sheet names, column headers, the 类型 values, and how a sheet
is told by its header row — the one place the form writer and the form reader agree on.

The reader goes by headers, not positions: a user may rename a sheet, add columns or move them,
and the form still reads. The writer lays the columns out in the order of the `*_HEADERS`
tuples, with the widths beside them.
"""

from __future__ import annotations

from dataclasses import dataclass

# --------------------------------------------------------------------------- sheets

FIELDS_SHEET, INPUTS_SHEET, SCORES_SHEET, SURVEY_SHEET, HELP_SHEET = (
    "基础数据",
    "评价输入",
    "得分",
    "问卷",
    "填写说明",
)
#: the sheets every form has: a rows sheet's title must differ from these
SHEETS = (FIELDS_SHEET, INPUTS_SHEET, SCORES_SHEET, SURVEY_SHEET, HELP_SHEET)
#: sheets that only the form has: a workbook with two of them is a form, whatever else it holds
FORM_SHEETS = frozenset({FIELDS_SHEET, INPUTS_SHEET, SCORES_SHEET})

# --------------------------------------------------------------------------- column headers

FIELD = "字段"  # a base-data field's name; on a survey sheet the survey field
UNIT = "单位"
VALUE = "填写值"  # the column to fill in
RANGE = "允许范围"
KIND = "类型"  # how the reader reads the 填写值: one of the 类型 values below
NOTE = "说明"
INPUT = "输入"  # an indicator input's name
POINT = "要点"  # a checklist item's id (评价输入)
INDICATOR = "指标"
CODE = "代码"
EXTERNAL = "外部提供得分"
REPORTED = "报告得分"
WEIGHT = "分值"
QUESTION_NUMBER, QUESTION, OPTION, ANSWERS = "题号", "题目", "选项", "份数"
CATEGORY = "类别"  # the CSV form: which part of the form a line belongs to
RECORD = "记录"  # the 类别 of the CSV form's 记录编号 / 评价对象 / 评价框架 lines

FIELD_HEADERS = (FIELD, UNIT, VALUE, RANGE, KIND, NOTE)
FIELD_WIDTHS = (26, 8, 16, 18, 8, 60)
#: read left to right: what to fill (the indicator, the point and its text) before the cell
INPUT_HEADERS = (INDICATOR, INPUT, POINT, NOTE, VALUE, UNIT, RANGE, KIND)
INPUT_WIDTHS = (24, 10, 8, 50, 10, 6, 14, 10)
SCORE_HEADERS = (CODE, INDICATOR, EXTERNAL, REPORTED, WEIGHT, KIND)
SCORE_WIDTHS = (8, 30, 12, 10, 8, 8)
SURVEY_HEADERS = (FIELD, QUESTION_NUMBER, QUESTION, OPTION, WEIGHT, ANSWERS)
SURVEY_WIDTHS = (20, 6, 40, 24, 8, 8)
HELP_WIDTH = 110
CSV_HEADERS = (CATEGORY, FIELD, POINT, VALUE, UNIT, RANGE, KIND, INDICATOR, NOTE, REPORTED)

#: the lines above the 基础数据 header (the 记录 lines of the CSV form): label -> the record's key
ID_LABEL, TITLE_LABEL, FRAMEWORK_LABEL = "记录编号", "评价对象", "评价框架"
META = {ID_LABEL: "id", TITLE_LABEL: "title", FRAMEWORK_LABEL: "framework"}
#: the 得分 sheet's last two lines: the total and the grade (code column)
TOTAL_KEY, GRADE_KEY = "合计", "等级"

# --------------------------------------------------------------------------- 类型 values

NUMBER, INTEGER, FLAG, SURVEY = "数值", "整数", "是否", "问卷"
POINTS, ITEM, COUNT, ITEMS = "评价人评分", "评价要点", "例数", "要点清单"
LEAF, PARENT = "指标", "汇总"  # on the 得分 sheet: an indicator scored, or a sum of others
#: what an 外部提供得分 cell says to mark its indicator 不适用 (the framework's not_applicable)
NOT_APPLICABLE = "不适用"

# --------------------------------------------------------------------------- rows sheets

# A sheet per `rows:` node (项目支出绩效自评表): one line per 三级指标, as perfscore.rows reads it.
ROWS_KEY_LABEL = "数据项"  # above the header: the data key the rows are listed under
GROUP, ROW_NAME, TARGET, ACTUAL = "二级指标", "三级指标", "年度指标值", "实际完成值"
LEVEL, SHARE, DEVIATION = "达成程度", "得分比例", "偏差原因分析及改进措施"
ROWS_HEADERS = (
    GROUP,
    ROW_NAME,
    TARGET,
    ACTUAL,
    WEIGHT,
    LEVEL,
    SHARE,
    CODE,
    REPORTED,
    NOTE,
    DEVIATION,
)
ROWS_WIDTHS = (12, 24, 16, 16, 7, 10, 9, 8, 9, 30, 24)
#: header -> the key of a row in perfscore.rows (报告得分 goes to reported.scores by 代码)
ROWS_COLUMNS = {
    GROUP: "group",
    ROW_NAME: "name",
    TARGET: "target",
    ACTUAL: "actual",
    WEIGHT: "weight",
    LEVEL: "level",
    SHARE: "share",
    CODE: "code",
    NOTE: "note",
    DEVIATION: "deviation",
}
#: a 自评表's separate 指标性质 (≥ ≤ = 定性) and 度量单位 columns, and 指标值 for 年度指标值: the
#: form lays them out for a table that splits its target so (`rows_headers`), and reads them
#: wherever a sheet has them
NATURE, MEASURE_UNIT, TARGET_ALIAS = "指标性质", "度量单位", "指标值"
ROWS_MORE_COLUMNS = {NATURE: "nature", MEASURE_UNIT: "unit", TARGET_ALIAS: "target"}
#: the split target's columns, in the place of 年度指标值, and their widths
ROWS_SPLIT_TARGET = ((NATURE, 8), (TARGET_ALIAS, 12), (MEASURE_UNIT, 8))
ROWS_REPORTED = REPORTED
#: a rows sheet may call its 报告得分 column 得分, as the 自评表 does
ROWS_REPORTED_ALIAS = "得分"
#: the cells of a row whose items share one 分值, merged over the items' lines
ROWS_MERGED = (GROUP, WEIGHT, CODE, ROWS_REPORTED)
#: cells written as text ("100%" typed in stays text, as rows.py reads it)
ROWS_TEXT = (TARGET, ACTUAL, ROW_NAME, NATURE, TARGET_ALIAS, MEASURE_UNIT)
#: cells the engine fills in when left blank (shaded grey)
ROWS_GREY = (GROUP, CODE)
ROWS_BLANK_PER_GROUP = 3  # lines an empty form offers under each declared 二级指标
ROWS_BLANK = 15  # lines an empty form offers when the framework declares no 二级指标


def rows_headers(split: bool) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """A rows sheet's headers and widths: `ROWS_HEADERS`, or with the target `split` over
    指标性质, 指标值 and 度量单位 in the place of 年度指标值."""
    if not split:
        return ROWS_HEADERS, ROWS_WIDTHS
    at = ROWS_HEADERS.index(TARGET)
    headers = (*ROWS_HEADERS[:at], *(h for h, _ in ROWS_SPLIT_TARGET), *ROWS_HEADERS[at + 1 :])
    widths = (*ROWS_WIDTHS[:at], *(w for _, w in ROWS_SPLIT_TARGET), *ROWS_WIDTHS[at + 1 :])
    return headers, widths


# --------------------------------------------------------------------------- telling sheets

FIELDS_TABLE, INPUTS_TABLE, SCORES_TABLE = "fields", "inputs", "scores"
SURVEY_TABLE, ROWS_TABLE, LONG_TABLE = "survey", "rows", "long"  # long: the CSV form
#: a sheet's header row is looked for in its first lines
HEADER_SEARCH_ROWS = 15


@dataclass(frozen=True)
class Signature:
    """How a sheet of one kind is told: the headers its header row holds (all of `all_of`, one
    of `any_of` when given, none of `none_of`)."""

    kind: str
    all_of: frozenset[str]
    any_of: frozenset[str] = frozenset()
    none_of: frozenset[str] = frozenset()

    def matches(self, names: set[str]) -> bool:
        return (
            self.all_of <= names
            and (not self.any_of or bool(self.any_of & names))
            and not self.none_of & names
        )


#: tried in this order: the first whose header row is found names the sheet's kind
SIGNATURES = (
    Signature(ROWS_TABLE, frozenset({GROUP, ROW_NAME, ACTUAL})),
    Signature(SURVEY_TABLE, frozenset({FIELD, QUESTION, OPTION})),
    Signature(FIELDS_TABLE, frozenset({FIELD, VALUE}), none_of=frozenset({CATEGORY})),
    Signature(INPUTS_TABLE, frozenset({INPUT, VALUE})),
    Signature(SCORES_TABLE, frozenset({CODE}), any_of=frozenset({EXTERNAL, REPORTED})),
    Signature(LONG_TABLE, frozenset({CATEGORY, FIELD, VALUE})),
)
