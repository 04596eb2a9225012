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


def test_config_removed_directions_default_depends_on_the_calibration():
    # Chance calibration divides by the within-group distance, so it only centres by default;
    # the raw ratio keeps the all-but-the-top rule of dim / 100.
    assert ConvergenceConfig().removed_directions(384) == 0
    assert ConvergenceConfig(calibration="none").removed_directions(384) == 4
    assert ConvergenceConfig(n_remove_directions=2).removed_directions(384) == 2
