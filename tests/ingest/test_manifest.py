"""manifest.csv: required columns, encodings, separators, and each way a row can be rejected."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chartertext.errors import CorpusError
from chartertext.ingest.manifest import read_manifest

HEADER = "path,doc_id,kind,date,group,title"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "docs").mkdir(parents=True)
    for name in ("cr1.txt", "cr2.txt", "charte.md"):
        (root / "docs" / name).write_text("Réunion du 16 juin 2020\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("Hors du corpus.\n", encoding="utf-8")
    return root


def _write(root: Path, *lines: str, encoding: str = "utf-8") -> None:
    (root / "manifest.csv").write_bytes(("\n".join(lines) + "\n").encode(encoding))


def _only_error(manifest):
    assert len(manifest.errors) == 1, manifest.errors
    err = manifest.errors[0]
    assert err.reason and err.fix
    return err


def test_manifest_absent_gives_none(corpus):
    assert read_manifest(corpus) is None


def test_manifest_rows_are_read_with_extra_columns(corpus):
    _write(
        corpus,
        HEADER + ",lieu,séance",
        "docs/cr1.txt,cr1,minutes,2020-06-16,logement,Réunion du 16 juin,Mairie,ordinaire",
        "docs/charte.md,charte,charter,,,,,",
    )
    manifest = read_manifest(corpus)
    assert manifest.errors == ()
    first, second = manifest.rows
    assert (first.path, first.doc_id, first.kind, first.date, first.group, first.title) == (
        "docs/cr1.txt", "cr1", "minutes", dt.date(2020, 6, 16), "logement", "Réunion du 16 juin"
    )
    assert first.file == (corpus / "docs" / "cr1.txt").resolve()
    assert first.extra == {"lieu": "Mairie", "séance": "ordinaire"}
    assert (second.date, second.group, second.title) == (None, None, "")


def test_manifest_missing_columns_name_them_and_the_file(corpus):
    _write(corpus, "path,doc_id,date", "docs/cr1.txt,cr1,2020-06-16")
    with pytest.raises(CorpusError) as info:
        read_manifest(corpus)
    message = str(info.value)
    assert "manifest.csv" in message
    for column in ("kind", "group", "title"):
        assert column in message


def test_manifest_utf8_bom_and_semicolons_are_read(corpus):
    (corpus / "manifest.csv").write_bytes(
        ("path;doc_id;kind;date;group;title\r\ndocs/cr1.txt;cr1;minutes;16/06/2020;santé;Séance\r\n").encode("utf-8-sig")
    )
    manifest = read_manifest(corpus)
    assert manifest.errors == ()
    row = manifest.rows[0]
    assert (row.doc_id, row.date, row.group) == ("cr1", dt.date(2020, 6, 16), "santé")


def test_manifest_cp1252_is_read_with_a_warning(corpus):
    _write(corpus, HEADER, "docs/cr1.txt,cr1,minutes,2020-06-16,comité d’animation,Réunion", encoding="cp1252")
    manifest = read_manifest(corpus)
    assert manifest.rows[0].group == "comité d’animation"
    assert any("cp1252" in w for w in manifest.warnings)


def test_manifest_missing_file_is_a_row_error_and_the_others_go_on(corpus):
    _write(corpus, HEADER, "docs/absent.txt,absent,minutes,,,", "docs/cr1.txt,cr1,minutes,,,")
    manifest = read_manifest(corpus)
    assert [r.doc_id for r in manifest.rows] == ["cr1"]
    err = _only_error(manifest)
    assert err.path == "docs/absent.txt"
    assert "line 2" in err.reason and "not found" in err.reason


@pytest.mark.parametrize("path", ["../secret.txt", "docs/../../secret.txt", "/etc/hostname", "C:\\corpus\\cr1.txt"])
def test_manifest_paths_leaving_the_corpus_are_rejected(corpus, path):
    _write(corpus, HEADER, f"{path},x,minutes,,,")
    manifest = read_manifest(corpus)
    assert manifest.rows == ()
    assert _only_error(manifest).path == path


def test_manifest_symlink_resolving_outside_is_rejected(corpus):
    (corpus / "docs" / "lien.txt").symlink_to(corpus.parent / "secret.txt")
    _write(corpus, HEADER, "docs/lien.txt,lien,minutes,,,")
    manifest = read_manifest(corpus)
    assert manifest.rows == ()
    assert "outside" in _only_error(manifest).reason


def test_manifest_dates_iso_french_impossible(corpus):
    _write(
        corpus,
        HEADER,
        "docs/cr1.txt,cr1,minutes,16 juin 2020,,",
        "docs/cr2.txt,cr2,minutes,2020-02-30,,",
        "docs/charte.md,charte,charter,bientôt,,",
    )
    manifest = read_manifest(corpus)
    assert [(r.doc_id, r.date) for r in manifest.rows] == [("cr1", dt.date(2020, 6, 16))]
    assert [e.path for e in manifest.errors] == ["docs/cr2.txt", "docs/charte.md"]
    assert "2020-02-30" in manifest.errors[0].reason and "line 3" in manifest.errors[0].reason
    assert any("16 juin 2020" in w for w in manifest.warnings)


def test_manifest_date_without_year_is_rejected_not_guessed(corpus):
    _write(corpus, HEADER, "docs/cr1.txt,cr1,minutes,26/01,,", "docs/cr2.txt,cr2,minutes,26 janvier,,")
    manifest = read_manifest(corpus)
    assert manifest.rows == ()
    assert [e.path for e in manifest.errors] == ["docs/cr1.txt", "docs/cr2.txt"]
    assert all("has no year" in e.reason and "YYYY-MM-DD" in e.fix for e in manifest.errors)


def test_manifest_kind_synonyms_accepted_unknown_rejected_with_the_allowed_list(corpus):
    _write(corpus, HEADER, "docs/cr1.txt,cr1,PV,,,", "docs/charte.md,charte,Charte,,,", "docs/cr2.txt,cr2,rapport,,,")
    manifest = read_manifest(corpus)
    assert [(r.doc_id, r.kind) for r in manifest.rows] == [("cr1", "minutes"), ("charte", "charter")]
    err = _only_error(manifest)
    assert "rapport" in err.reason
    for kind in ("minutes", "charter", "draft", "other"):
        assert kind in err.fix


def test_manifest_duplicate_doc_id_rejects_the_later_row_naming_the_first(corpus):
    _write(corpus, HEADER, "docs/cr1.txt,cr,minutes,,,", "docs/cr2.txt,cr,minutes,,,")
    manifest = read_manifest(corpus)
    assert [r.path for r in manifest.rows] == ["docs/cr1.txt"]
    err = _only_error(manifest)
    assert err.path == "docs/cr2.txt"
    assert "line 3" in err.reason and "line 2" in err.reason


def test_manifest_duplicate_file_is_rejected_once(corpus):
    _write(corpus, HEADER, "docs/cr1.txt,a,minutes,,,", "./docs/cr1.txt,b,minutes,,,")
    manifest = read_manifest(corpus)
    assert [r.doc_id for r in manifest.rows] == ["a"]
    assert "line 2" in _only_error(manifest).reason


def test_manifest_empty_doc_id_is_derived_from_the_path_with_a_warning(corpus):
    (corpus / "docs" / "Réunion 3.txt").write_text("Texte\n", encoding="utf-8")
    _write(corpus, HEADER, "docs/Réunion 3.txt,,minutes,,,")
    manifest = read_manifest(corpus)
    assert manifest.rows[0].doc_id == "docs-Réunion-3"
    assert any("doc_id" in w for w in manifest.warnings)


def test_manifest_line_numbers_count_csv_lines_not_records(corpus):
    _write(
        corpus,
        HEADER,
        'docs/cr1.txt,cr1,minutes,,,"Titre sur',
        'deux lignes"',
        "",
        "docs/absent.txt,absent,minutes,,,",
    )
    manifest = read_manifest(corpus)
    assert manifest.rows[0].title == "Titre sur\ndeux lignes"
    assert "line 5" in _only_error(manifest).reason


def test_manifest_row_with_the_wrong_number_of_cells_is_rejected(corpus):
    _write(corpus, HEADER, "docs/cr1.txt,cr1,minutes,2020-06-16,logement,Titre, avec virgule", "docs/cr2.txt,cr2,minutes")
    manifest = read_manifest(corpus)
    assert manifest.rows == ()
    assert len(manifest.errors) == 2
    assert all("cells" in e.reason for e in manifest.errors)


def test_manifest_empty_kind_is_rejected(corpus):
    _write(corpus, HEADER, "docs/cr1.txt,cr1,,,,")
    assert "empty" in _only_error(read_manifest(corpus)).reason


@pytest.mark.parametrize(
    ("name", "rows"),
    [("paris14-conseil-quartier", 34), ("couthenans-conseil-municipal", 11), ("chartes-nationales", 5)],
)
def test_manifest_real_corpora_are_read_without_error(shared_corpora, name, rows):
    manifest = read_manifest(shared_corpora / name)
    assert manifest.errors == ()
    assert manifest.warnings == ()
    assert len(manifest.rows) == rows
    assert all(row.file.is_file() for row in manifest.rows)


def test_manifest_a_nul_byte_or_a_huge_cell_rejects_that_row_only(corpus):
    _write(
        corpus,
        "path,doc_id,kind,date,group,title",
        "docs/cr1\x00.txt,cr1,minutes,2020-06-16,logement,",
        'docs/cr2.txt,cr2,minutes,2020-06-17,logement,"' + "x" * 140_000 + '"',
        "docs/charte.md,charte,charter,,,",
    )
    manifest = read_manifest(corpus)
    assert [row.doc_id for row in manifest.rows] == ["charte"]
    reasons = [e.reason for e in manifest.errors]
    assert reasons[0].startswith("manifest.csv line 2: the path") and "control characters" in reasons[0]
    assert reasons[1] == "manifest.csv line 3: unreadable row (field larger than field limit (131072))"
