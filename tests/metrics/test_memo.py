"""Results reused on a re-run: the resampling is not recomputed, and what comes back is bit for bit the same."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chartertext.embed import EmbeddingCache
from chartertext.embed.results import ResultStore
from chartertext.memo import decode, encode, fingerprint, remembering
from chartertext.metrics import meeting_resampling, power, resampling
from chartertext.metrics.alignment import charter_alignment
from chartertext.metrics.config import ConvergenceConfig
from chartertext.metrics.convergence import measure_convergence

from .synthetic import gaussian_corpus

CFG = ConvergenceConfig(n_bootstrap=15, n_permutations=120, min_segments=5, power_simulations=10)


@pytest.fixture
def counted(monkeypatch):
    """How many times each resampling driver really computed."""
    calls = {"period_records": 0, "null_pairs": 0, "alignment_cells": 0, "trend_power": 0}
    # period_records and trend_power wrap a private function; null_pairs and alignment_cells are
    # decorated by memo.remembers, which computes through the function's __wrapped__.
    targets = ((meeting_resampling, "_period_records", "period_records"), (power, "_trend_power", "trend_power"),
               (meeting_resampling.null_pairs, "__wrapped__", "null_pairs"),
               (resampling.alignment_cells, "__wrapped__", "alignment_cells"))  # fmt: skip
    for owner, attribute, name in targets:
        original = getattr(owner, attribute)

        def counting(*args, _original=original, _name=name, **kwargs):
            calls[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(owner, attribute, counting)
    return calls


def converge(seed: int):
    seg, x, topics, tokens = gaussian_corpus(7, mixing=(0.0, 0.3, 0.6, 0.9), n_periods=4, per_cell=10)
    result = measure_convergence(seg, embeddings=x, topics=topics, tokens=tokens, config=CFG, seed=seed)
    aligned = charter_alignment(seg, x, np.eye(x.shape[1])[[0]], seed=seed, n_bootstrap=15, n_permutations=49)
    return result, aligned


def assert_same(a, b):
    pd.testing.assert_frame_equal(a[0].series, b[0].series, check_exact=True)
    pd.testing.assert_frame_equal(a[0].pair_series, b[0].pair_series, check_exact=True)
    assert a[0].trend == b[0].trend and a[0].onset_test == b[0].onset_test and a[0].shock_check == b[0].shock_check
    assert a[0].component_trends == b[0].component_trends and a[0].power == b[0].power
    pd.testing.assert_frame_equal(a[1].table, b[1].table, check_exact=True)
    pd.testing.assert_frame_equal(a[1].trends, b[1].trends, check_exact=True)


def test_memo_a_rerun_reuses_the_resampling_and_gives_identical_results(tmp_path, counted):
    fresh = converge(seed=3)  # no store: computed
    computed = dict(counted)
    assert computed["period_records"] >= 1 and computed["null_pairs"] >= 1 and computed["alignment_cells"] == 1
    assert computed["trend_power"] == 1 and fresh[0].power is not None
    with EmbeddingCache(tmp_path / "cache.sqlite") as cache, remembering(ResultStore(cache)):
        first = converge(seed=3)
        after_first = dict(counted)
        second = converge(seed=3)
        assert ResultStore(cache).count() > 0
    assert after_first == {k: 2 * v for k, v in computed.items()}  # the first run with a store computes
    assert counted == after_first  # the second computes nothing
    assert_same(fresh, first)
    assert_same(fresh, second)


def test_memo_another_seed_or_setting_is_recomputed(tmp_path, counted):
    with EmbeddingCache(tmp_path / "cache.sqlite") as cache, remembering(ResultStore(cache)):
        converge(seed=3)
        before = counted["alignment_cells"]
        other = converge(seed=4)
    assert counted["alignment_cells"] == before + 1
    assert_same(other, converge(seed=4))


def test_memo_a_damaged_stored_result_is_discarded_and_recomputed(tmp_path):
    with EmbeddingCache(tmp_path / "cache.sqlite") as cache:
        store = ResultStore(cache)
        store.put("ns", "k", b"[1,2]")
        cache._connection().execute("UPDATE results SET value = ? WHERE key = 'k'", (b"[1,3]",))
        with pytest.warns(UserWarning, match="failed its checksum"):
            assert store.get("ns", "k") is None
        assert store.count() == 0


def test_memo_encode_round_trips_exactly():
    value = {
        "record": {"period": "2024-Q1", "index": 0.1 + 0.2, "nan": float("nan"), "n": 7, "flag": True},
        "pairs": {"index": np.array([np.nan, -0.0, 1e-300]), "counts": np.arange(4, dtype=np.uint8)},
        1: (np.float64(2.5), np.bool_(False), None, [np.int64(3)]),
    }
    back = decode(encode(value))
    assert back["record"]["index"] == 0.1 + 0.2 and np.isnan(back["record"]["nan"]) and back["record"]["n"] == 7
    assert back["pairs"]["index"].tobytes() == value["pairs"]["index"].tobytes()
    assert back["pairs"]["counts"].dtype == np.uint8
    assert type(back[1][0]) is np.float64 and type(back[1][1]) is np.bool_ and back[1][3] == [3]
    assert encode(back) == encode(value)


def test_memo_fingerprint_sees_content_dtype_and_table_values():
    frame = pd.DataFrame({"group": ["a", "b"], "x": [1.0, 2.0]})
    assert fingerprint(frame) == fingerprint(frame.copy())
    assert fingerprint(frame) != fingerprint(frame.assign(x=[1.0, 2.5]))
    assert fingerprint(np.zeros(3, np.float32)) != fingerprint(np.zeros(3, np.float64))
    assert fingerprint((1, "a")) != fingerprint(["1", "a"])


def test_memo_a_result_too_large_to_keep_is_recomputed_each_time(tmp_path, monkeypatch):
    from chartertext import memo

    monkeypatch.setattr(memo, "MAX_STORED_BYTES", 100)
    calls = []
    with EmbeddingCache(tmp_path / "cache.sqlite") as cache, remembering(ResultStore(cache)):
        small = [memo.remembered("t", 1, lambda: calls.append("s") or [1.0]) for _ in range(2)]
        large = [memo.remembered("t", 2, lambda: calls.append("l") or np.zeros(100)) for _ in range(2)]
        assert ResultStore(cache).count() == 1
    assert calls == ["s", "l", "l"] and small == [[1.0], [1.0]] and large[1].tobytes() == np.zeros(100).tobytes()


def test_memo_active_store_is_the_one_of_the_enclosing_block(tmp_path):
    from chartertext.memo import active_store

    assert active_store() is None
    with EmbeddingCache(tmp_path / "cache.sqlite") as cache:
        store = ResultStore(cache)
        with remembering(store):
            assert active_store() is store
    assert active_store() is None
