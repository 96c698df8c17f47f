"""Property tests of every bundled framework, with perfscore.testing's own strategies.

Parametrised over frameworks/*.yaml (and tests/property-frameworks/*.yaml), so that a framework
added there is covered without a line here. For each: valid base data (`base_data`) always
scores with every invariant holding, and the same every time; data with one thing wrong
(`invalid_base_data`) is refused with a DataError naming that field; every indicator that
declares a direction (正向/反向) moves that way — except where `perfscore lint` reports the
framework's rule contradicts it, and there the property finds the contradiction too.

benchmarks/property_power.py measures what these properties catch: one-line bugs put into the
engine (no cap at the weight, a parent dropping a child, rounding at the wrong place, a band's
edge graded wrongly, a deduction counting the wrong side, a table read backwards, a range check
left out, an error naming the wrong field) are each caught within ten examples.

Failures found here keep their minimal example as a YAML case: tests/cases/test_time_targets.yaml
(a month-end time limit, "2015年1月底", read as the whole month, so that a completion on the 1st
was refused as late).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

import perfscore
from perfscore import DataError, Framework
from perfscore.testing import (
    InvalidData,
    assert_deterministic,
    assert_invariants,
    assert_monotone,
    base_data,
    directional_leaves,
    invalid_base_data,
    monotone_violations,
)

ROOT = Path(__file__).resolve().parent.parent
#: Every bundled framework, and tests/property-frameworks/: frameworks written to put every rule
#: kind and option (step modes, strict thresholds, fallbacks, vetoes, surveys …) in play.
FRAMEWORKS = {
    path.stem: path
    for folder in ("perfscore/frameworks", "tests/property-frameworks")
    for path in sorted((ROOT / folder).glob("*.yaml"))
}
NAMES = sorted(FRAMEWORKS)


@cache
def framework(name: str) -> Framework:
    return perfscore.load_framework(FRAMEWORKS[name])


def _contradicted(fw: Framework) -> set[str]:
    """Leaves whose declared direction lint reports the rule contradicts (a drafting error)."""
    return {f.code for f in fw.findings if f.check == "direction" and f.code}


def test_every_bundled_framework_is_covered() -> None:
    bundled = {path.stem for path in (ROOT / "perfscore" / "frameworks").glob("*.yaml")}
    assert bundled <= set(NAMES) and "department-common" in bundled
    assert "every-rule" in NAMES


@pytest.mark.parametrize("name", NAMES)
@given(data=st.data())
def test_valid_data_scores_with_every_invariant(name: str, data: st.DataObject) -> None:
    fw = framework(name)
    values = data.draw(base_data(fw), label="base data")
    result = fw.evaluate(values)
    assert_invariants(fw, result)
    assert_deterministic(fw, values, reload=False)


@pytest.mark.parametrize("name", NAMES)
def test_same_result_from_a_freshly_loaded_framework(name: str) -> None:
    fw = framework(name)

    @settings(max_examples=10)
    @given(base_data(fw))
    def check(values: dict[str, Any]) -> None:
        assert_deterministic(fw, values, reload=True)

    check()


@pytest.mark.parametrize("name", NAMES)
@given(data=st.data())
def test_one_wrong_value_is_refused_naming_its_field(name: str, data: st.DataObject) -> None:
    fw = framework(name)
    wrong: InvalidData = data.draw(invalid_base_data(fw), label="invalid data")
    with pytest.raises(DataError) as caught:
        fw.evaluate(wrong.data)
    error = caught.value
    assert error.field == wrong.field, f"{wrong}: {error}"
    assert error.path is not None and (error.path in fw.by_code or "." in error.path), str(error)
    assert wrong.field in str(error)


def _directional(name: str) -> list[str]:
    fw = framework(name)
    return [code for code in directional_leaves(fw) if code not in _contradicted(fw)]


MONOTONE = [name for name in NAMES if _directional(name)]


# Each example scores the framework a few dozen times (every nudge): half the profile's examples.
@pytest.mark.parametrize("name", MONOTONE)
@settings(
    max_examples=max(10, settings.default.max_examples // 2),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_declared_directions_hold(name: str, data: st.DataObject) -> None:
    fw = framework(name)
    code = data.draw(st.sampled_from(_directional(name)), label="indicator")
    values = data.draw(base_data(fw), label="base data")
    assert_monotone(fw, values, code)


CONTRADICTED = [(name, code) for name in NAMES for code in sorted(_contradicted(framework(name)))]


@pytest.mark.parametrize(("name", "code"), CONTRADICTED)
def test_where_lint_says_the_rule_contradicts_the_direction_the_property_fails(
    name: str, code: str
) -> None:
    """department-common's C11 实际完成率 is 正向 but "每超过1%扣1分": nudging finds it."""
    fw = framework(name)
    found = find(
        base_data(fw),
        lambda values: bool(monotone_violations(fw, values, code)),
        # derandomized: the same search, and so the same outcome, on every run
        settings=settings(
            max_examples=1000, phases=[Phase.generate], database=None, derandomize=True
        ),
    )
    assert monotone_violations(fw, found, code)
