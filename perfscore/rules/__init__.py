"""Rule kinds, registered by name. Importing this package registers the built-in kinds."""

from . import cases, checklist, curves, deduction, given, target, tiers, veto
from .base import (
    RULES,
    BuildContext,
    Context,
    InputSpec,
    Outcome,
    Rule,
    RuleFinding,
    build_rule,
    register,
)

__all__ = [
    "RULES",
    "BuildContext",
    "Context",
    "InputSpec",
    "Outcome",
    "Rule",
    "RuleFinding",
    "build_rule",
    "cases",
    "checklist",
    "curves",
    "deduction",
    "given",
    "register",
    "target",
    "tiers",
    "veto",
]
