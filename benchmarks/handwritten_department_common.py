"""The yardstick: department-common scored by hand, in plain Python, the way a developer would
write a scorer for this one framework without perfscore.

It reads the same records (a mapping of field/input name to the text a CSV cell holds), gives the
same outputs — every indicator's exact Decimal score, rounded 四舍五入 to 2 places, the total and
the grade — and skips what a one-off scorer would skip: unit conversion ("2.47万元"), range checks,
error messages naming the field, traces. benchmarks/batch.py asserts that it agrees with perfscore
on the generated data before timing either.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

D = Decimal
ZERO = D(0)
HUNDRED = D(100)
CENT = D("0.01")

#: Codes in the order perfscore walks the tree (parents before their children).
CODES = (
    "A", "A1", "A11", "A12", "A2", "A21", "A22", "A23",
    "B", "B1", "B11", "B12", "B13", "B14", "B15", "B16", "B17", "B18",
    "B2", "B21", "B22", "B23", "B24", "B3", "B31", "B32", "B33",
    "C", "C1", "C11", "C12", "C13", "C14",
    "D", "D1", "D11", "D12", "D13", "D14",
)  # fmt: skip


def _round(points: Decimal, weight: Decimal) -> Decimal:
    if points < ZERO:
        points = ZERO
    elif points > weight:
        points = weight
    return points.quantize(CENT, ROUND_HALF_UP)


def _above(rate: Decimal, bound: Decimal, step: Decimal, per: Decimal, full: Decimal) -> Decimal:
    """Full marks up to `bound`; lose `per` for each `step` above it (continuous)."""
    excess = rate - bound
    if excess <= 0:
        return full
    deduct = excess / step * per
    return ZERO if deduct >= full else full - deduct


def _below(rate: Decimal, bound: Decimal, step: Decimal, per: Decimal, full: Decimal) -> Decimal:
    excess = bound - rate
    if excess <= 0:
        return full
    deduct = excess / step * per
    return ZERO if deduct >= full else full - deduct


def _items(text: str) -> set[str]:
    return {part.strip() for part in text.split(",") if part.strip()}


def _earn(text: str, per: Decimal) -> Decimal:
    return per * len(_items(text))


def _lose(text: str, items: int, per: Decimal, full: Decimal) -> Decimal:
    lost = per * (items - len(_items(text)))
    return ZERO if lost >= full else full - lost


def score(v: Mapping[str, str]) -> tuple[tuple[Decimal, ...], Decimal, str]:
    one, two, three, five = D(1), D(2), D(3), D(5)
    half = D("0.5")
    a11 = _round(_earn(v["A11"], two), D(6))
    a12 = _round(_earn(v["A12"], two), D(8))
    a21 = _round(
        _above(D(v["在职人员数"]) / D(v["编制数"]) * HUNDRED, HUNDRED, one, half, two), two
    )
    this, last = D(v["本年度三公经费总额"]), D(v["上年度三公经费总额"])
    a22 = _round(_above((this - last) / last * HUNDRED, ZERO, one, one, five), two)
    a23 = _round(
        _below(D(v["重点预算支出"]) / D(v["预算总支出"]) * HUNDRED, D(50), one, half, two), two
    )
    budget = D(v["预算数"])
    b11 = _round(_below(D(v["预算执行数"]) / budget * HUNDRED, HUNDRED, one, one, five), five)
    b12 = _round(_below(D(v["预算调整数"]) / budget * HUNDRED, HUNDRED, five, one, three), three)
    b13 = _round(
        _below(D(v["实际支付进度"]) / D(v["既定支付进度"]) * HUNDRED, HUNDRED, five, one, three),
        three,
    )
    b14 = _round(
        _above(D(v["结转结余总额"]) / D(v["支出预算数"]) * HUNDRED, ZERO, five, one, three), three
    )
    this, last = D(v["本年度累计结转结余资金总额"]), D(v["上年度累计结转结余资金总额"])
    b15 = _round(_above((this - last) / last * HUNDRED, ZERO, five, one, three), three)
    b16 = _round(
        _above(
            D(v["实际支出公用经费总额"]) / D(v["预算安排公用经费总额"]) * HUNDRED,
            HUNDRED, one, one, three,
        ),
        three,
    )  # fmt: skip
    b17 = _round(
        _above(
            D(v["三公经费实际支出数"]) / D(v["三公经费预算安排数"]) * HUNDRED,
            HUNDRED, one, one, three,
        ),
        three,
    )  # fmt: skip
    rate = D(v["实际政府采购金额"]) / D(v["政府采购预算数"]) * HUNDRED
    excess = abs(rate - HUNDRED)
    b18 = _round(three if excess <= 0 else max(three - excess / five, ZERO), three)
    b21 = _round(_earn(v["B21"], half), two)
    cases = D(v["B22"])
    b22 = _round(two if cases == 0 else max(two - cases * half, ZERO), two)
    b23 = _round(_lose(v["B23"], 5, half, two), two)
    b24 = _round(_lose(v["B24"], 3, half, two), two)
    b31 = _round(_earn(v["B31"], one), two)
    b32 = _round(_lose(v["B32"], 5, half, two), two)
    b33 = _round(
        _below(
            D(v["实际在用固定资产总额"]) / D(v["所有固定资产总额"]) * HUNDRED,
            HUNDRED, five, one, two,
        ),
        two,
    )  # fmt: skip
    planned = D(v["计划工作数"])
    c11 = _round(_above(D(v["实际完成工作数"]) / planned * HUNDRED, HUNDRED, one, one, five), five)
    c12 = _round(
        _above(D(v["及时完成实际工作数"]) / planned * HUNDRED, HUNDRED, one, one, five), five
    )
    c13 = _round(
        _above(D(v["质量达标实际工作数"]) / planned * HUNDRED, HUNDRED, one, one, five), five
    )
    c14 = _round(D(v["C14"]), five)
    d11, d12, d13, d14 = (_round(D(v[c]), five) for c in ("D11", "D12", "D13", "D14"))

    a1 = a11 + a12
    a2 = a21 + a22 + a23
    a = a1 + a2
    b1 = b11 + b12 + b13 + b14 + b15 + b16 + b17 + b18
    b2 = b21 + b22 + b23 + b24
    b3 = b31 + b32 + b33
    b = b1 + b2 + b3
    c1 = c11 + c12 + c13 + c14
    d1 = d11 + d12 + d13 + d14
    total = a + b + c1 + d1
    grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
    scores = (
        a, a1, a11, a12, a2, a21, a22, a23,
        b, b1, b11, b12, b13, b14, b15, b16, b17, b18,
        b2, b21, b22, b23, b24, b3, b31, b32, b33,
        c1, c1, c11, c12, c13, c14,
        d1, d1, d11, d12, d13, d14,
    )  # fmt: skip
    return scores, total, grade


def score_rates(
    v: Mapping[str, str], rate: Mapping[str, Decimal]
) -> tuple[tuple[Decimal, ...], Decimal, str]:
    """`score` with each formula leaf's value supplied (by code), for benchmarks/batch.py's
    naive scorer, which evaluates the formulas with simpleeval; the rules are `score`'s."""
    one, two, three, five = D(1), D(2), D(3), D(5)
    half = D("0.5")
    a11 = _round(_earn(v["A11"], two), D(6))
    a12 = _round(_earn(v["A12"], two), D(8))
    a21 = _round(_above(rate["A21"], HUNDRED, one, half, two), two)
    a22 = _round(_above(rate["A22"], ZERO, one, one, five), two)
    a23 = _round(_below(rate["A23"], D(50), one, half, two), two)
    b11 = _round(_below(rate["B11"], HUNDRED, one, one, five), five)
    b12 = _round(_below(rate["B12"], HUNDRED, five, one, three), three)
    b13 = _round(_below(rate["B13"], HUNDRED, five, one, three), three)
    b14 = _round(_above(rate["B14"], ZERO, five, one, three), three)
    b15 = _round(_above(rate["B15"], ZERO, five, one, three), three)
    b16 = _round(_above(rate["B16"], HUNDRED, one, one, three), three)
    b17 = _round(_above(rate["B17"], HUNDRED, one, one, three), three)
    excess = abs(rate["B18"] - HUNDRED)
    b18 = _round(three if excess <= 0 else max(three - excess / five, ZERO), three)
    b21 = _round(_earn(v["B21"], half), two)
    cases = D(v["B22"])
    b22 = _round(two if cases == 0 else max(two - cases * half, ZERO), two)
    b23 = _round(_lose(v["B23"], 5, half, two), two)
    b24 = _round(_lose(v["B24"], 3, half, two), two)
    b31 = _round(_earn(v["B31"], one), two)
    b32 = _round(_lose(v["B32"], 5, half, two), two)
    b33 = _round(_below(rate["B33"], HUNDRED, five, one, two), two)
    c11 = _round(_above(rate["C11"], HUNDRED, one, one, five), five)
    c12 = _round(_above(rate["C12"], HUNDRED, one, one, five), five)
    c13 = _round(_above(rate["C13"], HUNDRED, one, one, five), five)
    c14 = _round(D(v["C14"]), five)
    d11, d12, d13, d14 = (_round(D(v[c]), five) for c in ("D11", "D12", "D13", "D14"))
    a1, a2 = a11 + a12, a21 + a22 + a23
    a = a1 + a2
    b1 = b11 + b12 + b13 + b14 + b15 + b16 + b17 + b18
    b2 = b21 + b22 + b23 + b24
    b3 = b31 + b32 + b33
    b = b1 + b2 + b3
    c1 = c11 + c12 + c13 + c14
    d1 = d11 + d12 + d13 + d14
    total = a + b + c1 + d1
    grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
    scores = (
        a, a1, a11, a12, a2, a21, a22, a23,
        b, b1, b11, b12, b13, b14, b15, b16, b17, b18,
        b2, b21, b22, b23, b24, b3, b31, b32, b33,
        c1, c1, c11, c12, c13, c14,
        d1, d1, d11, d12, d13, d14,
    )  # fmt: skip
    return scores, total, grade
