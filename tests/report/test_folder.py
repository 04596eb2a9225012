"""A report folder appears whole or not at all."""

from __future__ import annotations

import pytest

from chartertext.atomic import OUTPUT_MARKER, mark_output_folder
from chartertext.errors import ChartertextError
from chartertext.report.folder import staged_folder


def test_folder_appears_only_when_complete(tmp_path):
    target = tmp_path / "rapport"
    with staged_folder(target) as folder:
        (folder / "summary.json").write_text("{}", encoding="utf-8")
        assert not target.exists()
    assert (target / "summary.json").read_text(encoding="utf-8") == "{}"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport"]


def test_folder_failure_leaves_nothing_and_keeps_the_old_report(tmp_path):
    target = tmp_path / "rapport"
    target.mkdir()
    mark_output_folder(target)
    (target / "summary.json").write_text("ancien", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with staged_folder(target, force=True) as folder:
            (folder / "summary.json").write_text("nouveau", encoding="utf-8")
            raise RuntimeError("interrompu")
    assert (target / "summary.json").read_text(encoding="utf-8") == "ancien"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport"]


def test_folder_existing_needs_force_and_is_then_replaced(tmp_path):
    target = tmp_path / "rapport"
    target.mkdir()
    mark_output_folder(target)
    (target / "vieux.csv").write_text("x", encoding="utf-8")
    with pytest.raises(ChartertextError, match="--force"):
        with staged_folder(target):
            pass
    with staged_folder(target, force=True) as folder:
        (folder / "neuf.csv").write_text("y", encoding="utf-8")
    assert sorted(p.name for p in target.iterdir()) == [OUTPUT_MARKER, "neuf.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["rapport"]


def test_folder_force_refuses_a_folder_chartertext_did_not_write(tmp_path):
    target = tmp_path / "these"
    target.mkdir()
    (target / "chapitre1.docx").write_text("irremplaçable", encoding="utf-8")
    with pytest.raises(ChartertextError, match=f"not written by chartertext .no {OUTPUT_MARKER}"):
        with staged_folder(target, force=True):
            pass
    assert (target / "chapitre1.docx").read_text(encoding="utf-8") == "irremplaçable"
    assert [p.name for p in tmp_path.iterdir()] == ["these"]
