"""Save a fitted topic model to a folder and load it back, to assign new segments the same way.

Format: a folder with

- ``model.pkl``: the whole :class:`~chartertext.topics.TopicModel` (BERTopic with its UMAP
  and HDBSCAN or k-means models, our config, the French vocabulary, the fit's results),
  pickled; the spaCy pipeline is not stored, it is reloaded on first use;
- ``config.json``: the :class:`~chartertext.topics.TopicConfig`, readable;
- ``topic_info.csv``: the topics, for a human to look at;
- ``manifest.json``: format version, SHA-256 of ``model.pkl``, its signature (HMAC-SHA-256
  with the saving user's key), library versions, sizes.

Why pickle and not BERTopic's ``safetensors`` serialisation: that format keeps only the topic
embeddings and c-TF-IDF and, on load, assigns new documents by cosine similarity to the
topic embeddings instead of UMAP + HDBSCAN, and needs an embedding model reference, which we
never hold (embeddings come precomputed). Only pickle keeps ``transform`` identical before
and after saving. The price: a pickle runs any code it holds when loaded. A checksum does not
tell who wrote a file, so :func:`save_topic_model` signs the pickle with a key kept in the
user's configuration folder (``~/.config/chartertext/model-signing.key``, mode 0600, created on
first save) and :func:`load_topic_model` refuses, before unpickling, a model this key did not
sign: one received from someone else loads only with ``trust=True``, an explicit decision to
run their code. A pickle is also tied to the library versions that wrote it, so
:func:`load_topic_model` warns when ``bertopic``, ``umap-learn``, ``hdbscan`` or
``scikit-learn`` differ from the recorded versions.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import pickle
import secrets
import warnings
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..csvsafe import neutralise_frame
from ..errors import ChartertextError
from .model import TopicModel

FORMAT = "chartertext-topic-model"
FORMAT_VERSION = 1
MODEL_FILE = "model.pkl"
MANIFEST_FILE = "manifest.json"
CONFIG_FILE = "config.json"
INFO_FILE = "topic_info.csv"
#: Libraries whose version a pickled model depends on.
PINNED_LIBRARIES: tuple[str, ...] = ("chartertext", "bertopic", "umap-learn", "hdbscan", "scikit-learn", "numpy")


def save_topic_model(model: TopicModel, directory: str | Path) -> Path:
    """Write ``model`` into ``directory`` (created if needed; a previous model there is replaced).

    Parameters
    ----------
    model : TopicModel
    directory : str or Path

    Returns
    -------
    Path
        The folder written.

    Raises
    ------
    chartertext.errors.ChartertextError
        ``directory`` is a file, or a non-empty folder that does not hold a saved topic model
        (so that nothing else gets overwritten).
    """
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise ChartertextError(f"{folder}: is a file, not a folder. Choose a folder path for the topic model")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MANIFEST_FILE).is_file():
        raise ChartertextError(
            f"{folder}: the folder is not empty and holds no saved topic model. "
            "Choose a new or empty folder, so that nothing else is overwritten"
        )
    folder.mkdir(parents=True, exist_ok=True)
    payload = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
    (folder / MODEL_FILE).write_bytes(payload)
    config_json = json.dumps(model.config.to_dict(), ensure_ascii=False, indent=2)
    (folder / CONFIG_FILE).write_text(config_json, encoding="utf-8")
    info = model.topic_info()
    info["words"] = info["words"].map(" | ".join)
    info["names"] = info["names"].map(" | ".join)
    info["representative_texts"] = info["representative_texts"].map(" | ".join)
    neutralise_frame(info).to_csv(folder / INFO_FILE, index=False, encoding="utf-8")
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "sha256": hashlib.sha256(payload).hexdigest(),
        "hmac_sha256": _sign(payload, _signing_key(create=True)),
        "versions": _versions(),
        "n_texts": int(len(model.topics_)),
        "n_topics": model.n_topics,
        "clusterer": model.clusterer_,
        "seed": model.seed,
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


def load_topic_model(directory: str | Path, *, trust: bool = False) -> TopicModel:
    """Load a model written by :func:`save_topic_model`.

    The model is a pickle, which runs code when loaded: it is loaded only if your own signing
    key signed it (you saved it, under this user account), unless ``trust``.

    Parameters
    ----------
    directory : str or Path
    trust : bool, default False
        Load a model someone else saved. Only for a source you trust as you trust its code.

    Returns
    -------
    TopicModel
        ``model.transform(texts, embeddings)`` gives the same topics as before saving.

    Raises
    ------
    chartertext.errors.ChartertextError
        Missing files, another format, a ``model.pkl`` that does not match its manifest, or
        (without ``trust``) one your key did not sign.
    """
    folder = Path(directory)
    manifest_path = folder / MANIFEST_FILE
    if not manifest_path.is_file():
        raise ChartertextError(
            f"{folder}: no {MANIFEST_FILE} found, so this is not a saved topic model. "
            "Give the folder passed to save_topic_model"
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ChartertextError(f"{manifest_path}: not valid JSON ({exc}). Save the model again") from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise ChartertextError(
            f"{manifest_path}: format {manifest.get('format')!r} version {manifest.get('format_version')!r}, "
            f"expected {FORMAT!r} version {FORMAT_VERSION}. Save the model again with this chartertext"
        )
    model_path = folder / MODEL_FILE
    if not model_path.is_file():
        raise ChartertextError(f"{model_path}: missing. Save the model again")
    payload = model_path.read_bytes()
    if hashlib.sha256(payload).hexdigest() != manifest.get("sha256"):
        raise ChartertextError(
            f"{model_path}: its SHA-256 differs from the one in {MANIFEST_FILE}; the file was modified "
            "or truncated. Save the model again"
        )
    key = _signing_key(create=False)
    signature = manifest.get("hmac_sha256")
    if not trust and (key is None or not isinstance(signature, str) or not hmac.compare_digest(signature, _sign(payload, key))):
        raise ChartertextError(
            f"{folder}: refusing to load this topic model: it was not saved under your user account (its signature "
            f"does not match your key {_key_path()}), and a saved model is a pickle that can run any code when "
            "loaded. Fit the model again, or, if you trust who saved it, load_topic_model(folder, trust=True)"
        )
    saved = manifest.get("versions", {})
    changed = {lib: (saved.get(lib), now) for lib, now in _versions().items() if saved.get(lib) != now}
    if changed:
        listing = ", ".join(f"{lib} {old} -> {new}" for lib, (old, new) in sorted(changed.items()))
        warnings.warn(
            f"{folder}: saved with other library versions ({listing}); if loading or transform fails, "
            "refit the model with the installed versions",
            stacklevel=2,
        )
    model = pickle.loads(payload)  # noqa: S301 - documented: load only models you saved
    if not isinstance(model, TopicModel):
        raise ChartertextError(f"{model_path}: holds a {type(model).__name__}, not a TopicModel. Save the model again")
    return model


def _key_path() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(config) / "chartertext" / "model-signing.key"


def _signing_key(*, create: bool) -> bytes | None:
    """This user's secret signing key; made (0600) on first use when ``create``, else None if absent."""
    path = _key_path()
    if not path.is_file():
        if not create:
            return None
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return path.read_bytes()
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
    return path.read_bytes()


def _sign(payload: bytes, key: bytes) -> str:
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def _versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for lib in PINNED_LIBRARIES:
        try:
            found[lib] = version(lib)
        except PackageNotFoundError:
            found[lib] = None
    return found
