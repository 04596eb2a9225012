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


class _Payload:
    """What a hostile model.pkl does when unpickled: here, leave a file behind."""

    def __init__(self, witness):
        self.witness = witness

    def __reduce__(self):
        import pathlib

        return (pathlib.Path.touch, (pathlib.Path(self.witness),))


def test_persist_refuses_a_pickle_its_user_did_not_sign_before_unpickling_it(tiny, tmp_path, monkeypatch):
    import hashlib
    import pickle

    texts, embeddings = tiny
    folder = save_topic_model(fit_topics(texts, embeddings), tmp_path / "m")
    witness = tmp_path / "code-ran"
    forged = pickle.dumps(_Payload(witness))
    (folder / "model.pkl").write_bytes(forged)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["sha256"] = hashlib.sha256(forged).hexdigest()  # a checksum anyone can recompute
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ChartertextError, match="not saved under your user account.*can run any code"):
        load_topic_model(folder)
    assert not witness.exists()


def test_persist_a_model_saved_by_another_account_loads_only_with_trust(tiny, tmp_path, monkeypatch):
    texts, embeddings = tiny
    folder = save_topic_model(fit_topics(texts, embeddings), tmp_path / "m")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "colleague"))
    with pytest.raises(ChartertextError, match="trust=True"):
        load_topic_model(folder)
    assert load_topic_model(folder, trust=True).n_topics == fit_topics(texts, embeddings).n_topics
