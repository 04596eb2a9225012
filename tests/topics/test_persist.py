from __future__ import annotations

import json

import numpy as np
import pytest

from chartertext.errors import ChartertextError
from chartertext.topics import fit_topics, load_topic_model, save_topic_model


@pytest.mark.slow
def test_persist_loaded_model_transforms_like_the_saved_one(planted, planted_model, tmp_path):
    texts, _, embeddings = planted
    before = planted_model.transform(texts[:15], embeddings[:15])
    folder = save_topic_model(planted_model, tmp_path / "topics")
    assert {p.name for p in folder.iterdir()} == {"model.pkl", "manifest.json", "config.json", "topic_info.csv"}
    loaded = load_topic_model(folder)
    after = loaded.transform(texts[:15], embeddings[:15])
    assert after["topic"].tolist() == before["topic"].tolist()
    assert np.allclose(after["similarity"], before["similarity"])
    assert loaded.labels_ == planted_model.labels_
    assert loaded.config == planted_model.config
    assert "solidarité" in (folder / "topic_info.csv").read_text(encoding="utf-8")


def test_persist_small_model_round_trips(tiny, tmp_path):
    texts, embeddings = tiny
    model = fit_topics(texts, embeddings)
    save_topic_model(model, tmp_path / "m")
    loaded = load_topic_model(tmp_path / "m")
    assert loaded.transform(texts, embeddings)["topic"].tolist() == model.transform(texts, embeddings)["topic"].tolist()
    assert np.array_equal(loaded.topics_, model.topics_)
    # saving again into the same folder replaces the model
    save_topic_model(loaded, tmp_path / "m")


def test_persist_detects_a_modified_model_file(tiny, tmp_path):
    texts, embeddings = tiny
    folder = save_topic_model(fit_topics(texts, embeddings), tmp_path / "m")
    (folder / "model.pkl").write_bytes((folder / "model.pkl").read_bytes()[:-10])
    with pytest.raises(ChartertextError, match="SHA-256"):
        load_topic_model(folder)


def test_persist_warns_when_library_versions_differ(tiny, tmp_path):
    texts, embeddings = tiny
    folder = save_topic_model(fit_topics(texts, embeddings), tmp_path / "m")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["versions"]["bertopic"] = "0.1.0"
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.warns(UserWarning, match="bertopic 0.1.0"):
        load_topic_model(folder)


def test_persist_refuses_to_overwrite_other_files(tiny, tmp_path):
    (tmp_path / "notes.txt").write_text("mes notes", encoding="utf-8")
    texts, embeddings = tiny
    with pytest.raises(ChartertextError, match="not empty"):
        save_topic_model(fit_topics(texts, embeddings), tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mes notes"


def test_persist_load_names_the_folder_when_nothing_was_saved(tmp_path):
    with pytest.raises(ChartertextError, match=f"{tmp_path}.*not a saved topic model"):
        load_topic_model(tmp_path)
