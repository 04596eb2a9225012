"""Convergence settings: defaults, unknown keys and bad values rejected with their names."""

from __future__ import annotations

import pytest

from chartertext.errors import ConfigError
from chartertext.metrics.config import CALIBRATIONS, ConvergenceConfig


def test_config_unknown_key_is_named():
    with pytest.raises(ConfigError, match="n_boot\\b.*known keys"):
        ConvergenceConfig.from_dict({"n_boot": 10})


def test_config_weights_merge_over_defaults_and_reject_unknown_components():
    cfg = ConvergenceConfig.from_dict({"weights": {"lexical": 0}})
    assert cfg.weights == {"semantic": 1.0, "thematic": 1.0, "lexical": 0}
    with pytest.raises(ConfigError, match="lexicon"):
        ConvergenceConfig.from_dict({"weights": {"lexicon": 1}})
    with pytest.raises(ConfigError, match="at least one positive"):
        ConvergenceConfig(weights={"semantic": 0, "thematic": 0, "lexical": 0})


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("ci_level", 1.5),
        ("n_bootstrap", -1),
        ("alternative", "up"),
        ("min_segments", 0),
        ("lexical_prior_weight", 0),
        ("calibration", "zscore"),
        ("reference_segments", 0),
    ],
)
def test_config_bad_values_are_named(key, value):
    with pytest.raises(ConfigError, match=key):
        ConvergenceConfig.from_dict({key: value})


@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_config_each_documented_alternative_is_accepted(alternative):
    assert ConvergenceConfig(alternative=alternative).alternative == alternative


@pytest.mark.parametrize("calibration", CALIBRATIONS)
def test_config_each_documented_calibration_is_accepted(calibration):
    assert ConvergenceConfig.from_dict({"calibration": calibration}).calibration == calibration


def test_config_removed_directions_default_is_centring_only():
    # The index divides by the spread between meetings, so it only centres by default.
    assert ConvergenceConfig().removed_directions(384) == 0
    assert ConvergenceConfig(n_remove_directions=2).removed_directions(384) == 2


def test_config_segment_level_calibration_none_is_refused_with_its_history():
    with pytest.raises(ConfigError, match="removed in summary schema 2"):
        ConvergenceConfig(calibration="none")


def test_config_primary_test_is_one_sided_and_meetings_are_the_unit_by_default():
    cfg = ConvergenceConfig()
    assert cfg.alternative == "greater" and cfg.min_meetings == 2
    with pytest.raises(ConfigError, match="min_meetings"):
        ConvergenceConfig(min_meetings=1)


def test_config_joint_sessions_are_recognised_by_name():
    cfg = ConvergenceConfig.from_dict({"joint_groups": ["Plénière"]})
    assert cfg.is_joint("séance PLÉNIÈRE du réseau") and not cfg.is_joint("logement")
