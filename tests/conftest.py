from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

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
