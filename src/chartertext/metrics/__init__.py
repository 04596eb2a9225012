"""Convergence metrics: pure functions from arrays to numbers, and the headline index.

Components: by default (``calibration="chance"``, :mod:`.chance`) each is the groups' energy
distance divided by its chance level, 1 = no further apart than two random halves of the same
period's talk, applied to centred embeddings (semantic), topic indicators (thematic) and
Hellinger lemma profiles (lexical). With ``calibration="none"``, the bounded measures:

- :func:`semantic_convergence` — within/between cosine distance ratio after the anisotropy
  correction (:class:`AnisotropyCorrection`);
- :func:`thematic_convergence` — 1 − mean Jensen–Shannon divergence of topic distributions;
- :func:`lexical_convergence` — 1 − share of tokens that are distinctive by weighted log-odds;
- :func:`separability_convergence` — 1 − chance-rescaled classifier accuracy (reported only).

:func:`measure_convergence` combines them per period with bootstrap intervals, a permutation
trend test and an onset.

Shared vision: :func:`value_adoption` (when each group first speaks of each value),
:func:`charter_alignment` (each group's closeness to the charter over time) and
:func:`charter_provenance` (which group each charter article comes from). Direction:
:func:`meeting_direction` (whose talk the other groups later take up; Barron et al. 2018).

Argument order, data first: every measure takes the segments table first, then the vectors of
those segments, then the reference they are read against (the charter's table and vectors, or
the value lexicon), then keyword-only options::

    measure_convergence(segments, *, embeddings=..., topics=..., tokens=..., periods=...)
    value_adoption(segments, lexicon, *, periods=..., min_mentions=..., rate_settings=...)
    charter_alignment(segments, segment_embeddings, charter_embeddings, *, seed=..., periods=...)
    charter_provenance(minutes, minutes_embeddings, charter, charter_embeddings, *, top_k=...)

(:func:`measure_convergence` takes its vectors by keyword because each representation is
optional.)
"""

from ..lazy import lazy_attributes
from .config import COMPONENTS, ConvergenceConfig

# scikit-learn and scipy take seconds to import: the measures load on first use, so that
# reading a ConvergenceConfig (every CLI command does) stays instant.
_LAZY = {
    "ValueAdoption": "adoption",
    "RateAdoption": "adoption_rates",
    "RateSettings": "adoption_rates",
    "value_adoption": "adoption",
    "CharterAlignment": "alignment",
    "charter_alignment": "alignment",
    "measure_convergence": "convergence",
    "DirectionResult": "direction",
    "meeting_direction": "direction",
    "distinctive_terms": "lexical",
    "lexical_convergence": "lexical",
    "log_odds_z": "lexical",
    "term_matrix": "lexical",
    "ProvenanceResult": "provenance",
    "charter_provenance": "provenance",
    "placebo_articles": "placebo",
    "ConvergenceResult": "result",
    "AnisotropyCorrection": "semantic",
    "semantic_convergence": "semantic",
    "separability_convergence": "separability",
    "OnsetTest": "onset",
    "TrendTest": "stats",
    "onset_test": "onset",
    "trend_test": "stats",
    "js_divergence": "thematic",
    "thematic_convergence": "thematic",
}


__getattr__ = lazy_attributes(__name__, _LAZY, globals())


__all__ = [
    "COMPONENTS",
    "AnisotropyCorrection",
    "CharterAlignment",
    "ConvergenceConfig",
    "ConvergenceResult",
    "DirectionResult",
    "OnsetTest",
    "ProvenanceResult",
    "RateAdoption",
    "RateSettings",
    "TrendTest",
    "ValueAdoption",
    "charter_alignment",
    "charter_provenance",
    "distinctive_terms",
    "js_divergence",
    "lexical_convergence",
    "log_odds_z",
    "measure_convergence",
    "meeting_direction",
    "onset_test",
    "placebo_articles",
    "semantic_convergence",
    "separability_convergence",
    "term_matrix",
    "thematic_convergence",
    "trend_test",
    "value_adoption",
]
