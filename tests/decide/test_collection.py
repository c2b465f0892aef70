"""The garbage collector is paused for a check and restored as it was, however the check
ends and however checks nest."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import parley
from parley.decide.collection import collection_paused

from ..support.toy import write_toy


def test_nested_pauses_restore_the_collector_only_at_the_end() -> None:
    assert gc.isenabled()
    with collection_paused():
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_the_caller_disabled_stays_disabled() -> None:
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_failing_check_restores_the_collector(tmp_path: Path) -> None:
    ws = parley.load(write_toy(tmp_path))
    # Possible for the loader, contradicted by a background rule: refused inside the check.
    with pytest.raises(parley.InputError, match="contradicts itself"):
        ws.check({"peacekeepers.contributors": "european", "foreign_troops.in_ukraine": False})
    assert gc.isenabled()
    ws.check(tmp_path / "proposals" / "jeddah.yaml")
    assert gc.isenabled()
