"""Shared fixtures and hypothesis profiles.

Profiles: ``default`` keeps the suite fast and deterministic on a 2-core CI machine (no
deadlines, bounded examples); ``long`` is for on-demand fuzzing
(``HYPOTHESIS_PROFILE=long pytest -m slow``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from .support import REPO

settings.register_profile(
    "default", max_examples=60, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile(
    "long", max_examples=5000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))



@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts from the same terminal conventions, whatever the shell that ran
    pytest has set: no colour forced or refused, no width given."""
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def bundled():
    import parley

    return parley.load(REPO)


@pytest.fixture(scope="session")
def bundled_dossier(bundled):
    """What the report shows for the bundled workspace, computed once for every test that
    reads it (with or without a browser). Three proposals of different kinds (a flat
    ceasefire some party rejects, a completable moratorium, the staged 28-point plan): the
    checks, conflicts and a suggestion for all nine would take minutes, and show nothing
    these three do not."""
    return bundled.report([REPO / "proposals" / name for name in (
        "jeddah-30-day-ceasefire.yaml", "energy-strike-moratorium.yaml",
        "us-28-point-plan.yaml")])
