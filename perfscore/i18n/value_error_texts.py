"""The words of the errors met reading a value (`error.value.…`): a number, a yes/no, the items
of a checklist, a cell of a target table, as people write them in the data."""

from __future__ import annotations

VALUE_ERRORS: dict[str, tuple[str, str]] = {
    # perfscore.numbers.to_decimal
    "error.number.too-large-int": (
        "数值的绝对值不能超过 {largest}",
        "expected a number of at most {largest} in size",
    ),
    "error.number.not-number": ("应为数值，实际为 {got}", "expected a number, got {got}"),
    "error.number.not-finite": (
        "应为有限数值，实际为 {got}",
        "expected a finite number, got {got}",
    ),
    "error.number.out-of-size": (
        "数值的绝对值应在 {smallest} 至 {largest} 之间，实际为 {got}",
        "expected a number from {smallest} to {largest} in size, got {got}",
    ),
    "words.kind.nothing": ("空值", "nothing (an empty value)"),
    "words.kind.list": ("含 {count} 项的列表", "a list of {count} item(s)"),
    "words.kind.mapping": ("含 {count} 个键的映射", "a mapping of {count} key(s)"),
    # perfscore.values
    "error.value.yes-no-for-number": (
        "应为数值，实际为是/否值（{raw}）",
        "expected a number, got a yes/no value ({raw})",
    ),
    "error.value.number-text-too-long": (
        "应为数值，实际为 {length} 个字符的文本",
        "expected a number, got text of {length} characters",
    ),
    "error.value.grouping": (
        "应为数值，实际为 {got}（千位分隔符须每三位一组）",
        "expected a number, got {got} (thousands are grouped in threes)",
    ),
    "error.value.unit": (
        "{raw} 的单位是 {written}；应为{expected}的数值",
        "{raw} is written in {written}; expected a number {expected}",
    ),
    "words.value.in-unit": ("以 {unit} 为单位", "in {unit}"),
    "words.value.no-unit": ("不带单位", "without a unit"),
    "error.value.beyond-size": (
        "{value} 超出 perfscore 可读取的数值范围（{largest}）",
        "{value} is beyond the size perfscore reads ({largest})",
    ),
    "error.value.not-whole": ("应为整数，实际为 {got}", "expected a whole number, got {got}"),
    "error.value.below-minimum": (
        "{value} 低于允许的最小值 {minimum}",
        "{value} is below the allowed minimum {minimum}",
    ),
    "error.value.above-maximum": (
        "{value} 高于允许的最大值 {maximum}",
        "{value} is above the allowed maximum {maximum}",
    ),
    "error.value.not-flag": (
        "应为是/否（true/false、是/否），实际为 {got}",
        "expected yes/no (true/false, 是/否), got {got}",
    ),
    "error.value.flag-text-too-long": (
        "应为是/否（true/false、是/否），实际为 {length} 个字符的文本",
        "expected yes/no (true/false, 是/否), got text of {length} characters",
    ),
    "error.value.items-nested": (
        "应为已满足要点的编号列表，每项是一个编号（不能是列表）",
        "expected a list of the item ids met, each an id (not a list)",
    ),
    "error.value.items-not-list": (
        "应为已满足要点的编号列表，实际为 {got}",
        "expected a list of the item ids met, got {got}",
    ),
    "error.value.unknown-items": (
        "未知的要点 {shown}；要点为 {items}",
        "unknown checklist item(s) {shown}; items are {items}",
    ),
    # perfscore.targets: a cell of a target table
    "error.cell.too-long": (
        "单元格有 {length} 个字符（{head} …）；指标值或实际完成值最多 {limit} 个字符",
        "the cell holds {length} characters ({head} …); a target or actual is at most {limit}",
    ),
    "error.cell.blank": ("单元格为空", "the cell is blank"),
    "error.cell.several-numbers": (
        "{text} 含 {count} 个数字，又不是区间（下限--上限）；请只写用来比较的一个数",
        "{text} holds {count} numbers and is not a range (low--high); write the one figure "
        "to compare",
    ),
    "error.cell.unreadable": (
        "无法把 {text} 读作带单位的数值（98%、≥98%、≤149万元、92%以上）、区间（1--1.2万人）"
        "或期限（2020年全年、2020年12月31日前）",
        "cannot read {text} as a number with a unit (98%, ≥98%, ≤149万元, 92%以上), a range "
        "(1--1.2万人) or a period (2020年全年, 2020年12月31日前)",
    ),
    "error.cell.two-comparisons": (
        "{text} 写了两个不同的比较符",
        "{text} states two different comparisons",
    ),
    "error.cell.range-units": (
        "{text}：区间两端的单位不同（{low} 和 {high}）",
        "{text}: the two ends of the range are in different units ({low} and {high})",
    ),
    "error.cell.range-reversed": (
        "{text}：区间的下限高于上限",
        "{text}: the range's low end is above its high end",
    ),
    "error.cell.bad-date": ("{text} 不是有效的日期", "{text} is not a valid date"),
    "error.cell.units-differ": (
        "单位不一致：{unit} 与 {to}；指标值与实际完成值必须使用可比较的单位",
        "units differ: {unit} against {to}; a target and its actual must be written in "
        "comparable units",
    ),
    "words.cell.no-unit": ("无单位", "no unit"),
    # perfscore.rules.target_cells, row_value: a row of a target table
    "error.row.nature-unknown": (
        "指标性质 {nature} 既不是比较符（≥ ≤ = ＞ ＜、大于等于 …），也不是{qualitative}",
        "指标性质 {nature} is not a comparison (≥ ≤ = ＞ ＜, 大于等于 …) nor {qualitative}",
    ),
    "error.row.nature-range": (
        "指标性质 {nature} 要与一个数值比较，但指标值 {target} 是区间；区间的指标性质应为"
        "“=”（在区间内）或不填",
        "指标性质 {nature} compares with one figure, but the 指标值 {target} is a range; a range "
        "takes 指标性质 = (within it) or none",
    ),
    "error.row.nature-figure": (
        "指标性质 {nature} 要求指标值是一个数值",
        "指标性质 {nature} needs a figure as the 指标值",
    ),
    "error.row.nature-clash": (
        "指标性质 {nature} 与指标值 {target} 的比较方向不一致",
        "指标性质 {nature} and the 指标值 {target} state different comparisons",
    ),
    "error.row.unit": (
        "{text} 的单位是 {written}，但度量单位是 {unit}",
        "{text} is written in {written}, but the 度量单位 is {unit}",
    ),
    "error.row.actual-range": (
        "实际完成值 {actual} 是区间；该指标值需要一个数值",
        "the actual {actual} is a range; the target needs one figure",
    ),
    "error.row.actual-lower": (
        "实际完成值 {actual} 只给出下限，无法判断是否达到该指标值",
        "the actual {actual} states only a lower bound, which cannot settle this target",
    ),
    "error.row.actual-upper": (
        "实际完成值 {actual} 只给出上限，无法判断是否达到该指标值",
        "the actual {actual} states only an upper bound, which cannot settle this target",
    ),
    "error.row.one-actual": (
        "评分规则 {kind} 每行只评一个实际完成值",
        "rule kind {kind} scores one actual per row",
    ),
    "error.row.actual-blank": (
        "实际完成值为空；请填写，若该行不适用请标为不适用（not_applicable: true）",
        "the actual (实际完成值) is blank; fill it in, or mark the row 不适用 "
        "(not_applicable: true) if it does not apply",
    ),
    "error.row.not-number": (
        "评分规则 {kind} 按数值评分，而实际完成值 {actual} 不是数值",
        "rule kind {kind} scores a number; the actual {actual} is not one",
    ),
    # perfscore.surveys: a satisfaction survey's totals
    "error.survey.not-mapping": (
        "满意度调查必须是含 valid（有效问卷份数）和 questions 的映射；实际为 {got}",
        "a survey must be a mapping with valid (有效问卷份数) and questions; got {got}",
    ),
    "error.survey.no-valid": (
        "满意度调查：缺少“valid”（有效问卷份数）",
        "survey: missing 'valid' (有效问卷份数)",
    ),
    "error.survey.valid-zero": (
        "满意度调查：有效问卷份数（valid）为0，无法求平均",
        "survey: valid (有效问卷份数) is 0; there is nothing to average",
    ),
    "error.survey.valid-over-returned": (
        "满意度调查：有效问卷 {valid} 份，但只回收 {returned} 份",
        "survey: {valid} valid questionnaires but only {returned} returned",
    ),
    "error.survey.returned-over-issued": (
        "满意度调查：回收问卷 {got} 份，但只发放 {issued} 份",
        "survey: {got} questionnaires returned but only {issued} issued",
    ),
    "error.survey.no-questions": (
        "满意度调查：“questions”至少要列出一道题",
        "survey: 'questions' must list at least one question",
    ),
    "error.survey.below-minimum": (
        "满意度得分 {shown} 低于允许的最小值 {minimum}",
        "survey score {shown} is below the allowed minimum {minimum}",
    ),
    "error.survey.above-maximum": (
        "满意度得分 {shown} 高于允许的最大值 {maximum}",
        "survey score {shown} is above the allowed maximum {maximum}",
    ),
    # perfscore.engine: scoring a record
    "error.external.unknown": (
        "外部得分对应的指标 {code} 不存在",
        "external score for unknown indicator {code}",
    ),
    "error.external.branch": (
        "{code} 由其下级指标计分，不能直接给外部得分；请给出其末级指标的得分",
        "external score for {code}, which is scored from its children; give scores for its leaves",
    ),
    "error.external.rows": (
        "{code} 由其各行计分，不能直接给外部得分；请给出其末级指标的得分",
        "external score for {code}, which is scored from its rows; give scores for its leaves",
    ),
    "error.external.value": ("外部得分：{reason}", "external score: {reason}"),
    "error.not-applicable.unsaid": (
        "{code} 标为不适用，但框架未规定如何处理（not_applicable: rescale、total、full 或 zero）",
        "{code} is marked 不适用, but the framework does not say what follows "
        "(not_applicable: rescale, total, full or zero)",
    ),
    "error.not-applicable.rows-unsaid": (
        "{code} 标为不适用，但框架未规定如何处理（rows.not_applicable: rescale、total、full 或 "
        "zero）",
        "{code} is marked 不适用, but the framework does not say what follows "
        "(rows.not_applicable: rescale, total, full or zero)",
    ),
    "error.not-applicable.everything": (
        "所有指标都标为不适用：没有可用于折算总分的适用指标",
        "every indicator is marked 不适用: nothing applicable to rescale the total to",
    ),
    "error.not-applicable.every-row": (
        "{source} 的每一行都标为不适用：{name}没有可折算到其分值的适用得分",
        "every row of {source} is marked 不适用: {name} has no applicable score to rescale to "
        "its weight",
    ),
    "error.formula.not-number": (
        "公式 {formula} 的结果不是数值",
        "formula {formula} did not give a number",
    ),
    "error.formula.failed": (
        "公式 {formula} 计算失败：{reason}",
        "formula {formula} failed: {reason}",
    ),
    "error.rule.could-not-score": (
        "评分规则 {kind} 无法对该值评分：{detail}",
        "rule {kind} could not score this value: {detail}",
    ),
    # perfscore.engine.inputs: an input the data give, and what it should be
    "error.input.invalid": ("{reason}（应为{described}）", "{reason} ({described})"),
    "words.input.items": (
        "已满足要点的列表，要点为 {items}",
        "a list of checklist items met, from {items}",
    ),
    "words.input.count": ("表示件数的整数", "a whole number of cases"),
    "words.input.flag": ("是或否", "yes or no"),
    "words.input.points": ("{low}至{high}之间的分值", "points within [{low}, {high}]"),
    "words.input.number": ("数值", "a number"),
}
