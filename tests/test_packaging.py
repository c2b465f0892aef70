"""The built wheel is the product: installed into a fresh environment outside the
repository, it gives a working ``parley`` command and ``import parley``, with its data files.

The wheel is built from this checkout without build isolation (offline), and installed
without dependencies into a new virtual environment; the dependencies come from the test
environment's own site-packages on ``PYTHONPATH`` — which holds no ``parley`` of its own,
since an editable install only works through ``.pth`` files that ``PYTHONPATH`` ignores.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from .support import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # Built from a copy: a build writes its scratch folders into the source tree.
    source = tmp_path_factory.mktemp("source")
    shutil.copytree(REPO / "engine", source / "engine",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(out), str(source)],
                   check=True, capture_output=True, cwd=out)
    [built] = out.glob("parley_check-*.whl")
    return built


def test_the_wheel_holds_the_package_and_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "parley/__init__.py" in names and "parley/py.typed" in names
    assert {"parley/output/html/page.html", "parley/output/html/style.css",
            "parley/output/html/report.js"} <= set(names)
    assert {"parley/example/rules/terms.yaml", "parley/example/positions/russia.yaml",
            "parley/example/proposals/jeddah-30-day-ceasefire.yaml"} <= set(names)
    assert not any(n.startswith(("engine/", "tests/")) for n in names)
    info = next(n for n in names if n.endswith(".dist-info/METADATA"))
    metadata = zipfile.ZipFile(wheel).read(info).decode()
    assert "Name: parley-check" in metadata and "License-Expression: MIT" in metadata
    points = zipfile.ZipFile(wheel).read(info.replace("METADATA", "entry_points.txt")).decode()
    assert "parley = parley.cli:main" in points


@pytest.mark.integration
def test_installed_outside_the_repository_it_works(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--quiet", "--no-deps", str(wheel)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    away = tmp_path / "elsewhere"
    for folder in ("rules", "positions", "proposals"):
        shutil.copytree(REPO / folder, away / folder)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), capture_output=True, text=True, cwd=away, env=env,
                              timeout=300)

    where = run(str(python), "-c", "import parley; print(parley.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(venv), where
    parley_command = python.parent / "parley"
    assert run(str(parley_command), "--version").stdout.startswith("parley, version")
    checked = run(str(parley_command), "check", "-q", "proposals/jeddah-30-day-ceasefire.yaml")
    assert checked.returncode == 1 and "verdict:" in checked.stdout, checked
    report = run(str(parley_command), "report", "-o", "report.html")
    assert report.returncode == 0 and "<html" in (away / "report.html").read_text()
    # The bundled example comes with the package, so init --example works anywhere.
    initialised = run(str(parley_command), "init", "--example", "copy")
    assert initialised.returncode == 0, initialised
    assert (away / "copy" / "positions" / "russia.yaml").read_text() == \
        (REPO / "positions" / "russia.yaml").read_text()
