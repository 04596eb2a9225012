"""The shared-vision stage: value adoption, charter alignment and charter provenance.

Which charter the process ended in (:func:`final_charter`) and the three measures of what the
groups came to share (:func:`measure_shared_vision`); who leads whom is
:mod:`chartertext.metrics.direction`. The placebo articles
(:func:`chartertext.metrics.placebo.placebo_articles`) are embedded once, with the minutes' model
and cache, and serve both the provenance calibration and the net alignment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .config import RunConfig
from .corpus import Corpus

if TYPE_CHECKING:
    from .execution import Executor
    from .metrics import CharterAlignment, ProvenanceResult, ValueAdoption
    from .periods import PeriodTable
    from .values import ValueLexicon

#: Document kinds that are the process's destination, not a voice.
CHARTER_DOC_KINDS: tuple[str, ...] = ("charter",)


def measure_shared_vision(
    corpus: Corpus,
    segments: pd.DataFrame,
    voices: pd.DataFrame,
    voice_vectors: np.ndarray,
    vectors: np.ndarray,
    charter_id: str | None,
    lexicon: ValueLexicon,
    periods: PeriodTable,
    config: RunConfig,
    *,
    embed: Callable[[Sequence[str]], np.ndarray],
    executor: Executor,
) -> tuple[ValueAdoption, CharterAlignment | None, ProvenanceResult | None]:
    """Value adoption, and with a charter its alignment and provenance.

    Parameters
    ----------
    corpus : Corpus
    segments : pandas.DataFrame
        Every analysed segment; ``vectors`` are theirs, row for row.
    voices : pandas.DataFrame
        The minutes segments (the groups' voices); ``voice_vectors`` are theirs.
    charter_id : str or None
        :func:`final_charter`'s choice; None computes adoption only.
    embed : callable
        Texts to vectors with the run's embedder and cache (for the placebo articles).

    Returns
    -------
    adoption, alignment, provenance
    """
    from .metrics import charter_alignment, charter_provenance, value_adoption
    from .metrics.adoption_rates import RateSettings
    from .metrics.placebo import placebo_articles
    from .metrics.recitation import recited_rows

    # Adoption as rates resamples and permutes meetings as convergence does, with the run's seed.
    rates = RateSettings(
        n_permutations=max(1, config.convergence.n_permutations),
        n_bootstrap=config.convergence.n_bootstrap,
        seed=config.seed,
    )
    adoption = value_adoption(
        voices, lexicon, periods=periods, min_mentions=config.values.min_mentions, rate_settings=rates
    )
    if charter_id is None:
        return adoption, None, None
    is_charter = (segments["doc_id"] == charter_id).to_numpy()
    charter = segments[is_charter].reset_index(drop=True)
    charter_vectors = vectors[is_charter]
    placebo = list(placebo_articles())
    placebo_vectors = embed(placebo)
    alignment = charter_alignment(
        voices,
        voice_vectors,
        charter_vectors,
        seed=config.seed,
        n_bootstrap=config.convergence.n_bootstrap,
        n_permutations=config.convergence.n_permutations,
        min_segments=config.convergence.min_segments,
        periods=periods,
        executor=executor,
        # Net of a placebo charter of the same genre, recitations of the charter left out.
        placebo_embeddings=placebo_vectors,
        recited=recited_rows(voices["text"].tolist(), charter["text"].tolist()),
        joint_groups=config.convergence.joint_groups,
    )
    # The placebo articles also calibrate each group's best match for its volume.
    provenance = charter_provenance(
        voices,
        voice_vectors,
        charter,
        charter_vectors,
        charter_date=corpus.document(charter_id).date,
        seed=config.seed,
        placebo=placebo,
        placebo_embeddings=placebo_vectors,
    )
    return adoption, alignment, provenance


def final_charter(corpus: Corpus, segments: pd.DataFrame) -> tuple[str | None, list[str]]:
    """The charter the process ended in: the latest-dated charter document that has segments."""
    present = set(segments["doc_id"])
    charters = [d for d in corpus.documents if d.kind in CHARTER_DOC_KINDS and d.doc_id in present]
    if not charters:
        return None, ["no document of kind 'charter': charter alignment and provenance were not computed"]
    charters.sort(key=lambda d: (d.date is not None, d.date or dt.date.min, d.doc_id))
    chosen = charters[-1]
    notes = []
    if len(charters) > 1:
        notes.append(f"{len(charters)} charters found; alignment and provenance use the latest, {chosen.doc_id}")
    return chosen.doc_id, notes
