"""What `benchmarks/run.py --quick` and explicit options resolve to (nothing is measured here)."""

from __future__ import annotations

import pytest

from benchmarks.run import DEFAULT_EMBEDDERS, parse_args


def test_parse_args_quick_is_demo_and_4x_one_backend_local() -> None:
    args = parse_args(["--quick"])
    assert (args.scales, args.embedders, args.executors) == ([1, 4], [DEFAULT_EMBEDDERS[0]], ["local"])


def test_parse_args_explicit_options_win_over_quick() -> None:
    args = parse_args(["--quick", "--scales", "16", "1", "--embedders", "st:/models/m", "--executor", "dask"])
    assert (args.scales, args.embedders, args.executors) == ([1, 16], ["st:/models/m"], ["dask"])


def test_parse_args_rejects_a_zero_scale(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse_args(["--scales", "0"])
    assert "--scales" in capsys.readouterr().err
