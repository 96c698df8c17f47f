"""The phrasings of 评分细则 perfscore reads: one table of patterns, each with its rule template
and the example phrases it must read (tests/test_import_grammar.py reads every one of them).

A pattern is a regular expression over the normalised text (`numerals.normalise`: digits ASCII,
no spaces, "≤"/"≥"); the first pattern, in this order, that matches and whose template accepts
the match reads the rule. A new phrasing is one entry here with its examples. The examples give
the weight of the indicator they come from and the rule expected (defaults included).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import bands, conditions, items, levels, templates
from .reading import NUM, Context, Reading

Template = Callable[[re.Match[str], Context], Reading | None]


@dataclass(frozen=True)
class Example:
    """A phrase the pattern must read, the indicator's weight and the rule it gives."""

    text: str
    weight: str
    rule: dict[str, Any]
    explanation: str = ""


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: re.Pattern[str]
    template: Template
    examples: tuple[Example, ...]
    meaning: str


_DIR = (
    r"超过\(降低\)|超过\(低于\)|超过或降低|超过|超出|高于|增加|上升"
    r"|低于|下降|降低|减少|少于|偏离"
)
_UNIT = r"(?:个百分点|个百分比|百分点|%)"
_WF = rf"(?:按|扣)权重分?(?:\({NUM}分\))?的(?P<frac>{NUM})%(?:扣分)?"
_CM = r"(?P<cmp>≥|≤|>|<|=|为|达到|不低于|不超过)?"
_CONT = "step_mode: continuous"
_C = {"step_mode": "continuous"}


def _p(name: str, regex: str, template: Template, meaning: str, *examples: Example) -> Pattern:
    return Pattern(name, re.compile(regex), template, examples, meaning)


