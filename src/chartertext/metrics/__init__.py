"""Convergence metrics: pure functions from arrays to numbers, and the headline index.

Components (each in [0, 1], 1 = the groups are indistinguishable):

- :func:`semantic_convergence` — within/between cosine distance ratio after the anisotropy
  correction (:class:`AnisotropyCorrection`);
- :func:`thematic_convergence` — 1 − mean Jensen–Shannon divergence of topic distributions;
- :func:`lexical_convergence` — 1 − share of tokens that are distinctive by weighted log-odds;
- :func:`separability_convergence` — 1 − chance-rescaled classifier accuracy (reported only).

:func:`measure_convergence` combines them per period with bootstrap intervals, a permutation
trend test and an onset.

Shared vision: :func:`value_adoption` (when each group first speaks of each value),
:func:`charter_alignment` (each group's closeness to the charter over time) and
:func:`charter_provenance` (which group each charter article comes from).
"""

from .adoption import ValueAdoption, value_adoption
from .alignment import CharterAlignment, charter_alignment
from .config import COMPONENTS, ConvergenceConfig
from .convergence import measure_convergence
from .lexical import distinctive_terms, lexical_convergence, log_odds_z, term_matrix
from .provenance import ProvenanceResult, charter_provenance
from .result import ConvergenceResult
from .semantic import AnisotropyCorrection, semantic_convergence
from .separability import separability_convergence
from .stats import OnsetTest, TrendTest, onset_test, trend_test
from .thematic import js_divergence, thematic_convergence

__all__ = [
    "COMPONENTS",
    "AnisotropyCorrection",
    "CharterAlignment",
    "ConvergenceConfig",
    "ConvergenceResult",
    "OnsetTest",
    "ProvenanceResult",
    "TrendTest",
    "ValueAdoption",
    "charter_alignment",
    "charter_provenance",
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
    "value_adoption",
]
