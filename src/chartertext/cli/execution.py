"""The --executor, --scheduler and --workers options, shared by every command that runs a pipeline."""

from __future__ import annotations

import typer

from ..execution import ExecutionConfig

EXECUTOR = typer.Option(
    "local", "--executor", help="Where the heavy stages run: local (this process) or dask (a Dask cluster)."
)
SCHEDULER = typer.Option(
    None, "--scheduler", help="Address of an existing Dask scheduler (tcp://HOST:8786); default: a local cluster."
)
WORKERS = typer.Option(None, "--workers", min=1, help="Workers of the local Dask cluster (default: one per core).")
PARTITION = typer.Option(2000, "--partition-size", min=1, help="Texts per embedding task on a cluster.")


def execution_config(executor: str, scheduler: str | None, workers: int | None, partition_size: int = 2000) -> ExecutionConfig:
    """The options as an :class:`ExecutionConfig` (a ConfigError names a wrong value)."""
    return ExecutionConfig(executor=executor, scheduler=scheduler, n_workers=workers, partition_size=partition_size)
