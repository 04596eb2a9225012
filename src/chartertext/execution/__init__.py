"""Where the heavy stages run: in this process (``local``) or on a Dask cluster (``dask``).

See :mod:`chartertext.execution.executor`. Results never depend on the executor: every random
draw is made on the driver, workers only compute, and results come back in input order.
"""

from .executor import (
    EXECUTORS,
    FILES_PER_PARTITION,
    DaskExecutor,
    ExecutionConfig,
    Executor,
    LocalExecutor,
    open_executor,
)

__all__ = ["EXECUTORS", "FILES_PER_PARTITION", "DaskExecutor", "ExecutionConfig", "Executor", "LocalExecutor", "open_executor"]