PATTERNS: tuple[Pattern, ...] = (
    _p(
        "piecewise",
        rf"(?P<top>{NUM})分,得满分(?P<tp>{NUM})分;低于(?P<low>{NUM})分,(?P<lp>{NUM})分;介于\S*?之间,?按比例",
        levels.piecewise,
        "分段线性：两点之间按比例",
        Example("考核得分100分，得满分1分；低于95分，0.95分；介于95分与100分之间，按比例扣分", "1",
                {"kind": "piecewise", "table": [[95, 0.95], [100, 1]]}),
    ),
    _p(
        "linear",
        rf"(?:≤|<)?(?P<a>{NUM})%?(?:以下|以上)?(?:\(含\))?,?(?:得|计)满分[,;]?\S{{0,12}}?(?:≥|>)?(?P<b>{NUM})%?(?:以上|以下)?(?:\(含\))?,?(?:得|计)(?:0分|零分)[,;]?\S{{0,8}}?(?:区间内|之间|其间)\S{{0,4}}?按(?:权重|比例)",
        levels.linear,
        "线性插值：满分点与零分点之间按比例",
        Example("三公经费控制率≤100%得满分，≥120%得0分，区间内按权重进行扣分。", "1",
                {"kind": "linear", "full_at": 100, "zero_at": 120}),
        Example("≤100%得满分，≥120%得0分，区间内按比例", "2",
                {"kind": "linear", "full_at": 100, "zero_at": 120}),
    ),
    _p(
        "deduction",
        rf"每(?P<dir>{_DIR})(?P<step>{NUM})?{_UNIT}?(?:的)?,?(?:扣(?P<pts>{NUM})分|{_WF})",
        templates.deduction,
        "逐步扣分：界限一侧得满分，每超过/低于一个步长扣分",
        Example("以100%为标准，控制率≤100%，计2分；每超过一个百分点扣0.5分，扣完为止。", "2",
                {"kind": "deduction", "bound": 100, "side": "above", "step": 1,
                 "points": 0.5, **_C}),
        Example("100%计满分，每低于1%扣1分，扣完为止。", "5",
                {"kind": "deduction", "bound": 100, "side": "below", "step": 1, "points": 1, **_C}),
        Example("100%计满分，每下降5%扣1分，扣完为止。", "3",
                {"kind": "deduction", "bound": 100, "side": "below", "step": 5, "points": 1, **_C}),
        Example("到位率100%计满分，每下降5个百分点扣2分，扣完为止。", "10",
                {"kind": "deduction", "bound": 100, "side": "below", "step": 5, "points": 2, **_C}),
        Example("100%计满分，每下降五个百分点扣两分，扣完为止。", "10",
                {"kind": "deduction", "bound": 100, "side": "below", "step": 5, "points": 2, **_C}),
        Example("100%计满分，每超过（降低）5%扣1分，扣完为止。", "3",
                {"kind": "deduction", "bound": 100, "side": "both", "step": 5, "points": 1, **_C}),
        Example("0%计满分，每超过5%扣1分，扣完为止。", "3",
                {"kind": "deduction", "bound": 0, "side": "above", "step": 5, "points": 1, **_C}),
        Example("≥95%得满分，未达到的每低于1%扣0.1分", "1",
                {"kind": "deduction", "bound": 95, "side": "below", "step": 1,
                 "points": 0.1, **_C}),
        Example("达到95%以上得满分.每降低1%扣权重分（1分）的5%，扣完为止。", "1",
                {"kind": "deduction", "bound": 95, "side": "below", "step": 1,
                 "weight_fraction": 0.05, **_C}),
        Example("≥95%得满分，每降低1%按权重的百分之五扣分", "2",
                {"kind": "deduction", "bound": 95, "side": "below", "step": 1,
                 "weight_fraction": 0.05, **_C}),
        Example("变动率为0，计5分；变动率＞0，每超过一个百分点扣1分，扣完为止。", "2",
                {"kind": "deduction", "bound": 0, "side": "above", "step": 1, "points": 1,
                 "full": 5, **_C}),
        Example("１００％以下（含）计满分，每超出１％扣１分，不足1%的按1%计算。", "3",
                {"kind": "deduction", "bound": 100, "side": "above", "step": 1, "points": 1,
                 "step_mode": "ceil"}),
        Example("100%计满分，每低于5个百分点扣1分，不足5个百分点的按比例扣分，扣完为止", "3",
                {"kind": "deduction", "bound": 100, "side": "below", "step": 5, "points": 1,
                 **_C}),
        Example("100%计满分，每超过1个百分点扣1分，不足1个百分点的不扣分，扣完为止", "3",
                {"kind": "deduction", "bound": 100, "side": "above", "step": 1, "points": 1,
                 "step_mode": "floor"}),
    ),
    _p(
        "tiers",
        rf"^[^;。]*?(?:计|得)(?:{NUM}分|满分)[;。][^;。]*?(?:计|得|不得)",
        bands.tiers,
        "分档计分：值落在哪一档得该档的分",
        Example("≥90%计5分；80%（含）-90%计4分；60%（含）-80%计2分；60%以下不得分", "5",
                {"kind": "tiers", "bands": [{"at_least": 90, "points": 5},
                                            {"at_least": 80, "below": 90, "points": 4},
                                            {"at_least": 60, "below": 80, "points": 2},
                                            {"below": 60, "points": 0}]}),
        Example("＞20%计0分；10%（不含）-20%（含）计1分；0%（不含）-10%（含）计3分；=0%计5分", "5",
                {"kind": "tiers", "bands": [{"above": 20, "points": 0},
                                            {"above": 10, "at_most": 20, "points": 1},
                                            {"above": 0, "at_most": 10, "points": 3},
                                            {"equals": 0, "points": 5}]}),
        Example("=0计8分；0-10%（含）计6分；10%-20%（含）计4分；20%以上不得分", "8",
                {"kind": "tiers", "bands": [{"equals": 0, "points": 8},
                                            {"above": 0, "at_most": 10, "points": 6},
                                            {"above": 10, "at_most": 20, "points": 4},
                                            {"above": 20, "points": 0}]}),
    ),
    _p(
        "count_fraction",
        rf"每(?:有|出现)?1(?:项|例|个)\S{{0,30}}?按权重(?:分)?\({NUM}分\)的(?P<num>\d+)/(?P<den>\d+)扣分|每(?:有|出现)?1(?:项|例|个)\S{{0,12}}?扣权重分?(?:\({NUM}分\))?的(?P<frac>{NUM})%(?P<pts>)",
        templates.count,
        "按例扣分，每例扣权重分的一个比例",
        Example("每有一项重点项目因资金不足无法完成，按权重（3分）的1/3扣分，扣完为止。", "3",
                {"kind": "count", "points": 1}),
        Example("全部完成为满分，每一项不达标扣权重分（2分）的20%；三项不达标则为零分。", "2",
                {"kind": "count", "weight_fraction": 0.2, "zero_at": 3}),
    ),
    _p(
        "count",
        rf"每(?:出现|有|发现)1(?:例|点|处|次|起|笔)\S{{0,16}}?,?扣(?P<pts>{NUM})分",
        templates.count,
        "按例扣分：每出现一例违规扣分",
        Example("以上情况每出现一例不符合要求的扣0.5分，扣完为止", "2",
                {"kind": "count", "points": 0.5}),
        Example("②采购方式、程序中每有一点不规范，扣0.5分，扣完为止。", "1",
                {"kind": "count", "points": 0.5}),
    ),
    _p(
        "checklist_lose",
        rf"(?:每缺|缺少?|每)1项(?:不达标|未公开|不符合)?,?扣(?P<pts>{NUM})分",
        templates.checklist_lose,
        "每缺一项扣分：要点逐项扣分",
        Example("按指标说明评价要点，每缺一项扣1分，扣完为止。", "2",
                {"kind": "checklist", "mode": "lose", "points": 1,
                 "items": [{"id": "1", "text": "甲"}, {"id": "2", "text": "乙"}]},
                "评价要点：\n①甲；\n②乙。"),
    ),
    _p(
        "checklist_each",
        rf"每项(?:指标)?评价要点(?:加|得|计)(?P<pts>{NUM})分",
        templates.checklist_each,
        "每项评价要点得分",
        Example("每项指标评价要点加2分。", "4",
                {"kind": "checklist", "mode": "earn", "points": 2,
                 "items": [{"id": "1", "text": "是否甲"}, {"id": "2", "text": "是否乙"}]},
                "评价要点：\n①是否甲2分②是否乙2分"),
    ),
    _p(
        "judgment",
        rf"(?:酌情|视\S{{0,12}}?情况)\S{{0,6}}?(?:得|给|评)?(?P<a>{NUM})分?(?:-|至|到)(?P<b>{NUM})分",
        levels.judgment,
        "酌情评分：评价人在所写范围内给分",
        Example("对应匹配，视匹配情况酌情得0-4分。", "4",
                {"kind": "judgment", "min": 0, "max": 4}),
        Example("通过问卷及访谈调研,分析人员的工作量和工作时长，视匹配情况得0-2分。", "2",
                {"kind": "judgment", "min": 0, "max": 2}),
    ),
    _p(
        "checklist_items",
        rf"(?:得|计|加)?{NUM}分",
        items.checklist_items,
        "评价要点逐项得分（各项分值可不同；一项可为一票否决）",
        Example("①设定了部门中长期规划目标，得0.5分；②设定的目标明确，得1分。", "1.5",
                {"kind": "checklist", "mode": "earn",
                 "items": [{"id": "1", "text": "设定了部门中长期规划目标", "points": 0.5},
                           {"id": "2", "text": "设定的目标明确", "points": 1}]}),
        Example("①符合规定,1分；②有审批手续，1分；③是否存在截留、挪用等情况，一旦存在该指标不得分。",
                "2",
                {"kind": "veto", "when": "存在截留挪用",
                 "rule": {"kind": "checklist", "mode": "earn",
                          "items": [{"id": "1", "text": "符合规定", "points": 1},
                                    {"id": "2", "text": "有审批手续", "points": 1}]}}),
        Example("部门有管理制度的计1分；有效执行相关文件的计1分。反之不计分。", "2",
                {"kind": "checklist", "mode": "earn",
                 "items": [{"id": "1", "text": "部门有管理制度", "points": 1},
                           {"id": "2", "text": "有效执行相关文件", "points": 1}]}),
    ),
    _p(
        "threshold",
        rf"{_CM}(?P<at>{NUM})%?(?P<word>以上|以下)?(?:\(含\))?[,]?(?:的)?(?:为\S{{0,8}}?)?,?(?:得|计)(?P<pass>满分|{NUM}分)",
        levels.threshold,
        "达标即得分：满足条件得满分，否则不得分（或由评价人酌情）",
        Example("控制率≤100%得满分，有超出不得分。", "1",
                {"kind": "threshold", "compare": "<=", "at": 100}),
        Example("离退休人员和参保人员满意度>90%，得满分；否则，不得分", "2",
                {"kind": "threshold", "compare": ">", "at": 90}),
        Example("征缴率≥100%,得满分", "5",
                {"kind": "threshold", "compare": ">=", "at": 100, "otherwise": "judgment"}),
        Example("社会发放率=100%得2分", "3",
                {"kind": "threshold", "compare": "==", "at": 100, "pass": 2,
                 "otherwise": "judgment"}),
        Example("完成率≥100%得满分，否则酌情扣分", "4",
                {"kind": "threshold", "compare": ">=", "at": 100, "otherwise": "judgment"}),
    ),
    _p(
        "linear_target",
        rf"达到\S{{0,12}}?(?:目标|标准)\S{{0,10}}?计(?P<full>{NUM})分,(?P<dir>超过|少于|低于)(?P<x>{NUM})%的?不(?:计|得)分",
        levels.linear_target,
        "达到目标得分、偏离一定比例不得分（其间按比例，须确认）",
        Example("达到目标完成时间计5分，超过30%的不计分。", "10",
                {"kind": "linear", "full_at": 100, "zero_at": 130, "full": 5}),
        Example("达到目标完成时间计5分，少于60%的不计分。", "20",
                {"kind": "linear", "full_at": 100, "zero_at": 60, "full": 5}),
    ),
    _p(
        "single_condition",
        r"(?:^|[;。])(?P<cond>[^;。]{2,60}?),得满分;否则,?不得分",
        items.single_condition,
        "一个要点：满足得满分，否则不得分",
        Example("考察2023年度企业离退休人数和养老金的勾稽关系，得满分；否则，不得分", "1",
                {"kind": "checklist", "mode": "earn",
                 "items": [{"id": "1", "text": "考察2023年度企业离退休人数和养老金的勾稽关系",
                            "points": 1}]}),
    ),
    _p(
        "cases",
        r"^(?:[^;。]+;)+[^;。]+?(?:不得分|不计分|得0分|计0分)[;。]?$",
        conditions.cases,
        "分情形计分：各情形按原文顺序，条件成立的第一种得其分，其余情形不得分（条件须确认）",
        Example("无结余得3分；有结余但不超过上年结转得2分；超过上年结转不得分", "3",
                {"kind": "cases",
                 "cases": [{"when": "无结余", "text": "无结余", "points": 3},
                           {"when": "有结余但不超过上年结转", "text": "有结余但不超过上年结转",
                            "points": 2}],
                 "else": {"points": 0}}),
        Example("制度健全且执行有效，得满分；制度健全但执行不到位，得1分；无相关制度，不得分。",
                "2",
                {"kind": "cases",
                 "cases": [{"when": "制度健全且执行有效", "text": "制度健全且执行有效",
                            "points": 2},
                           {"when": "制度健全但执行不到位", "text": "制度健全但执行不到位",
                            "points": 1}],
                 "else": {"points": 0}}),
    ),
    _p(
        "external",
        r"根据\S*?(?:考核|评价|考评)(?:分数|得分|结果)\S{0,4}?折算",
        levels.external,
        "外部得分：按外部考核分数折算",
        Example("根据绩效办2019年对各部门为民办实事和部门重点工程与重点工作考核分数折算。", "5",
                {"kind": "external"}),
    ),
    _p(
        "proportional",
        r"按(?:照)?(?:完成值与指标值的|实际完成)?比例(?:记|计|得)分|执行率\*(?:分值|权重)",
        levels.proportional,
        "按比例：完成值/指标值×分值",
        Example("未完成指标值的，按照完成值与指标值的比例记分", "10", {"kind": "proportional"}),
    ),
    _p(
        "judgment_open",
        r"酌情(?:进行)?(?:扣分|评分|打分|给分|计分)",
        levels.judgment_open,
        "酌情评分（未写范围：[0, 分值]，须确认）",
        Example("有定期指导记录、考核结果，得1分，缺少项视情况酌情进行扣分。", "1",
                {"kind": "judgment"}),
    ),
)


