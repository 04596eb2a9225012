"""Two executors with one interface: map a function over partitions, results in input order.

``local`` runs every task in this process, one after the other: the default, and what a
laptop needs. ``dask`` sends tasks to a Dask cluster — an existing one (``scheduler`` is its
address, e.g. ``tcp://10.0.0.5:8786``) or a :class:`distributed.LocalCluster` started for the
run and closed after it. The stages decide what a task is (a list of files to ingest, a
partition of texts to embed, a chunk of resamples); the executor only moves it.

Why results cannot depend on the executor: tasks are pure functions of their arguments,
random numbers are drawn on the driver before tasks are built, and :meth:`Executor.imap`
yields results in the order the items were given, whatever order workers finish in.

Why :meth:`Executor.imap` keeps a window of tasks in flight rather than submitting all of
them: each finished result waits in a worker's memory until the driver takes it, so with a
window the memory held for results is bounded by ``window`` partitions, not by the corpus.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from ..errors import ConfigError

#: Files per ingestion task by default: a file yields on the order of a hundred segments.
FILES_PER_PARTITION = 20

#: Executor names accepted by ``--executor`` and :class:`ExecutionConfig`.
EXECUTORS: tuple[str, ...] = ("local", "dask")

_T = TypeVar("_T")
_R = TypeVar("_R")


@dataclass(frozen=True)
class ExecutionConfig:
    """How a run is executed; never what it computes (not part of :class:`~chartertext.config.RunConfig`).

    Attributes
    ----------
    executor : {"local", "dask"}, default "local"
    scheduler : str or None, default None
        Address of an existing Dask scheduler; None starts a ``LocalCluster`` (dask only).
    n_workers : int or None, default None
        Workers of the ``LocalCluster`` (one thread each); None uses the machine's cores.
    partition_size : int, default 2000
        Texts per embedding task; ingestion tasks hold ``max(1, partition_size // 100)`` files.
    timeout : float, default 20.0
        Seconds to wait for an existing scheduler to answer.
    """

    executor: str = "local"
    scheduler: str | None = None
    n_workers: int | None = None
    partition_size: int = 2000
    timeout: float = 20.0

    def __post_init__(self) -> None:
        if self.executor not in EXECUTORS:
            raise ConfigError(f"executor {self.executor!r} is not one of {', '.join(EXECUTORS)}. Fix: use one of them.")
        if self.scheduler and self.executor != "dask":
            raise ConfigError(f"a scheduler address ({self.scheduler}) needs the dask executor. Fix: add --executor dask.")
        if self.n_workers is not None and self.n_workers < 1:
            raise ConfigError(f"n_workers = {self.n_workers}: need at least 1 worker.")
        if self.partition_size < 1:
            raise ConfigError(f"partition_size = {self.partition_size}: need at least 1 text per partition.")

    @property
    def files_per_partition(self) -> int:
        """Files per ingestion task: a file yields on the order of a hundred segments."""
        return max(1, self.partition_size * FILES_PER_PARTITION // ExecutionConfig.partition_size)


class Executor(Protocol):
    """Runs tasks; see :class:`LocalExecutor` and :class:`DaskExecutor`."""

    name: str
    n_workers: int

    def imap(
        self, fn: Callable[..., _R], items: Iterable[Any], *, shared: Mapping[str, Any] | None = None
    ) -> Iterator[_R]:
        """Yield ``fn(item, **shared)`` for each item, in the order of ``items``."""
        ...

    def map(self, fn: Callable[..., _R], items: Iterable[Any], *, shared: Mapping[str, Any] | None = None) -> list[_R]:
        """``list(imap(...))``."""
        ...

    def describe(self) -> dict[str, Any]:
        """What run.json records about the execution."""
        ...


class LocalExecutor:
    """Every task in this process, in order."""

    name = "local"
    n_workers = 1

    def imap(
        self, fn: Callable[..., _R], items: Iterable[Any], *, shared: Mapping[str, Any] | None = None
    ) -> Iterator[_R]:
        extra = dict(shared or {})
        for item in items:
            yield fn(item, **extra)

    def map(self, fn: Callable[..., _R], items: Iterable[Any], *, shared: Mapping[str, Any] | None = None) -> list[_R]:
        return list(self.imap(fn, items, shared=shared))

    def describe(self) -> dict[str, Any]:
        return {"executor": "local", "workers": 1}


class DaskExecutor:
    """Tasks on a Dask cluster, through a :class:`distributed.Client`.

    Parameters
    ----------
    client : distributed.Client
    window : int or None, default None
        Tasks in flight at once; None means twice the number of worker threads.
    """

    name = "dask"

    def __init__(self, client: Any, *, window: int | None = None) -> None:
        self.client = client
        threads = sum(client.nthreads().values()) or 1
        self.n_workers = len(client.nthreads()) or 1
        self.window = window or 2 * threads

    def imap(
        self, fn: Callable[..., _R], items: Iterable[Any], *, shared: Mapping[str, Any] | None = None
    ) -> Iterator[_R]:
        # Shared arguments (embeddings, topic ids…) travel to each worker once, not once per task.
        # Each value is wrapped in a list: scatter would otherwise split a dict or a list into pieces.
        scattered = {k: self.client.scatter([v], broadcast=True, hash=False)[0] for k, v in (shared or {}).items()}
        pending: deque[Any] = deque()
        try:
            for item in items:
                pending.append(self.client.submit(fn, item, **scattered, pure=False))
                if len(pending) >= self.window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
            for future in scattered.values():
                future.release()

    def map(self, fn: Callable[..., _R], items: Iterable[Any], *, shared: Mapping[str, Any] | None = None) -> list[_R]:
        return list(self.imap(fn, items, shared=shared))

    def describe(self) -> dict[str, Any]:
        info = self.client.scheduler_info()
        return {
            "executor": "dask",
            "scheduler": self.client.scheduler.address,
            "workers": len(info.get("workers", {})),
            "threads": sum(self.client.nthreads().values()),
        }


@contextlib.contextmanager
def open_executor(config: ExecutionConfig | None = None) -> Iterator[Executor]:
    """The executor ``config`` asks for, closed (with its LocalCluster) on exit.

    Raises
    ------
    ConfigError
        ``dask`` without dask.distributed installed, or a scheduler that cannot be reached.
    """
    config = config or ExecutionConfig()
    if config.executor == "local":
        yield LocalExecutor()
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a declared dependency
        raise ConfigError(
            "the dask executor needs dask.distributed. Fix: pip install 'chartertext[dask]', or use --executor local."
        ) from exc
    with contextlib.ExitStack() as stack:
        if config.scheduler:
            try:
                client = stack.enter_context(Client(config.scheduler, timeout=f"{config.timeout}s"))
            except OSError as exc:
                raise ConfigError(
                    f"cannot reach the Dask scheduler at {config.scheduler} ({exc}). "
                    "Fix: check the address and that `dask scheduler` runs there, or drop --scheduler for a local cluster."
                ) from exc
        else:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=config.n_workers or os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # a free port: the default 8787 may be taken by another cluster
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(Client(cluster))
        yield DaskExecutor(client)
