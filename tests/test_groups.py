"""One body, two speaker groups: regrouping by the actor table's group column, and the one-group status."""

import numpy as np
import pandas as pd
import pytest

from chartertext.config import GroupsConfig, RunConfig
from chartertext.errors import ConfigError
from chartertext.groups import regroup
from chartertext.metrics import ConvergenceConfig, measure_convergence
from chartertext.synthetic.meetings import planted_meetings

SPEAKERS = {"groupe-0": ["M. le Maire", "Mme Roy (adjointe)"], "groupe-1": ["M. Petit", "Mme Chérif"]}
FAST = ConvergenceConfig(n_bootstrap=20, n_permutations=199, power_simulations=0)


def _one_body(tmp_path, convergence):
    """A council whose sittings hold both speaker groups' turns (planted groups become speakers)."""
    planted = planted_meetings(3, n_groups=2, n_periods=8, meetings=(3,), icc=0.1, separation=1.0,
                               convergence=convergence)
    seg = planted.segments.copy()
    sitting = seg.groupby(["group", "period"])["meeting"].rank(method="dense").astype(int)
    rows = np.arange(len(seg))
    seg["speaker"] = [SPEAKERS[g][i % 2] for g, i in zip(seg["group"], rows)]
    seg.loc[rows % 17 == 0, "speaker"] = None  # turns whose speaker the segmenter missed
    seg["doc_id"] = [f"séance-{p}-{k}" for p, k in zip(seg["period"], sitting)]
    seg["group"], seg["doc_kind"] = "conseil-municipal", "minutes"
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(
        "alias,actor,kind,note,group\n"
        "M. le Maire,Le Maire,role,,majorité\nMme Roy (adjointe),Anne Roy,person,,majorité\n"
        "M. Petit,Jean Petit,person,,opposition\nMme Chérif,Lina Chérif,person,,\n"
        "Lina Chérif,Lina Chérif,person,,opposition\n",
        encoding="utf-8",
    )
    return seg.drop(columns="meeting"), planted.vectors, str(aliases)


def test_groups_one_body_is_reported_as_one_group_not_nan(tmp_path):
    seg, vectors, _ = _one_body(tmp_path, np.linspace(0, 0.9, 8))
    result = measure_convergence(seg, embeddings=vectors, config=FAST, seed=1)
    assert result.status == "one_group"
    assert "conseil-municipal" in result.status_reason
    assert result.to_summary()["status"] == "one_group"


@pytest.mark.parametrize(("schedule", "significant"), [(np.linspace(0, 0.9, 8), True), (np.zeros(8), False)])
def test_groups_speaker_groups_of_one_body_converge_or_not(tmp_path, schedule, significant):
    seg, vectors, aliases = _one_body(tmp_path, schedule)
    grouped, notes = regroup(seg, GroupsConfig(by="speaker.group"), aliases)
    assert set(grouped["group"].dropna()) == {"majorité", "opposition"}  # Chérif's group comes from her actor
    assert grouped["group"].isna().sum() == (np.arange(len(seg)) % 17 == 0).sum()
    assert notes and "left out" in notes[0]
    assert grouped["doc_id"].tolist() == seg["doc_id"].tolist()  # the sitting stays the meeting
    result = measure_convergence(grouped, embeddings=vectors, config=FAST, seed=1)
    assert result.status == "ok"
    assert (result.trend.p_value < 0.05) is significant


def test_groups_by_speaker_field_needs_the_actor_table():
    seg = pd.DataFrame({"group": ["cm"], "speaker": ["M. le Maire"], "doc_kind": ["minutes"]})
    with pytest.raises(ConfigError, match="aliases"):
        regroup(seg, GroupsConfig(by="speaker.group"), None)


def test_groups_config_rejects_an_unknown_grouping():
    assert RunConfig.from_dict({"groups": {"by": "speaker"}}).groups.by == "speaker"
    with pytest.raises(ConfigError, match="groups.by"):
        GroupsConfig(by="speaker.parti")
