"""Every file under a corpus folder is ingested, skipped with a reason, or failed with a fix."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from chartertext.cli import app
from chartertext.corpus import ingest_corpus
from chartertext.errors import DocumentError
from chartertext.ingest.manifest import read_manifest
from chartertext.ingest.walk import (
    DEPENDENCIES,
    DESCRIBES_CORPUS,
    HIDDEN_FILE,
    HIDDEN_FOLDER,
    LOCK_FILE,
    MANIFEST,
    NOT_LISTED,
    SITE_MACHINERY,
    walk_corpus,
)
from chartertext.records import SkippedFile

IMAGE = "not a text document (image)"
WEB = "not a text document (web or code file)"


def _files_on_disk(root: Path) -> int:
    return sum(1 for p in root.rglob("*") if p.is_file())


def _minutes(title: str, date: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: {date}\n---\n# {title}\n\n{body}\n"


@pytest.fixture
def jekyll_site(tmp_path: Path) -> Path:
    """A neighbourhood council's website export, as a researcher downloads it."""
    root = tmp_path / "site"
    for folder in ("_cr", "_citoyens", "assets", "docs", ".git/objects/ab", ".git/refs", "_layouts", "_site/2021",
                   "node_modules/lunr"):
        (root / folder).mkdir(parents=True)
    (root / "_cr" / "2021-01-26-pleniere.md").write_text(
        _minutes("Plénière de janvier", "2021-01-26", "Mme Dupont ouvre la séance sur la solidarité."), encoding="utf-8"
    )
    (root / "_cr" / "2021-03-02-pleniere.md").write_text(
        _minutes("Plénière de mars", "2021-03-02", "Le conseil débat de la participation des habitants."),
        encoding="utf-8",
    )
    (root / "_citoyens" / "2021-02-10-atelier.md").write_text(
        _minutes("Atelier citoyen", "2021-02-10", "Les habitants proposent un jardin partagé."), encoding="utf-8"
    )
    (root / "docs" / "corpus_iramuteq.txt").write_text(
        "**** *commission_logement *date_2020-09-15\nLa commission évoque la dignité des personnes hébergées.\n\n"
        "**** *commission_sante *date_2020-10-06\nL'écoute des patients reste la priorité.\n",
        encoding="utf-8",
    )
    for name in (".git/HEAD", ".git/config", ".git/objects/ab/cdef01", ".git/refs/main"):
        (root / name).write_bytes(b"ref: refs/heads/main\n")
    (root / ".gitignore").write_text("_site\n", encoding="utf-8")
    (root / "_config.yml").write_text("title: Conseil de quartier\n", encoding="utf-8")
    # Jekyll's templates and the pages it generated (every post again, as HTML): not documents of their own
    (root / "_layouts" / "default.html").write_text("<html><body>{{ content }}</body></html>", encoding="utf-8")
    (root / "_site" / "index.html").write_text("<html><body>Plénière de janvier</body></html>", encoding="utf-8")
    (root / "_site" / "2021" / "pleniere.html").write_text("<p>Mme Dupont ouvre la séance.</p>", encoding="utf-8")
    (root / "node_modules" / "lunr" / "notes.md").write_text("# Search index\n", encoding="utf-8")
    (root / "README.md").write_text("# Site du conseil\n", encoding="utf-8")
    (root / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    (root / "assets" / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "assets" / "style.css").write_text("body { margin: 0 }\n", encoding="utf-8")
    (root / "docs" / "~$lock.docx").write_bytes(b"\x00owner")
    (root / "docs" / ".~lock.cr.odt#").write_text("owner,host", encoding="utf-8")
    (root / "docs" / "Thumbs.db").write_bytes(b"\x00\x01")
    (root / "docs" / "budget.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (root / "docs" / "scan.pdf").write_bytes(b"%PDF-1.7\n1 0 obj<<>>\nthis is not a pdf")
    return root


#: Every file of the site and what must become of it.
EXPECTED = {
    ".git/": ("skipped", HIDDEN_FOLDER),
    ".gitignore": ("skipped", HIDDEN_FILE),
    "README.md": ("skipped", DESCRIBES_CORPUS),
    "_citoyens/2021-02-10-atelier.md": ("ingested", ""),
    "_config.yml": ("skipped", WEB),
    "_layouts/": ("skipped", SITE_MACHINERY),
    "_site/": ("skipped", SITE_MACHINERY),
    "node_modules/": ("skipped", DEPENDENCIES),
    "_cr/2021-01-26-pleniere.md": ("ingested", ""),
    "_cr/2021-03-02-pleniere.md": ("ingested", ""),
    "assets/img.png": ("skipped", IMAGE),
    "assets/style.css": ("skipped", WEB),
    "docs/.~lock.cr.odt#": ("skipped", LOCK_FILE),
    "docs/Thumbs.db": ("skipped", LOCK_FILE),
    "docs/budget.xls": ("failed", "unsupported file type '.xls'"),
    "docs/corpus_iramuteq.txt": ("ingested", ""),
    "docs/scan.pdf": ("failed", "damaged"),
    "docs/~$lock.docx": ("skipped", LOCK_FILE),
    "logo.svg": ("skipped", IMAGE),
}


def test_walk_gives_every_file_of_a_site_export_its_status_and_reason(jekyll_site):
    corpus = ingest_corpus(jekyll_site)
    files = {f.path: f for f in corpus.files}
    assert sorted(files) == sorted(EXPECTED)
    for path, (status, reason) in EXPECTED.items():
        assert files[path].status == status, path
        assert reason in files[path].reason, path
        assert bool(files[path].fix) == (status == "failed"), path
    # the ".git" folder is one record standing for its four files
    assert (files[".git/"].files, files["_site/"].files) == (4, 2)
    # "_" folders are read like any other, with their front matter
    assert {d.title for d in corpus.documents if d.path.startswith("_")} == {
        "Plénière de janvier", "Plénière de mars", "Atelier citoyen"
    }  # fmt: skip
    # a file holding two IRaMuTeQ texts counts once, with both documents
    assert len(files["docs/corpus_iramuteq.txt"].doc_ids) == 2
    assert corpus.file_counts() == {"found": 23, "ingested": 4, "skipped": 17, "failed": 2}
    assert corpus.file_counts()["found"] == _files_on_disk(jekyll_site)
    assert {e.path for e in corpus.errors} == {"docs/budget.xls", "docs/scan.pdf"}


def test_walk_with_a_manifest_skips_the_files_it_does_not_list(jekyll_site):
    (jekyll_site / "manifest.csv").write_text(
        "path,doc_id,kind,date,group,title\n"
        "_cr/2021-01-26-pleniere.md,cr-janvier,minutes,2021-01-26,pleniere,\n"
        "_citoyens/2021-02-10-atelier.md,atelier,minutes,2021-02-10,citoyens,\n"
        "docs/absent.md,absent,minutes,2021-04-01,pleniere,\n",
        encoding="utf-8",
    )
    corpus = ingest_corpus(jekyll_site)
    files = {f.path: f for f in corpus.files}
    assert files["_cr/2021-01-26-pleniere.md"].doc_ids == ("cr-janvier",)
    assert files["manifest.csv"].reason == MANIFEST
    # not listed: a document, an unsupported file and a corrupt one are the manifest's business, not errors
    for path in ("_cr/2021-03-02-pleniere.md", "docs/budget.xls", "docs/scan.pdf"):
        assert (files[path].status, files[path].reason) == ("skipped", NOT_LISTED), path
    assert files["logo.svg"].reason == IMAGE  # the more telling reason wins
    # the manifest row naming a missing file is an error, but no file on disk
    assert [e.path for e in corpus.errors] == ["docs/absent.md"]
    assert corpus.file_counts() == {"found": 24, "ingested": 2, "skipped": 22, "failed": 0}
    assert corpus.file_counts()["found"] == _files_on_disk(jekyll_site)


def test_walk_strict_fails_on_errors_only_never_on_skipped_files(jekyll_site):
    (jekyll_site / "docs" / "budget.xls").unlink()
    with pytest.raises(DocumentError, match="scan.pdf"):
        ingest_corpus(jekyll_site, strict=True)
    (jekyll_site / "docs" / "scan.pdf").unlink()
    corpus = ingest_corpus(jekyll_site, strict=True)
    assert corpus.errors == ()
    assert corpus.file_counts()["skipped"] == 17


def test_walk_refuses_a_link_leaving_the_folder_and_counts_a_hidden_folder_once(tmp_path):
    root = tmp_path / "corpus"
    (root / ".obsidian" / "plugins").mkdir(parents=True)
    (root / ".obsidian" / "app.json").write_text("{}", encoding="utf-8")
    (root / ".obsidian" / "plugins" / "x.js").write_text("", encoding="utf-8")
    (tmp_path / "ailleurs").mkdir()
    (tmp_path / "ailleurs" / "secret.txt").write_text("Hors du corpus.", encoding="utf-8")
    (root / "dehors").symlink_to(tmp_path / "ailleurs", target_is_directory=True)
    (root / "cr.txt").write_text("Séance du 3 mai 2021.", encoding="utf-8")
    walk = walk_corpus(root.resolve())
    assert [s.rel for s in walk.documents] == ["cr.txt"]
    assert walk.skipped == (SkippedFile(".obsidian/", HIDDEN_FOLDER, 2),)
    assert [(e.path, "outside" in e.reason) for e in walk.errors] == [("dehors", True)]


def test_walk_reads_template_folder_names_outside_a_static_site(tmp_path):
    root = tmp_path / "corpus"
    (root / "layouts").mkdir(parents=True)
    (root / "_site").mkdir()
    (root / "layouts" / "cr.md").write_text("Séance du 3 mai 2021.", encoding="utf-8")
    (root / "_site" / "cr.md").write_text("Séance du 4 mai 2021.", encoding="utf-8")
    assert [s.rel for s in walk_corpus(root.resolve()).documents] == ["_site/cr.md", "layouts/cr.md"]
    (root / "hugo.toml").write_text('title = "Collectif"\n', encoding="utf-8")
    walk = walk_corpus(root.resolve())
    assert [s.rel for s in walk.documents] == ["_site/cr.md"]  # a Hugo site: only Hugo's own folders
    assert SkippedFile("layouts/", SITE_MACHINERY, 1) in walk.skipped


@pytest.mark.parametrize("use_manifest", [True, False], ids=["manifest", "walk"])
def test_walk_real_corpora_find_every_file(shared_corpora, use_manifest):
    # ingested + skipped + failed = files on disk, end to end, is tested in test_corpus.py
    for root in sorted(p.resolve() for p in shared_corpora.iterdir() if p.is_dir()):
        manifest = read_manifest(root) if use_manifest else None
        walk = walk_corpus(root, None if manifest is None else {row.file for row in manifest.rows})
        assert walk.n_files == _files_on_disk(root), root.name
        assert SkippedFile("SOURCE.md", DESCRIBES_CORPUS) in walk.skipped


def test_cli_ingest_lists_skipped_files_and_writes_files_table(jekyll_site, tmp_path):
    out, table = tmp_path / "segments.parquet", tmp_path / "files.csv"
    result = CliRunner().invoke(
        app, ["ingest", str(jekyll_site), "--out", str(out), "--files", str(table), "--list-skipped"]
    )
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())  # rich wraps long lines
    assert "Files: 23 found = 4 ingested + 17 skipped + 2 failed" in output
    assert f"skipped .git/: {HIDDEN_FOLDER} (4 files)" in output
    assert f"skipped logo.svg: {IMAGE}" in output
    frame = pd.read_csv(table, keep_default_na=False)
    assert list(frame.columns) == ["path", "status", "files", "reason", "fix", "doc_ids"]
    assert frame["files"].sum() == 23
    assert dict(zip(frame["path"], frame["status"])) == {p: s for p, (s, _) in EXPECTED.items()}
    quiet = " ".join(CliRunner().invoke(app, ["ingest", str(jekyll_site), "--out", str(out)]).output.split())
    assert "(--list-skipped lists the skipped files)" in quiet and "skipped logo.svg" not in quiet
