"""UMAP's numba functions are compiled once per machine: a new process loads them from disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chartertext.topics.numba_cache import numba_cache_dir

_FIT_AND_COUNT_HITS = """
import numpy as np
from numba.core.dispatcher import Dispatcher
from chartertext.topics.numba_cache import enable_numba_cache, numba_cache_dir
import umap, sys
assert enable_numba_cache() > 0
x = np.random.default_rng(0).normal(size=(60, 8)).astype(np.float32)
umap.UMAP(n_neighbors=5, n_components=2, random_state=1, n_jobs=1).fit_transform(x)
hits = sum(
    sum(obj.stats.cache_hits.values())
    for name, mod in list(sys.modules.items()) if name.split(".")[0] in ("umap", "pynndescent")
    for obj in list(vars(mod).values())
    # only the functions switched to our folder (pynndescent caches some of its own elsewhere)
    if isinstance(obj, Dispatcher) and str(getattr(obj._cache, "_cache_path", "")).startswith(str(numba_cache_dir()))
)
print(hits)
"""


def test_cache_folder_is_numba_cache_dir_when_set(monkeypatch, tmp_path):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "nb"))
    assert numba_cache_dir() == tmp_path / "nb"


def test_cache_folder_defaults_to_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert numba_cache_dir() == tmp_path / "chartertext" / "numba"


@pytest.mark.slow
def test_second_process_loads_umap_from_the_disk_cache(tmp_path):
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(src)}
    env.pop("NUMBA_CACHE_DIR", None)

    def run() -> int:
        done = subprocess.run([sys.executable, "-c", _FIT_AND_COUNT_HITS], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return int(done.stdout.split()[-1])

    assert run() == 0  # an empty cache: everything compiled, and written
    assert list((tmp_path / "chartertext" / "numba").rglob("*.nbi"))
    assert run() > 0  # a new process: loaded from disk


def test_an_unwritable_cache_folder_leaves_compilation_in_memory(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "NUMBA_CACHE_DIR": str(blocker / "numba"), "PYTHONPATH": str(src)}
    code = "from chartertext.topics.numba_cache import enable_numba_cache; print(enable_numba_cache())"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "0"
