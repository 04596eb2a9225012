"""Ingesting whole corpus folders: the real public corpora, and folders with bad documents."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from chartertext.corpus import ingest_corpus
from chartertext.errors import CorpusError, DocumentError
from chartertext.ingest.walk import DESCRIBES_CORPUS, NOT_LISTED
from chartertext.records import SEGMENT_COLUMNS, SkippedFile

REAL = ("paris14-conseil-quartier", "couthenans-conseil-municipal", "chartes-nationales")


def _manifest(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}


@pytest.fixture(scope="module")
def real_corpora(shared_corpora):
    return {name: ingest_corpus(shared_corpora / name) for name in REAL}


@pytest.fixture(scope="module")
def real_corpora_walked(shared_corpora):
    return {name: ingest_corpus(shared_corpora / name, use_manifest=False) for name in REAL}


@pytest.mark.parametrize("mode", ["manifest", "walk"])
@pytest.mark.parametrize("name", REAL)
def test_corpus_real_accounts_for_every_file_on_disk(real_corpora, real_corpora_walked, shared_corpora, name, mode):
    corpus = (real_corpora if mode == "manifest" else real_corpora_walked)[name]
    on_disk = sum(1 for p in (shared_corpora / name).rglob("*") if p.is_file())
    counts = corpus.file_counts()
    assert counts["found"] == on_disk == counts["ingested"] + counts["skipped"] + counts["failed"]
    assert counts["ingested"] == len({d.path for d in corpus.documents})
    assert counts["failed"] == 0 and counts["skipped"] >= 2  # at least SOURCE.md and manifest.csv


@pytest.mark.parametrize("name", REAL)
def test_corpus_real_ingests_every_document_with_manifest_dates(real_corpora, shared_corpora, name):
    corpus = real_corpora[name]
    rows = _manifest(shared_corpora / name / "manifest.csv")
    assert corpus.errors == ()
    assert len(corpus.documents) == len(rows)
    for row in rows:
        doc = corpus.document(row["doc_id"])
        expected = dt.date.fromisoformat(row["date"]) if row["date"] else None
        assert doc.date == expected, row["path"]
        assert doc.group == (row["group"] or None)
        assert doc.kind == row["kind"]
        assert doc.sources["date"] == "manifest"


@pytest.mark.parametrize("name", REAL)
def test_corpus_real_segments_quote_their_document(real_corpora, name):
    corpus = real_corpora[name]
    seg = corpus.segments
    assert list(seg.columns) == list(SEGMENT_COLUMNS)
    assert seg["segment_id"].is_unique
    texts = {d.doc_id: d.text for d in corpus.documents}
    for row in seg.itertuples(index=False):
        assert texts[row.doc_id][row.start : row.end] == row.text
    # every document gives segments, and French accents survive the whole stage
    assert set(seg["doc_id"]) == set(texts)
    assert seg["text"].str.contains("é").sum() > len(texts)


def test_corpus_real_without_manifest_finds_html_minutes_dates(shared_corpora, real_corpora_walked):
    root = shared_corpora / "paris14-conseil-quartier"
    corpus = real_corpora_walked["paris14-conseil-quartier"]
    by_path = {d.path: d for d in corpus.documents}
    html_minutes = [r for r in _manifest(root / "manifest.csv") if r["path"].endswith(".html") and r["kind"] == "minutes"]
    assert len(html_minutes) == 24
    wrong = [
        (r["path"], by_path[r["path"]].date, r["date"])
        for r in html_minutes
        if by_path[r["path"]].date != dt.date.fromisoformat(r["date"])
    ]
    assert wrong == []
    # the group comes from the file name ("comite-animation_cra1.html"), not from the lone docs/ folder
    assert by_path["docs/comite-animation_cra1.html"].group == "comite-animation"
    assert by_path["docs/charte-conseils-de-quartier-14e.html"].kind == "charter"
    assert SkippedFile("SOURCE.md", DESCRIBES_CORPUS) in corpus.skipped


def test_corpus_real_is_left_untouched(shared_corpora):
    root = shared_corpora / "chartes-nationales"
    before = _tree(root)
    ingest_corpus(root)
    assert _tree(root) == before


def _write_manifest(root: Path, rows: list[tuple[str, ...]]) -> None:
    lines = ["path,doc_id,kind,date,group,title", *(",".join(r) for r in rows)]
    (root / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def messy_corpus(tmp_path: Path) -> Path:
    """A folder where most documents are fine and each bad one is bad in its own way."""
    root = tmp_path / "corpus"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "cr1.txt").write_text(
        "Compte rendu de la réunion du 16 juin 2020\n\nMme Dupont présente le projet de charte.\n", encoding="utf-8"
    )
    (root / "docs" / "cr2.txt").write_text(
        "Réunion du 14 12 2020\n\nLa commission débat de la solidarité.\n", encoding="cp1252"
    )
    (root / "docs" / "empty.txt").write_bytes(b"")
    (root / "docs" / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00")
    (root / "docs" / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj<<>>\nthis is not a pdf")
    (root / "docs" / "table.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "secret.txt").write_text("Hors du corpus.", encoding="utf-8")
    _write_manifest(
        root,
        [
            ("docs/cr1.txt", "cr1", "minutes", "2020-06-16", "logement", "CR 1"),
            ("docs/cr2.txt", "cr2", "minutes", "2020-12-14", "santé", "CR 2"),
            ("docs/empty.txt", "empty", "minutes", "2020-06-01", "logement", "vide"),
            ("docs/binary.txt", "binary", "minutes", "2020-06-01", "logement", "binaire"),
            ("docs/broken.pdf", "broken", "minutes", "2020-06-01", "logement", "cassé"),
            ("docs/missing.txt", "missing", "minutes", "2020-06-01", "logement", "absent"),
            ("../secret.txt", "secret", "minutes", "2020-06-01", "logement", "dehors"),
            ("docs/cr1.txt", "cr1", "minutes", "2020-06-16", "logement", "doublon"),
            ("docs/cr2.txt", "bad-date", "minutes", "2020-02-30", "logement", "date"),
        ],
    )
    return root


def test_corpus_bad_documents_are_reported_and_the_rest_goes_on(messy_corpus):
    before = _tree(messy_corpus)
    corpus = ingest_corpus(messy_corpus)
    assert [d.doc_id for d in corpus.documents] == ["cr1", "cr2"]
    assert corpus.document("cr2").text.startswith("Réunion du 14 12 2020")  # cp1252 decoded, accents kept
    reported = {e.path for e in corpus.errors}
    for path in ("docs/empty.txt", "docs/binary.txt", "docs/broken.pdf", "docs/missing.txt", "../secret.txt"):
        assert path in reported
    assert len(corpus.errors) == 7  # the five above, the duplicate doc_id and the impossible date
    for err in corpus.errors:
        assert err.reason and err.fix
    assert _tree(messy_corpus) == before


def test_corpus_files_give_each_file_on_disk_one_status_with_a_manifest(messy_corpus):
    corpus = ingest_corpus(messy_corpus)
    files = {f.path: f for f in corpus.files}
    assert {p: f.status for p, f in files.items()} == {
        "docs/cr1.txt": "ingested", "docs/cr2.txt": "ingested", "docs/empty.txt": "failed",
        "docs/binary.txt": "failed", "docs/broken.pdf": "failed", "docs/table.xlsx": "skipped",
        "manifest.csv": "skipped",
    }  # fmt: skip
    # a file read once but listed again keeps the later rows' errors beside its document
    assert files["docs/cr1.txt"].doc_ids == ("cr1",) and "already used" in files["docs/cr1.txt"].reason
    assert files["docs/cr2.txt"].doc_ids == ("cr2",) and "2020-02-30" in files["docs/cr2.txt"].reason
    assert "empty" in files["docs/empty.txt"].reason and files["docs/empty.txt"].fix
    assert files["docs/table.xlsx"].reason == NOT_LISTED
    # rows naming no file on disk (missing, outside the folder) are errors, not files
    assert corpus.file_counts() == {"found": 7, "ingested": 2, "skipped": 2, "failed": 3}


def test_corpus_strict_stops_at_the_first_error(messy_corpus):
    with pytest.raises(DocumentError) as info:
        ingest_corpus(messy_corpus, strict=True)
    assert info.value.path and info.value.fix


def test_corpus_walk_reports_unsupported_files_and_never_leaves_the_folder(messy_corpus, tmp_path):
    (messy_corpus / "manifest.csv").unlink()
    (messy_corpus / "docs" / "lien.txt").symlink_to(tmp_path / "secret.txt")
    corpus = ingest_corpus(messy_corpus)
    reasons = {e.path: e.reason for e in corpus.errors}
    assert "unsupported" in reasons["docs/table.xlsx"]
    assert "outside" in reasons["docs/lien.txt"]
    assert all("Hors du corpus" not in d.text for d in corpus.documents)
    dates = {d.doc_id: (d.date, d.sources["date"]) for d in corpus.documents}
    # the lone docs/ folder is not a group, and the date comes from the text
    assert dates["cr1"] == (dt.date(2020, 6, 16), "text")


def test_corpus_missing_folder_or_nothing_readable_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="no such corpus folder"):
        ingest_corpus(tmp_path / "absent")
    (tmp_path / "only.xlsx").write_bytes(b"PK")
    with pytest.raises(CorpusError, match="no document could be ingested"):
        ingest_corpus(tmp_path)


def test_corpus_reads_scdl_and_iramuteq_files_as_several_documents(tmp_path):
    root = tmp_path / "opendata"
    root.mkdir()
    (root / "deliberations.csv").write_text(
        "COLL_NOM;COLL_SIRET;DELIB_ID;DELIB_DATE;DELIB_MATIERE_CODE;DELIB_MATIERE_NOM;DELIB_OBJET\n"
        "Ville de Lyon;21690123100011;D2021-01;2021-03-15;7.5;Subventions;Subvention à l'association Solidarité Logement\n"
        "Ville de Lyon;21690123100011;D2021-02;2021-04-12;8.2;Aide sociale;Charte de l'accueil des personnes âgées\n",
        encoding="utf-8",
    )
    (root / "corpus_iramuteq.txt").write_text(
        "**** *commission_logement *date_2020-09-15\nLa commission évoque la dignité des personnes hébergées.\n\n"
        "**** *commission_santé *date_2020-10-06\nL'écoute des patients reste la priorité.\n",
        encoding="utf-8",
    )
    corpus = ingest_corpus(root)
    assert corpus.errors == ()
    by_group: dict[str | None, list] = {}
    for doc in corpus.documents:
        by_group.setdefault(doc.group, []).append(doc)
    assert sorted(d.date for d in by_group["Ville de Lyon"]) == [dt.date(2021, 3, 15), dt.date(2021, 4, 12)]
    assert {d.format for d in corpus.documents} == {"scdl", "iramuteq"}
    assert [d.date for d in by_group["logement"]] == [dt.date(2020, 9, 15)]
    assert by_group["santé"][0].text == "L'écoute des patients reste la priorité."
    assert len({d.doc_id for d in corpus.documents}) == 4


@pytest.mark.parametrize("codec", ["cp850", "cp1252"])
def test_corpus_file_names_in_a_windows_code_page_are_read(tmp_path, codec):
    import os

    name = "compte-rendu-séance-du-9-mai.txt".encode(codec)  # as unzipped from a French Windows zip
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as handle:
        handle.write("Séance du 9 mai 2021\n\nLe budget est voté.\n".encode())
    corpus = ingest_corpus(tmp_path)
    assert corpus.errors == ()
    assert [d.path for d in corpus.documents] == ["compte-rendu-séance-du-9-mai.txt"]
    assert corpus.documents[0].text.startswith("Séance du 9 mai 2021")
