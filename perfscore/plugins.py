"""Plugins: rule kinds and DATA readers that installed packages register through entry points.

Two entry-point groups (`importlib.metadata.entry_points`):

- `perfscore.rules` — the name is a rule kind, the value a `perfscore.Rule` subclass whose
  `kind` is that name (`per_item = "perfscore_example_rules:PerItem"`). It may bring a JSON
  Schema for its options (`options_schema`), which the framework schema then checks.
- `perfscore.data_readers` — the name is a DATA file suffix without its dot (`toml`), the value a
  callable taking the file's path (a str) and returning a `perfscore.Record`: what
  `read_data`, and so `perfscore score/explain/reconcile`, use for files with that suffix.

Nothing is loaded on import. `load_plugins()` loads every entry point of both groups, once per
process: the command line calls it before running any command, a batch's worker processes and
`score_partition` call it before loading the framework, and a program embedding perfscore calls
`perfscore.load_plugins()` itself. A plugin that cannot be imported, is not what its group
takes, or clashes with a built-in kind or suffix is one PluginError naming the entry point and
its distribution; an unexpected exception a plugin raises while it runs becomes a perfscore
error naming it too, never a traceback.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from . import readers
from .errors import DataError, PerfscoreError, PluginError
from .i18n import say
from .records import Record
from .rules import RULES, BuildContext, Context, Outcome, Rule, register
from .schema import check_options_schema

RULE_GROUP = "perfscore.rules"
READER_GROUP = "perfscore.data_readers"
_KIND = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_SUFFIX = re.compile(r"^\.[a-z0-9][a-z0-9_-]{0,15}$")


@dataclass(frozen=True)
class Plugin:
    """One loaded entry point: its group, name, value and the distribution that declares it."""

    group: str
    name: str
    value: str
    distribution: str

    def __str__(self) -> str:
        return f"entry point {self.name} = {self.value} ({self.group}, from {self.distribution})"


_LOADED: list[Plugin] | None = None


def load_plugins() -> list[Plugin]:
    """Load and register every installed plugin, once per process (later calls return what the
    first one loaded). PluginError naming the entry point when one cannot be used."""
    global _LOADED
    if _LOADED is None:
        loaded = [_load(ep, RULE_GROUP, _register_rule) for ep in _entry_points(RULE_GROUP)]
        loaded += [_load(ep, READER_GROUP, _register_reader) for ep in _entry_points(READER_GROUP)]
        _LOADED = loaded
    return list(_LOADED)


def _entry_points(group: str) -> list[EntryPoint]:
    """The group's entry points, each (name, value) once, in a stable order."""
    unique = {(ep.name, ep.value): ep for ep in entry_points(group=group)}
    return [unique[key] for key in sorted(unique)]


def _describe(ep: EntryPoint, group: str) -> Plugin:
    dist = ep.dist
    where = f"{dist.name} {dist.version}" if dist is not None else "an unknown distribution"
    return Plugin(group, ep.name, ep.value, where)


def _load(ep: EntryPoint, group: str, register_it: Callable[[Plugin, Any], None]) -> Plugin:
    plugin = _describe(ep, group)
    try:
        obj = ep.load()
    except Exception as exc:  # whatever importing someone else's module raises
        raise PluginError(
            f"{plugin} cannot be loaded: {type(exc).__name__}: {exc} (插件无法加载)"[:600]
        ) from None
    register_it(plugin, obj)
    return plugin


def _register_rule(plugin: Plugin, obj: Any) -> None:
    if not (isinstance(obj, type) and issubclass(obj, Rule)):
        raise PluginError(f"{plugin}: {obj!r} is not a perfscore.Rule subclass"[:400])
    if inspect.isabstract(obj):
        raise PluginError(say("error.plugin.abstract", plugin=str(plugin), name=obj.__name__))
    kind = getattr(obj, "kind", None)
    if kind != plugin.name or not _KIND.match(plugin.name):
        raise PluginError(say("error.plugin.kind-name", plugin=str(plugin), kind=kind))
    existing = RULES.get(kind)
    if existing is not None and getattr(existing, "plugin_class", None) is not obj:
        shown = repr(existing)
        taken = say("error.plugin.kind-taken", plugin=str(plugin), kind=kind, existing=shown)
        raise PluginError(taken)
    problem = check_options_schema(kind, obj.options_schema) if obj.options_schema else None
    if problem is not None:
        raise PluginError(f"{plugin}: {problem}")
    if existing is None:
        register(_guarded_rule(obj, plugin))


def _guarded_rule(cls: type[Rule], plugin: Plugin) -> type[Rule]:
    """`cls` with an unexpected exception from reading its options or scoring turned into a
    FrameworkError or DataError that names the plugin and the indicator."""

    def failed(exc: Exception, what: str) -> str:
        return f"rule kind {cls.kind!r} of {plugin} failed {what}: {type(exc).__name__}: {exc}"

    def __init__(self: Rule, spec: Mapping[str, Any], build: BuildContext) -> None:
        try:
            cls.__init__(self, spec, build)
        except PerfscoreError:
            raise
        except Exception as exc:
            raise build.error(failed(exc, "to read its options")[:600]) from None

    def score(self: Rule, value: Any, ctx: Context) -> Outcome:
        try:
            return cls.score(self, value, ctx)
        except PerfscoreError:
            raise
        except Exception as exc:
            raise DataError(failed(exc, "to score")[:600], path=ctx.code, field="rule") from None

    namespace = {
        "__init__": __init__,
        "score": score,
        "plugin_class": cls,
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "__doc__": cls.__doc__,
    }
    return type(cls.__name__, (cls,), namespace)


def _register_reader(plugin: Plugin, obj: Any) -> None:
    suffix = "." + plugin.name.lower().lstrip(".")
    if not _SUFFIX.match(suffix):
        raise PluginError(say("error.plugin.suffix-name", plugin=str(plugin)))
    if not callable(obj):
        raise PluginError(f"{plugin}: {obj!r} is not callable: a reader takes a path")
    existing = readers.READERS.get(suffix)
    if suffix in readers.YAML_SUFFIXES or (
        existing is not None and getattr(existing, "plugin_reader", None) is not obj
    ):
        raise PluginError(say("error.plugin.suffix-taken", plugin=str(plugin), suffix=suffix))
    if existing is None:
        readers.READERS[suffix] = _guarded_reader(obj, plugin)


def _guarded_reader(read: Callable[[str], Any], plugin: Plugin) -> Callable[[str], Record]:
    """`read`, its result checked to be a Record and any unexpected exception a DataError
    naming the file and the plugin."""

    def guarded(path: str) -> Record:
        try:
            record = read(path)
        except PerfscoreError:
            raise
        except Exception as exc:
            message = f"the reader of {plugin} failed: {type(exc).__name__}: {exc}"
            raise DataError(message[:600], file=path) from None
        if not isinstance(record, Record):
            kind = type(record).__name__
            refused = say("error.plugin.not-a-record", plugin=str(plugin), kind=kind)
            raise DataError(refused, file=path)
        return record

    guarded.plugin_reader = read  # type: ignore[attr-defined]
    return guarded
