"""JSON: the versioned, stable machine contract (``format: parley.<kind>/1``)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from ..results.analysis import ConflictReport, ExplainResult, Explanations, SuggestResult
from ..results.brief import Brief
from ..results.check import CheckReport
from ..results.timeline import Timeline
from . import Options, Renderers


def dumps(result: BaseModel) -> str:
    return json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def render_model(result: Any, options: Options) -> str:
    """The whole versioned model (``format: parley.<kind>/1``)."""
    return dumps(result)


RENDERERS = Renderers({CheckReport: render_model, ConflictReport: render_model,
                       SuggestResult: render_model, ExplainResult: render_model,
                       Explanations: render_model,
                       Brief: render_model, Timeline: render_model},
                      findings=render_model)
