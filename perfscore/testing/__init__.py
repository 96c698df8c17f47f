"""Property-based testing of frameworks: hypothesis strategies and invariant checks.

Needs the `test` extra (`pip install 'perfscore[test]'`): this package imports hypothesis, which
`import perfscore` never does.

    from hypothesis import given
    import perfscore
    from perfscore.testing import base_data, assert_invariants, assert_monotone

    fw = perfscore.load_framework("my-framework.yaml")

    @given(base_data(fw))
    def test_scores_hold_together(data):
        assert_invariants(fw, fw.evaluate(data))

See docs/testing.md.
"""

from .invariants import (
    InvariantError,
    assert_deterministic,
    assert_grade_consistent,
    assert_invariants,
    assert_monotone,
    assert_parents_sum,
    assert_rounding,
    assert_scores_within_weights,
    assert_total_in_range,
    directional_leaves,
    expected_grade,
    monotone_violations,
)
from .strategies import (
    VALUE_STRATEGIES,
    InvalidData,
    base_data,
    direct_inputs,
    invalid_base_data,
    names_read,
    register_value_strategy,
)

__all__ = [
    "VALUE_STRATEGIES",
    "InvalidData",
    "InvariantError",
    "assert_deterministic",
    "assert_grade_consistent",
    "assert_invariants",
    "assert_monotone",
    "assert_parents_sum",
    "assert_rounding",
    "assert_scores_within_weights",
    "assert_total_in_range",
    "base_data",
    "direct_inputs",
    "directional_leaves",
    "expected_grade",
    "invalid_base_data",
    "monotone_violations",
    "names_read",
    "register_value_strategy",
]
