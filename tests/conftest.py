from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from perfscore.i18n import set_language

ROOT = Path(__file__).resolve().parent.parent

# ci: 40 examples per property (the bugs benchmarks/property_power.py puts in are caught within
# 10), so that the whole suite runs in under 3 minutes (docs/testing.md gives the
# figures). A failure prints a blob to replay it with @reproduce_failure, since a CI machine keeps
# no example database. thorough: the properties at full strength, 500 examples each (and the
# tests that set their own count scale with it), by a separate command:
# HYPOTHESIS_PROFILE=thorough python -m pytest. dev (the default): 25, for a quick local run.
settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
    database=None,
)
settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile(
    "thorough",
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(autouse=True)
def _chinese_whatever_the_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test reads the default, Chinese, whatever the locale of the machine running it
    (PERFSCORE_LANG=zh, which commands run in a subprocess inherit); and no test leaves a
    language chosen (`perfscore.main(["--lang", "en", ...])` chooses one)."""
    monkeypatch.setenv("PERFSCORE_LANG", "zh")
    set_language(None)
    yield
    set_language(None)


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English, for the library and for the commands a test runs in a subprocess
    (PERFSCORE_LANG=en): what the modules that check the English wording of a message use
    (`pytestmark = pytest.mark.usefixtures("english")`). tests/test_i18n.py checks the Chinese
    of the same messages, the default."""
    monkeypatch.setenv("PERFSCORE_LANG", "en")
    set_language(None)
