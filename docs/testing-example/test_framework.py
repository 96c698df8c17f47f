"""Property tests of framework.yaml — the worked example of docs/testing.md.

Run: python -m pytest docs/testing-example/test_framework.py
"""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.testing import (
    assert_deterministic,
    assert_invariants,
    assert_monotone,
    base_data,
    directional_leaves,
    invalid_base_data,
)

# Each property scores the framework many times: no per-example deadline.
settings.register_profile("framework", deadline=None, max_examples=200)
settings.load_profile("framework")

fw = perfscore.load_framework(Path(__file__).with_name("framework.yaml"))


@given(base_data(fw))
def test_scores_hold_together(data):
    result = fw.evaluate(data)
    assert_invariants(fw, result)  # 0 ≤ score ≤ weight, roll-up, total, grade, rounding
    assert_deterministic(fw, data)  # same data, same result


@given(base_data(fw), st.sampled_from(directional_leaves(fw)))
def test_declared_directions_hold(data, code):
    assert_monotone(fw, data, code)  # 正向: a higher value never scores less


@given(invalid_base_data(fw))
def test_bad_data_is_refused_naming_the_field(wrong):
    with pytest.raises(perfscore.DataError) as caught:
        fw.evaluate(wrong.data)
    assert caught.value.field == wrong.field
