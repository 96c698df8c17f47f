"""An indicator's weight as a framework declares it: its own, or its equal share of its
parent's (`split: equal` with the `remainder:` policy), and the precision and rounding it takes
from above (docs/framework-format.md, 精度与取舍)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .errors import FrameworkError
from .numbers import split_equally

if TYPE_CHECKING:
    from .model import Indicator

Path = tuple[str | int, ...]
#: The builder's error: message, the document path, the indicator code, the field.
ErrorAt = Callable[[str, Path, str | None, str | None], FrameworkError]


@dataclass(frozen=True)
class Above:
    """What a node takes from its parent: precision and rounding (None: the framework's, and
    四舍五入), and its equal share of the parent's weight (None: the node states its own)."""

    precision: int | None
    rounding: str | None
    share: Decimal | None


TOP = Above(None, None, None)


def node_weight(
    spec: Mapping[str, Any],
    path: Path,
    share: Decimal | None,
    error: ErrorAt,
    number: Callable[[Any, Path, str], Decimal],
) -> Decimal:
    """The node's weight: its own, or its share of its parent's (split: equal)."""
    code = spec["code"]
    if share is not None:
        if "weight" in spec:
            raise error(
                "its parent splits its weight equally (split: equal): remove this weight, or "
                "the split / 上级指标已规定平均分配分值，本指标不再填写分值",
                (*path, "weight"),
                code,
                "weight",
            )
        return share
    if "weight" not in spec:
        raise error(
            "an indicator needs a 'weight' (分值), unless its parent declares split: equal / "
            "指标缺少分值",
            path,
            code,
            "weight",
        )
    return number(spec["weight"], (*path, "weight"), code)


def declared_split(spec: Mapping[str, Any], path: Path, error: ErrorAt) -> str | None:
    """How the node's children share its weight: the remainder policy of its split: equal, or
    None when the children state their weights. Both keys or neither: no silent default."""
    if "split" not in spec and "remainder" not in spec:
        return None
    has_children = "children" in spec
    if "split" not in spec or "remainder" not in spec or not has_children:
        missing = ("remainder" if "split" in spec else "split") if has_children else "split"
        detail = f"; '{missing}' is missing" if has_children else "; the node has no children"
        raise error(
            "an equal split of a node's weight over its children declares both split: equal "
            f"and remainder: first, last or each (where the units left over go){detail} / "
            "平均分配须同时规定split与remainder（尾差归属）",
            (*path, missing),
            spec["code"],
            missing,
        )
    return str(spec["remainder"])


def shares_of(node: Indicator, n: int, precision: int) -> list[Decimal] | None:
    """The `n` children's equal shares of `node`'s weight at the node's precision (the
    framework's `precision` when it declares none) and rounding; None without a split."""
    if node.split is None:
        return None
    places = precision if node.precision is None else node.precision
    return split_equally(node.weight, n, places, node.split, node.rounding or "half_up")
