"""Settings of the convergence measurement, loadable from the ``[convergence]`` table of a TOML file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from ..errors import ConfigError
from .chance import REFERENCE_SEGMENTS
from .stats import ALTERNATIVES

#: The components of the index, in report order. ``separability`` is reported, never weighted.
COMPONENTS: tuple[str, ...] = ("semantic", "thematic", "lexical")
#: How the components are scaled: "chance" (ratio to random halves, :mod:`.chance`) or "none"
#: (the raw measures of version 0.1). Each value is tested.
CALIBRATIONS: tuple[str, ...] = ("chance", "none")


def _default_weights() -> dict[str, float]:
    return {"semantic": 1.0, "thematic": 1.0, "lexical": 1.0}


@dataclass(frozen=True)
class ConvergenceConfig:
    """How the convergence index is computed and tested.

    Attributes
    ----------
    weights : dict of str to float, default {"semantic": 1, "thematic": 1, "lexical": 1}
        Weight of each component in the headline index, a weighted mean of the components whose
        inputs were given (equal weights: no component is known to be more valid than another).
    calibration : {"chance", "none"}, default "chance"
        "chance": every component is the ratio of the distance between random halves of the
        period's talk to the distance between the groups (:mod:`.chance`), on corrected
        embeddings, topic indicators and lemma profiles; 1 = as alike as chance, 0.5 = twice as
        far apart; confidence intervals are bootstrap percentile intervals. "none": the raw
        measures of chartertext 0.1 (within/between cosine-distance ratio, 1 − Jensen–Shannon
        divergence of topic distributions, 1 − share of log-odds-distinctive tokens) with basic
        bootstrap intervals; they sit near 1 on real minutes (see :mod:`.chance`).
    reference_segments : int, default 10
        With "chance": segments per group at which the ratio to chance is expressed (a
        meeting's worth of paragraphs), so periods with more or less text compare on the same
        footing. 1 gives the raw within/between distance ratio.
    min_segments : int, default 10
        Segments a group needs in a period to be compared there (see
        :func:`chartertext.periods.flag_periods`).
    n_bootstrap : int, default 200
        Bootstrap resamples per period for the confidence intervals; 0 skips them (NaN).
    n_permutations : int, default 999
        Permutations for the trend and onset tests; 0 skips them (NaN p-values, no onset).
    ci_level : float, default 0.95
    alternative : {"two-sided", "greater", "less"}, default "two-sided"
        Alternative of the trend test ("greater": convergence only).
    onset_alpha : float, default 0.05
        Significance level below which an onset is reported.
    n_remove_directions : int or None, default None
        Principal directions removed by the anisotropy correction (after centring). None: 0
        with "chance" (the ratio to the within-group distance already undoes the compression of
        cosines, and the removed directions carried the spread of shared-value talk: on the
        demo corpus the semantic trend's p went from 0.004 with 0 to 0.013 with 4), and
        ``round(dim / 100)`` with "none".
    topic_alpha : float, default 0.5
        With "none": additive smoothing of the topic distributions.
    drop_outlier_topics : bool, default True
        Leave BERTopic outliers (-1) out of the topic distributions.
    lexical_prior_weight : float, default 0.1
        With "none": strength of the log-odds prior as a share of the period's tokens.
    lexical_z : float, default 1.96
        With "none": z-score above which a term is distinctive of a group.
    separability : bool, default False
        Also report the cross-validated classifier component (point estimate only, not in the index).
    include_flagged_in_trend : bool, default False
        Test the trend and onset on flagged periods whose index could still be computed (with
        their thin groups left out). Off by default: a period compared on fewer groups is not
        comparable with the others.
    """

    weights: dict[str, float] = field(default_factory=_default_weights)
    calibration: str = "chance"
    reference_segments: int = REFERENCE_SEGMENTS
    min_segments: int = 10
    n_bootstrap: int = 200
    n_permutations: int = 999
    ci_level: float = 0.95
    alternative: str = "two-sided"
    onset_alpha: float = 0.05
    n_remove_directions: int | None = None
    topic_alpha: float = 0.5
    drop_outlier_topics: bool = True
    lexical_prior_weight: float = 0.1
    lexical_z: float = 1.96
    separability: bool = False
    include_flagged_in_trend: bool = False

    def __post_init__(self) -> None:
        unknown = sorted(set(self.weights) - set(COMPONENTS))
        if unknown:
            raise ConfigError(
                f"[convergence.weights]: unknown component(s) {', '.join(unknown)}. "
                f"Fix: use only {', '.join(COMPONENTS)}."
            )
        if any(w < 0 for w in self.weights.values()) or not any(w > 0 for w in self.weights.values()):
            raise ConfigError(
                f"[convergence.weights] = {self.weights}: weights must be non-negative with at least one positive. "
                f"Fix: e.g. semantic = 1, thematic = 1, lexical = 1."
            )
        checks = [
            (
                self.calibration in CALIBRATIONS,
                f"calibration = {self.calibration!r} is not one of {', '.join(CALIBRATIONS)}",
            ),
            (self.reference_segments >= 1, "reference_segments must be at least 1"),
            (self.min_segments >= 1, "min_segments must be at least 1"),
            (self.n_bootstrap >= 0, "n_bootstrap must be non-negative"),
            (self.n_permutations >= 0, "n_permutations must be non-negative"),
            (0 < self.ci_level < 1, "ci_level must lie strictly between 0 and 1"),
            (0 < self.onset_alpha < 1, "onset_alpha must lie strictly between 0 and 1"),
            (self.topic_alpha >= 0, "topic_alpha must be non-negative"),
            (self.lexical_prior_weight > 0, "lexical_prior_weight must be positive"),
            (self.lexical_z >= 0, "lexical_z must be non-negative"),
            (self.alternative in ALTERNATIVES, f"alternative must be one of {', '.join(ALTERNATIVES)}"),
            (self.n_remove_directions is None or self.n_remove_directions >= 0, "n_remove_directions must be >= 0"),
        ]
        for ok, message in checks:
            if not ok:
                raise ConfigError(f"[convergence]: {message}. Fix: correct the value in your configuration.")

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> ConvergenceConfig:
        """Build from a mapping (e.g. the ``[convergence]`` TOML table); unknown keys are an error.

        A ``weights`` table is merged over the defaults: ``{"lexical": 0}`` turns the lexical
        component off and keeps the other two at 1.

        Examples
        --------
        >>> ConvergenceConfig.from_dict({"n_bootstrap": 50}).n_bootstrap
        50
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(
                f"[convergence]: unknown key(s) {', '.join(unknown)}. Fix: remove them; known keys are "
                f"{', '.join(sorted(known))}."
            )
        given = dict(values)
        if "weights" in given:
            given["weights"] = {**_default_weights(), **dict(given["weights"])}
        return cls(**given)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def removed_directions(self, dim: int) -> int:
        """Directions the anisotropy correction considers removing for embeddings of ``dim`` dimensions."""
        if self.n_remove_directions is not None:
            return self.n_remove_directions
        return 0 if self.calibration == "chance" else max(1, round(dim / 100))
