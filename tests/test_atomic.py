"""The output-folder guard: ``--force`` replaces only what chartertext wrote, never the user's folders."""

from __future__ import annotations

import pytest

from chartertext.atomic import OUTPUT_MARKER, check_output_folder, mark_output_folder
from chartertext.errors import ChartertextError


@pytest.fixture
def parent(tmp_path, monkeypatch):
    """parent/corpus holding one document, parent/notes.txt, and the working folder elsewhere."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "cr.txt").write_text("Séance du 3 mai", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("mes notes", encoding="utf-8")
    work = tmp_path.parent / f"{tmp_path.name}-work"
    work.mkdir(exist_ok=True)
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(tmp_path.parent / f"{tmp_path.name}-home"))
    return tmp_path


@pytest.mark.parametrize("out", ["corpus", ".", "corpus/rapport"])
def test_atomic_guard_refuses_the_corpus_its_parent_and_inside_it(parent, out):
    with pytest.raises(ChartertextError, match="corpus folder"):
        check_output_folder(parent / out, force=True, corpus_root=parent / "corpus")


def test_atomic_guard_refuses_the_working_folder_home_and_root(parent, monkeypatch):
    for out, what in ((".", "the working folder"), ("..", "the working folder"), ("/", "the working folder")):
        with pytest.raises(ChartertextError, match=what):
            check_output_folder(out, force=True)
    home = parent / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(ChartertextError, match="your home folder"):
        check_output_folder("~", force=True)


def test_atomic_guard_force_needs_the_marker_or_an_empty_folder(parent):
    out = parent / "rapport"
    out.mkdir()
    check_output_folder(out, force=True)  # empty: nothing to lose
    (out / "a.csv").write_text("x", encoding="utf-8")
    with pytest.raises(ChartertextError, match="already exists.*--force"):
        check_output_folder(out, force=False)
    with pytest.raises(ChartertextError, match=OUTPUT_MARKER):
        check_output_folder(out, force=True)
    mark_output_folder(out)
    check_output_folder(out, force=True, corpus_root=parent / "corpus")
    check_output_folder(parent / "nouveau", force=False, corpus_root=parent / "corpus")
