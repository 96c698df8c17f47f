"""Reconciling what is given: a leaf whose inputs the data lack is scored with its stated score.

A report often gives only part of its base data. Rather than stop at the first missing input,
`evaluate_given` scores every leaf it can from the data and lets each leaf whose inputs are
missing keep the score the report states for it, as an externally scored leaf: the engine's own
way of taking a score from outside. Its parents are then recomputed from the recomputed and the
stated leaf scores — checked only in part — and the leaf itself is reported as not checked,
with the inputs it lacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ..engine.scoring import evaluate
from ..errors import MissingDataError
from ..model import Framework, Indicator
from ..numbers import ZERO
from ..records import Record
from ..result import Result


def evaluate_given(
    fw: Framework, record: Record, stated: Mapping[str, Decimal], *, require_all: bool = False
) -> tuple[Result, dict[str, tuple[str, ...]]]:
    """`record` scored with `fw`, and the leaves that could not be recomputed, each with the
    inputs the data lack (code -> names). A leaf lacking an input keeps its `stated` score;
    with `require_all`, or when the report states no score for that leaf, the missing input is
    the error it always was (MissingDataError naming the field and the indicator)."""
    unchecked: dict[str, tuple[str, ...]] = {}
    external: dict[str, Decimal] = {}
    while True:
        try:
            return evaluate(fw, record, external_scores=external), unchecked
        except MissingDataError as err:
            node = fw.by_code.get(err.path or "")
            keep = (
                not require_all
                and node is not None
                and node.is_leaf
                and node.rows is None
                and node.code not in record.external_scores
                and node.code not in external
                and node.code in stated
            )
            if not keep:
                raise
            assert node is not None
            unchecked[node.code] = missing_inputs(fw, node, record, err.field)
            external[node.code] = min(max(stated[node.code], ZERO), node.weight)


def missing_inputs(
    fw: Framework, node: Indicator, record: Record, first: str | None
) -> tuple[str, ...]:
    """What `node` reads that `record` does not give: `first` (the one the engine stopped at),
    then every other base-data field or input behind the leaf that the data lack."""
    assert node.rule is not None
    if node.formula is not None:
        read = sorted(name for name in fw.names_behind(node.formula.names) if name in fw.fields)
    else:
        read = [node.value_spec().name]
    read += [spec.name for spec in node.rule.inputs()]
    names = [first] if first else []
    names += [name for name in read if name not in record.values]
    return tuple(dict.fromkeys(names))
