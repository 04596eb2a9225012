"""Timing a `chartertext report` process: exit code, stderr tail and the child's peak memory.

A small fake CLI stands in for chartertext, so nothing is analysed and no model is loaded.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks.end_to_end import cold_and_warm, report_options, run_report

FAKE_CLI = '''#!{python}
import sys
if sys.argv[1:3] == ["report", "--help"]:
    print("Usage: chartertext report [OPTIONS]\\n  --out PATH  Report folder.\\n  --executor TEXT  local or dask.")
    sys.exit(0)
if "--embedder" in sys.argv and sys.argv[sys.argv.index("--embedder") + 1] == "broken":
    print("Error: no such model", file=sys.stderr)
    sys.exit(1)
ballast = bytearray({ballast})  # resident memory the benchmark must see
ballast[::4096] = b"x" * len(ballast[::4096])
'''


@pytest.fixture
def fake_cli(tmp_path: Path) -> Path:
    path = tmp_path / "chartertext"
    path.write_text(FAKE_CLI.format(python=sys.executable, ballast=200_000_000), encoding="utf-8")
    path.chmod(0o755)
    return path


def test_run_report_reads_the_child_peak_memory(fake_cli: Path, tmp_path: Path) -> None:
    run = run_report(tmp_path / "corpus", tmp_path / "out", tmp_path / "c.sqlite", cli=fake_cli)
    assert run.returncode == 0 and run.log == ""
    assert run.max_rss_mb >= 200  # the 200 MB the child touched, not this process's memory


def test_cold_and_warm_reports_a_failed_run(fake_cli: Path, tmp_path: Path) -> None:
    result = cold_and_warm(tmp_path / "corpus", tmp_path / "runs", "x1", embedder="broken", cli=fake_cli)
    assert result["cold_s"] is None and result["warm/cold"] is None
    assert "exited 1" in result["error"] and "no such model" in result["error"]


def test_cold_and_warm_gives_the_cached_to_cold_ratio(fake_cli: Path, tmp_path: Path) -> None:
    result = cold_and_warm(tmp_path / "corpus", tmp_path / "runs", "x1", cli=fake_cli)
    assert result["error"] is None
    assert result["warm/cold"] == pytest.approx(result["warm_s"] / result["cold_s"])


def test_report_options_lists_the_long_options(fake_cli: Path) -> None:
    assert {"--out", "--executor"} <= report_options(fake_cli)
