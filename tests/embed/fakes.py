"""A tiny deterministic embedder, so cache and pipeline behaviour can be tested without a model."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np


class FakeEmbedder:
    """Vectors drawn from a generator seeded by the text's hash; one token per word plus 2.

    Parameters
    ----------
    dim : int, default 8
    max_tokens : int, default 40
    batch_size : int, default 2
    fail_on_call : int or None
        Raise ``RuntimeError`` on this (1-based) call to :meth:`embed`, as a killed run would stop.
    model_id : str, default "fake:v1"
    """

    def __init__(
        self,
        dim: int = 8,
        max_tokens: int = 40,
        batch_size: int = 2,
        fail_on_call: int | None = None,
        model_id: str = "fake:v1",
    ) -> None:
        self.dim = dim
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self.fail_on_call = fail_on_call
        self.model_id = model_id
        self.calls: list[list[str]] = []

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 2

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        if self.fail_on_call is not None and len(self.calls) == self.fail_on_call:
            raise RuntimeError("simulated crash")
        assert all(self.count_tokens(t) <= self.max_tokens for t in texts), "pipeline sent a text over the window"
        rows = []
        for t in texts:
            seed = int.from_bytes(hashlib.sha256(t.encode()).digest()[:8], "little")
            v = np.random.default_rng(seed).normal(size=self.dim)
            rows.append(v / np.linalg.norm(v))
        return np.asarray(rows, dtype=np.float32)

    @property
    def n_embedded(self) -> int:
        return sum(len(c) for c in self.calls)
