"""A report re-run with nothing changed reuses the fitted topics; its outputs are byte-identical."""

from __future__ import annotations

import pytest

from chartertext.topics import fitting
from chartertext.workflow import load_run_config, report_corpus

FAST = "seed = 5\n[convergence]\nn_bootstrap = 30\nn_permutations = 49\nmin_segments = 3\n"


@pytest.mark.slow
def test_report_rerun_loads_the_topics_and_writes_the_same_outputs(planted_folder, tmp_path, monkeypatch):
    fits: list[int] = []
    real = fitting._fit
    monkeypatch.setattr(fitting, "_fit", lambda docs, *a, **k: fits.append(len(docs)) or real(docs, *a, **k))
    config = tmp_path / "run.toml"
    config.write_text(FAST, encoding="utf-8")
    cache = tmp_path / "cache.sqlite"

    def report(out: str, toml: str = FAST) -> bytes:
        config.write_text(toml, encoding="utf-8")
        report_corpus(planted_folder, tmp_path / out, run=load_run_config(config, cache=cache))
        return b"".join(
            (tmp_path / out / name).read_bytes()
            for name in ("summary.json", "tables/topics.csv", "tables/segment_topics.csv")
        )

    first = report("r1")
    second = report("r2")
    assert len(fits) == 1
    assert second == first and b"topic" in first
    report("r3", FAST + "[topics]\ntop_n_words = 5\n")
    assert len(fits) == 2
