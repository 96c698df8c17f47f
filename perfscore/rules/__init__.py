"""Rule kinds, registered by name. Importing this package registers the built-in kinds."""

from . import checklist, curves, deduction, given, target, veto
from .base import RULES, BuildContext, Context, InputSpec, Outcome, Rule, build_rule, register

__all__ = [
    "RULES",
    "BuildContext",
    "Context",
    "InputSpec",
    "Outcome",
    "Rule",
    "build_rule",
    "checklist",
    "curves",
    "deduction",
    "given",
    "register",
    "target",
    "veto",
]
