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
#: How the components are scaled: "chance" (ratio to chance, :mod:`.chance`), the only scale
#: since summary schema 2. The raw measures of version 0.1 ("none") were segment-level and are
#: refused with a fix; their functions stay in the API. Each value is tested.
CALIBRATIONS: tuple[str, ...] = ("chance",)
#: Group names (case-folded substrings) of joint sessions: a meeting of several groups, not a group.
JOINT_GROUPS: tuple[str, ...] = ("plénière", "pleniere", "plenary", "inter-commission", "intercommission", "joint")


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
    calibration : {"chance"}, default "chance"
        Every component is the groups' centroid distance (leave-meeting-out,
        :mod:`.meetings`) as a ratio to each group's spread between its own meetings, scaled to
        [0, 1] (:func:`.chance.chance_scale`); 1 = no further apart than two meetings of one
        group. "none" (the segment-level raw measures of 0.1) is refused since summary schema 2.
    reference_segments : int, default 10
        Segments per group at which the ratio to chance is expressed (a meeting's worth of
        paragraphs): 1 / (1 + m D / S) with m this number.
    min_segments : int, default 10
        Segments a group needs in a period to be compared there (see
        :func:`chartertext.periods.flag_periods`).
    min_meetings : int, default 2
        Meetings a group needs in a period to be compared there. Two is the least for which
        the spread between its meetings is defined; 1 falls back to pairs of segments of one
        meeting, which read closer than a group is (an error: the estimate would again depend
        on how many meetings a period holds).
    n_bootstrap : int, default 200
        Bootstrap resamples of meetings, within each group × period, for the intervals; 0
        skips them (NaN).
    n_permutations : int, default 999
        Permutations of the meetings' period labels within each group for the trend and onset
        tests; 0 skips them (NaN p-values, no onset).
    ci_level : float, default 0.95
    alternative : {"greater", "two-sided", "less"}, default "greater"
        Alternative of the primary trend test, declared before looking at the data:
        "greater" = the groups converge (the hypothesis of a study of collaborative effects).
        "two-sided" measures deviations from the null mean, so it stays correct when the
        permutation null is not centred on zero.
    onset_alpha : float, default 0.05
        Significance level (after Holm's adjustment) below which an onset is reported.
    onset_min_shift : float, default 0.05
        Smallest rise of the composition-adjusted index (after minus before) that is reported
        as an onset, in index units: a significant but tiny step is not an onset.
    joint_groups : tuple of str
        Case-folded substrings of group names that mark a joint session (a meeting of several
        groups, e.g. the plenary): its segments are left out of the comparison between groups,
        and counted in a warning, rather than compared as one more group.
    shock_share : float, default 0.1
        Share of the segments closest to the charter drafts (given as ``shock_scores``) left out
        in the common-shock check; 0 turns the check off.
    exclude_shock : bool, default False
        Leave those segments out of the primary estimate too (not only the check).
    power_simulations : int, default 200
        Planted corpora of this corpus's design simulated per effect size for the power of the
        trend test (:mod:`.power`); 0 skips it.
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
        No effect since summary schema 2: the trend is estimated on a fixed panel of pairs of
        groups, so every computable period enters it whatever its flags.
    """

    weights: dict[str, float] = field(default_factory=_default_weights)
    calibration: str = "chance"
    reference_segments: int = REFERENCE_SEGMENTS
    min_segments: int = 10
    min_meetings: int = 2
    n_bootstrap: int = 200
    n_permutations: int = 999
    ci_level: float = 0.95
    alternative: str = "greater"
    onset_alpha: float = 0.05
    onset_min_shift: float = 0.05
    joint_groups: tuple[str, ...] = JOINT_GROUPS
    shock_share: float = 0.1
    exclude_shock: bool = False
    power_simulations: int = 200
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
        object.__setattr__(self, "joint_groups", tuple(str(g).casefold() for g in self.joint_groups))
        checks = [
            (
                self.calibration in CALIBRATIONS,
                f"calibration = {self.calibration!r} is not one of {', '.join(CALIBRATIONS)}"
                + (" (the segment-level raw measures were removed in summary schema 2)" if self.calibration == "none" else ""),
            ),
            (self.min_meetings >= 2, "min_meetings must be at least 2 (the spread between meetings needs two)"),
            (self.onset_min_shift >= 0, "onset_min_shift must be non-negative"),
            (0 <= self.shock_share < 1, "shock_share must lie in [0, 1)"),
            (self.power_simulations >= 0, "power_simulations must be non-negative"),
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
        out = asdict(self)
        out["joint_groups"] = list(self.joint_groups)
        return out

    def is_joint(self, group: str) -> bool:
        """Whether ``group`` names a joint session (see ``joint_groups``)."""
        folded = str(group).casefold()
        return any(marker in folded for marker in self.joint_groups)

    def removed_directions(self, dim: int) -> int:
        """Directions the anisotropy correction considers removing for embeddings of ``dim`` dimensions."""
        if self.n_remove_directions is not None:
            return self.n_remove_directions
        return 0 if self.calibration == "chance" else max(1, round(dim / 100))
