"""Executors: the same results in the same order, whether tasks run here or on a Dask cluster."""

from __future__ import annotations

import time

import pytest

from chartertext.errors import ConfigError
from chartertext.execution import ExecutionConfig, LocalExecutor, open_executor


def slow_square(x: int, *, offset: int, delays: dict[int, float]) -> int:
    time.sleep(delays.get(x, 0.0))
    return x * x + offset


def test_executor_results_keep_the_input_order_even_when_tasks_finish_out_of_order(dask_executor):
    # The first tasks sleep longest, so workers finish them last.
    delays = {0: 0.4, 1: 0.3, 2: 0.2}
    items = list(range(8))
    local = LocalExecutor().map(slow_square, items, shared={"offset": 1, "delays": delays})
    remote = dask_executor.map(slow_square, items, shared={"offset": 1, "delays": delays})
    assert remote == local == [x * x + 1 for x in items]


def test_executor_imap_is_lazy_and_bounded_by_its_window(dask_executor):
    consumed = []

    def items():
        for i in range(20):
            consumed.append(i)
            yield i

    results = dask_executor.imap(slow_square, items(), shared={"offset": 0, "delays": {}})
    first = next(results)
    # Only a window of tasks was submitted before the first result came back, not all 20.
    assert first == 0 and len(consumed) <= dask_executor.window + 1
    assert list(results) == [i * i for i in range(1, 20)]


def test_executor_describe_says_where_it_ran(dask_executor):
    assert LocalExecutor().describe() == {"executor": "local", "workers": 1}
    info = dask_executor.describe()
    assert info["executor"] == "dask" and info["workers"] == 2 and info["scheduler"].startswith("tcp://")


def test_open_executor_local_is_the_default():
    with open_executor() as executor:
        assert executor.name == "local"
        assert executor.map(slow_square, [2, 3], shared={"offset": 0, "delays": {}}) == [4, 9]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"executor": "spark"}, "not one of local, dask"),
        ({"executor": "local", "scheduler": "tcp://10.0.0.5:8786"}, "needs the dask executor"),
        ({"executor": "dask", "n_workers": 0}, "at least 1 worker"),
        ({"partition_size": 0}, "at least 1 text"),
    ],
)
def test_execution_config_refuses_settings_that_cannot_work(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        ExecutionConfig(**kwargs)


def test_open_executor_names_an_unreachable_scheduler_and_the_fix():
    config = ExecutionConfig("dask", scheduler="tcp://127.0.0.1:9", timeout=1.0)
    with pytest.raises(ConfigError, match=r"tcp://127\.0\.0\.1:9.*drop --scheduler"):
        with open_executor(config):
            pass


def test_open_executor_joins_an_existing_scheduler_and_leaves_it_running(dask_executor):
    address = dask_executor.client.scheduler.address
    with open_executor(ExecutionConfig("dask", scheduler=address)) as joined:
        assert joined.describe()["scheduler"] == address and joined.n_workers == 2
        assert joined.map(slow_square, [4], shared={"offset": 0, "delays": {}}) == [16]
    # Leaving closes our client only: the cluster someone else started still serves.
    assert dask_executor.map(slow_square, [5], shared={"offset": 0, "delays": {}}) == [25]
