"""Convergence metrics: pure functions from arrays to numbers, and the headline index.

Components (each in [0, 1], 1 = the groups are indistinguishable):

- :func:`semantic_convergence` — within/between cosine distance ratio after the anisotropy
  correction (:class:`AnisotropyCorrection`);
- :func:`thematic_convergence` — 1 − mean Jensen–Shannon divergence of topic distributions;
- :func:`lexical_convergence` — 1 − share of tokens that are distinctive by weighted log-odds;
- :func:`separability_convergence` — 1 − chance-rescaled classifier accuracy (reported only).

:func:`measure_convergence` combines them per period with bootstrap intervals, a permutation
trend test and an onset.
"""

from .config import COMPONENTS, ConvergenceConfig
from .convergence import measure_convergence
from .lexical import distinctive_terms, lexical_convergence, log_odds_z, term_matrix
from .result import ConvergenceResult
from .semantic import AnisotropyCorrection, semantic_convergence
from .separability import separability_convergence
from .stats import OnsetTest, TrendTest, onset_test, trend_test
from .thematic import js_divergence, thematic_convergence

__all__ = [
    "COMPONENTS",
    "AnisotropyCorrection",
    "ConvergenceConfig",
    "ConvergenceResult",
    "OnsetTest",
    "TrendTest",
    "distinctive_terms",
    "js_divergence",
    "lexical_convergence",
    "log_odds_z",
    "measure_convergence",
    "onset_test",
    "semantic_convergence",
    "separability_convergence",
    "term_matrix",
    "thematic_convergence",
    "trend_test",
]
