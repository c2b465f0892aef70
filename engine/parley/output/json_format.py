"""JSON: the versioned, stable machine contract (``format: parley.<kind>/1``)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from . import Options


def dumps(result: BaseModel) -> str:
    return json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def render_check(result: Any, options: Options) -> str:
    return dumps(result)


def render_findings(result: Any, options: Options) -> str:
    """Any result with findings: its whole versioned model (``format: parley.<kind>/1``)."""
    return dumps(result)


render_conflicts = render_suggest = render_explain = render_check
