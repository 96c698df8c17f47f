from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent

# ci: 200 examples per property; the whole suite takes about 6 minutes of one core (docs/testing.md
# gives the figures). A failure prints a blob to replay it with @reproduce_failure, since a CI
# machine keeps no example database. thorough: for hunting, not for every push.
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
    database=None,
)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "thorough", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def root() -> Path:
    return ROOT