@dataclass(frozen=True)
class Wrapper:
    """A phrase that wraps whatever rule the rest of the text gives: "有…不得分" (veto)."""

    name: str
    regex: re.Pattern[str]
    examples: tuple[Example, ...]
    meaning: str


WRAPPERS: tuple[Wrapper, ...] = (
    Wrapper(
        "veto",
        re.compile(
            r"(?:^|(?<=[;。,]))(?:如|若|凡)?(?:有|存在|发生)(?!超出|超过|偏差|偏离)(?P<cond>[^;。,]{2,30}?)"
            r"(?:的|情况|问题)?,?(?:该指标|该项|此项|本项|均)?(?:不得分|得0分|计0分|为0分)[;。,]?"
        ),
        (
            Example("有重大违规违纪问题的，该指标不得分；①制度健全，得1分；②执行有效，得1分。", "2",
                    {"kind": "veto", "when": "重大违规违纪",
                     "rule": {"kind": "checklist", "mode": "earn",
                              "items": [{"id": "1", "text": "制度健全", "points": 1},
                                        {"id": "2", "text": "执行有效", "points": 1}]}}),
        ),
        "一票否决：出现所写情形即不得分，否则按其余细则计分",
    ),
)


@dataclass(frozen=True)
class Caution:
    """A phrase that says the text holds more than any one pattern reads: whatever rule is
    read, the leaf is flagged with `finding`. `examples` are texts it must flag."""

    name: str
    regex: re.Pattern[str]
    finding: str
    examples: tuple[str, ...]


CAUTIONS: tuple[Caution, ...] = (
    Caution(
        "qualitative",
        re.compile(r"定性指标"),
        "评分细则另写有定性指标的计分（达成/部分达成/未达成分档）：一行表格读不出按行计分"
        "（rows、target：三级指标由各项目自列的自评表），只按所识别的部分编码，请确认",
        ("定量指标：完成指标值的，记该指标所赋全部分值；未完成指标值的，按照完成值与指标值的比例"
         "记分。定性指标：分为达成、部分达成、未达成三档",),
    ),
)


#: each pattern's and wrapper's meaning, by name (what a framework's note says it read)
MEANINGS = {p.name: p.meaning for p in PATTERNS} | {w.name: w.meaning for w in WRAPPERS}
