"""The findings' words: what `perfscore lint` and a scored record's 检查发现 say, Chinese and
English, by key (`finding.CHECK…`; the check code is the finding's `check`)."""

from __future__ import annotations

FINDINGS: dict[str, tuple[str, str]] = {
    # the words around a finding
    "level.error": ("错误", "error"),
    "level.warning": ("警告", "warning"),
    "level.info": ("提示", "info"),
    "finding.named": ("{name}：{message}", "{name}: {message}"),
    "lint.summary": (
        "{file}：{errors}个错误，{warnings}个警告",
        "{file}: {errors} error(s), {warnings} warning(s)",
    ),
    "list.separator": ("；", "; "),
    # perfscore.checks
    "finding.weights.total": (
        "框架总分{total}分，一级指标合计{roots}分",
        "the framework's total is {total} but its top-level indicators add up to {roots}",
    ),
    "finding.weights.parent": (
        "{name}分值{weight}分，下级指标合计{total}分",
        "{name} is declared {weight} points but its children add up to {total}",
    ),
    "finding.leaf-weights": (
        "{name}分值{weight}分，末级指标合计{leaves}分（{gaps}）",
        "{name} is declared {weight} points but the indicators scored under it add up to "
        "{leaves} ({gaps})",
    ),
    "finding.leaf-weights.gap": (
        "{code}标明{declared}分，其末级指标合计{leaves}分",
        "{code} declared {declared}, its leaves {leaves}",
    ),
    "finding.source-code.changed": (
        "{name}：原文编码为“{source}”，编码时记为“{code}”",
        "{name}: the source writes the code '{source}'; encoded as '{code}'",
    ),
    "finding.source-code.missing": (
        "{name}：原文未写编码，编码时记为“{code}”",
        "{name}: the source gives no code; encoded as '{code}'",
    ),
    "finding.rule-exceeds-weight": (
        "{name}：评分标准最高可得{most}分，超过指标分值{weight}分（得分以分值为上限）",
        "{name}: the rule can award {most} points in a {weight}-point indicator (scores are "
        "capped at the weight)",
    ),
    "finding.rule-below-weight": (
        "{name}：评分标准最高只能得{most}分，达不到指标分值{weight}分",
        "{name}: the rule can never reach the weight: at most {most} of {weight} points",
    ),
    "finding.weight-precision": (
        "{name}：分值{weight}分的小数位数多于{whose}{precision}位，满分只计{full}分",
        "{name}: weight {weight} has more decimal places than {whose} {precision}; a full "
        "score is {full}",
    ),
    "words.precision.framework": ("框架规定的", "the framework's precision"),
    "words.precision.own": ("本指标规定的", "its precision"),
    "finding.equal-split.no-remainder": (
        "{name}：平均分配未规定尾差归属（rows.remainder：first、last 或 each），暂计入前几行",
        "{name}: rows.unweighted: equal without rows.remainder; declare where the units left "
        "over go (first, last or each); the first rows get them",
    ),
    "finding.equal-split.not-equal": (
        "{name}：未平均分配（rows.unweighted: equal），尾差规则 rows.remainder 不起作用",
        "{name}: rows.remainder applies to an equal split only (rows.unweighted: equal)",
    ),
    "finding.not-applicable.undeclared": (
        "{name}：数据可能把某行标为不适用，但 rows.not_applicable 未规定如何处理"
        "（rescale、total、full 或 zero），这样的行将被拒绝",
        "{name}: the data may mark a row 不适用, and rows.not_applicable does not say what "
        "follows (rescale, total, full or zero); such a row is refused",
    ),
    "finding.over-equal": (
        "{name}：各行的评分标准未规定实际值超过“=”指标值时如何计分（over_equal：full 或 "
        "reverse），这样的行将被拒绝",
        '{name}: the rows\' rule does not say how an actual above an "=" target scores '
        "(over_equal: full or reverse); such a row is refused",
    ),
    "finding.direction": (
        "{name}标明为{declared}，但评分标准奖励{rewarded}：指标方向与评分标准相反",
        "{name} is declared {declared} but its rule rewards {rewarded} values",
    ),
    "words.direction.positive": ("正向（越高越好）", "正向 (higher is better)"),
    "words.direction.negative": ("反向（越低越好）", "反向 (lower is better)"),
    "words.rewards.higher": ("较高的值", "higher"),
    "words.rewards.lower": ("较低的值", "lower"),
    "finding.unused-input": (
        "基础数据“{name}”已声明，但没有公式读取它",
        "input '{name}' is declared but no formula reads it",
    ),
    "finding.unused-derived": (
        "计算值“{name}”已声明，但没有指标读取它",
        "derived value '{name}' is declared but no indicator reads it",
    ),
    "finding.grades.gap": (
        "低于{lowest}分的总分不属于任何等级",
        "totals below {lowest} fall in no grade band",
    ),
    "finding.grades.above-total": (
        "等级“{grade}”自{minimum}分起，高于总分{total}分",
        "grade {grade} starts at {minimum}, above the total {total}",
    ),
    "finding.grades.duplicate": ("两个等级同名", "two grade bands share a name"),
    # the rules' own checks (perfscore.rules: tiers, cases)
    "finding.tiers-gap": (
        "{gap}的值不在任何一档内（分档之间有空档），计分时将被拒绝",
        "values {gap} fall between the bands and are refused when scored",
    ),
    "finding.tiers-overlap": (
        "第{first}档与第{second}档在{run}重叠，按先列出的第{first}档计分",
        "bands {first} and {second} overlap at {run}; the first listed applies",
    ),
    "finding.tiers-unreachable": (
        "第{number}档（{span}）永远不会适用：其中的值都落在先列出的档内",
        "band {number} ({span}) can never apply: each of its values lies in an earlier band",
    ),
    "finding.tiers-above-weight": (
        "第{number}档（{span}）最高得{high}分，超过指标分值{weight}分",
        "band {number} ({span}) awards up to {high} points in a {weight}-point indicator",
    ),
    "finding.cases-unreachable": (
        "第{number}种情形与第{earlier}种条件相同，永远不会适用",
        "case {number} repeats the condition of case {earlier} and can never apply",
    ),
    "finding.cases-above-weight": (
        "{case}最高得{high}分，超过指标分值{weight}分",
        "{case} awards up to {high} points in a {weight}-point indicator",
    ),
    "words.case.numbered": ("第{number}种情形", "case {number}"),
    "words.case.else": ("其他情形", "else"),
    # a scored record (perfscore.engine, perfscore.plausibility, perfscore.row_reading)
    "finding.unknown-field": (
        "数据字段“{name}”不是本框架读取的字段",
        "data field '{name}' is not read by this framework",
    ),
    "finding.not-applicable.rescaled": (
        "{names}不适用，不考核；适用指标得分{got}分（适用分值{out_of}分），按总分{total}分折算："
        "{got}÷{out_of}×{total}={rescaled}分",
        "{names} not applicable, not assessed; the applicable indicators score {got} of "
        "{out_of}, rescaled to the total {total}: {got}÷{out_of}×{total}={rescaled}",
    ),
    "finding.reported": (
        "{field}：{message}；自评分不显示",
        "{field}: {message}; 自评分 not shown",
    ),
    "finding.fraction": (
        "{name}填入{shown}，按{shown}%计；若指{shown}即{meant}%，请填{meant}",
        "{name}: the bare number {shown} in a % field is read as {shown}%; if {shown} means "
        "{meant}%, write {meant}",
    ),
    "finding.range": (
        "{what}计算值{value}超出合理取值范围{range}{source}{causes}（得分照常计算）",
        "{what}: the value {value} is outside the plausible range {range}{source}{causes}; "
        "the score is computed as usual",
    ),
    "finding.range.source": ("（由{fields}算得）", " (from {fields})"),
    "finding.range.causes": ("；可能的原因：{causes}", "; likely cause: {causes}"),
    "finding.range.check": ("，请核对基础数据", ""),
    "finding.range.cause": (
        "{name}：{cause}；若按{corrected}计，计算值为{again}",
        "{name}: {cause}; read as {corrected} the value would be {again}",
    ),
    "words.cause.fraction": (
        "可能把比例填成了小数（% 字段中填了小数）",
        "a fraction typed into a % field",
    ),
    "words.cause.unit": (
        "单位可能填错：按{other}填入了{unit}字段",
        "{other} typed into a {unit} field",
    ),
    "finding.skipped-row": (
        "{where}（{group}）：占位行“{shown}”未填分值，不计分",
        "{where} ({group}): a placeholder row ({shown}) without 分值 is not scored",
    ),
    "words.blank": ("空", "blank"),
    "finding.equal-weights": (
        "“{source}”各行均未填分值，按框架规定（rows.unweighted: equal{declared}）将{name}的"
        "{weight}分平均分配给{rows}行（{shares}）",
        "no row of '{source}' states its 分值; as the framework declares (rows.unweighted: "
        "equal{declared}), {name}'s {weight} points are split equally over its {rows} row(s) "
        "({shares})",
    ),
    "finding.unit-assumed": ("{code} {name}：{warning}", "{code} {name}: {warning}"),
    "finding.schema": ("{field}：{message}", "{field}: {message}"),
}
