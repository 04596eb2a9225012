"""Hostile or enormous inputs cost one reported error, never the run (fixtures small on disk)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pymupdf
import pytest

from chartertext.config import RunConfig
from chartertext.corpus import ingest_corpus
from chartertext.errors import ConfigError, DocumentError
from chartertext.ingest.limits import IngestLimits
from chartertext.ingest.readers import read_document

GOOD = "Séance du 3 mai 2021\n\nLe conseil délibère sur le budget de la commune.\n"
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx_bomb(path: Path, megabytes: int, part: str = "word/document.xml") -> Path:
    """A .docx of about a megabyte per gigabyte whose ``part`` inflates to ``megabytes`` MB."""
    import docx

    docx.Document().save(path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist() if name != part}
    paragraph = b"<w:p><w:r><w:t>budget communal</w:t></w:r></w:p>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
        with package.open(part, "w", force_zip64=True) as handle:
            handle.write(f'<?xml version="1.0"?><w:document {_W}><w:body>'.encode())
            chunk = paragraph * (1_000_000 // len(paragraph))
            for _ in range(megabytes):
                handle.write(chunk)
            handle.write(b"</w:body></w:document>")
    return path


def _billion_laughs(path: Path) -> Path:
    lines = ["---", 'a: &a ["ha","ha","ha","ha","ha","ha","ha","ha","ha"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    path.write_text("\n".join([*lines, "---", "", GOOD]), encoding="utf-8")
    assert path.stat().st_size < 600
    return path


def _pdf(path: Path, pages: int) -> Path:
    doc = pymupdf.open()
    for number in range(pages):
        doc.new_page().insert_text((72, 72), f"Séance du conseil, page {number + 1}")
    doc.save(path)
    return path


def _refused_with_peak(path: Path, match: str) -> int:
    """Read ``path`` expecting a DocumentError matching ``match``; return the peak bytes allocated meanwhile."""
    tracemalloc.start()
    try:
        with pytest.raises(DocumentError, match=match):
            read_document(path, path.name)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_limits_docx_bomb_is_refused_before_it_inflates(tmp_path):
    bomb = _docx_bomb(tmp_path / "cr.docx", 200)
    assert bomb.stat().st_size < 2_000_000
    assert _refused_with_peak(bomb, r"word/document.xml is compressed 3\d\d times .*limits.max_compression_ratio") < 20_000_000


def test_limits_docx_unpacked_size_counts_every_part(tmp_path):
    package = tmp_path / "cr.docx"
    import docx

    docx.Document().save(package)
    with zipfile.ZipFile(package, "a") as z:  # an unused, incompressible "image"
        z.writestr("word/media/image1.png", os.urandom(3_000_000))
    with pytest.raises(DocumentError, match=r"unpacks to [34] MB, over the limit of 2 MB .limits.max_unpacked_bytes"):
        read_document(package, "cr.docx", IngestLimits(max_unpacked_bytes=2_000_000))


def test_limits_yaml_aliases_are_refused_without_expanding(tmp_path):
    laughs = _billion_laughs(tmp_path / "cr.md")
    assert _refused_with_peak(laughs, r"aliases \(\*name\)") < 5_000_000


def test_limits_front_matter_size(tmp_path):
    md = tmp_path / "cr.md"
    md.write_text("---\ntitle: " + "x" * 2000 + "\n---\n\n" + GOOD, encoding="utf-8")
    with pytest.raises(DocumentError, match="limits.max_front_matter_bytes"):
        read_document(md, "cr.md", IngestLimits(max_front_matter_bytes=1000))
    assert read_document(md, "cr.md").fields["title"] == "x" * 2000


def test_limits_characters_file_size_and_pdf_pages(tmp_path):
    txt = tmp_path / "cr.txt"
    txt.write_text("budget " * 1000, encoding="utf-8")
    with pytest.raises(DocumentError, match="7,000 characters, over the limit of 5,000"):
        read_document(txt, "cr.txt", IngestLimits(max_document_chars=5_000))
    with pytest.raises(DocumentError, match=r"limits.max_document_chars"):  # refused before decoding
        read_document(txt, "cr.txt", IngestLimits(max_document_chars=1_000))
    with pytest.raises(DocumentError, match="limits.max_file_bytes"):
        read_document(txt, "cr.txt", IngestLimits(max_file_bytes=6_999))
    pdf = _pdf(tmp_path / "cr.pdf", 30)
    with pytest.raises(DocumentError, match="30 pages, over the limit of 20"):
        read_document(pdf, "cr.pdf", IngestLimits(max_pdf_pages=20))
    assert len(read_document(pdf, "cr.pdf").pages) == 30


def test_limits_time_per_file_is_reported_with_how_far_it_got(tmp_path):
    pdf = _pdf(tmp_path / "cr.pdf", 3)
    with pytest.raises(DocumentError, match=r"longer than 1e-09 s .limits.max_seconds_per_file., stopped at page 1"):
        read_document(pdf, "cr.pdf", IngestLimits(max_seconds_per_file=1e-9))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_limits_only_regular_files_are_read_and_the_run_goes_on(tmp_path):
    (tmp_path / "cr.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "tube.txt")
    _pdf(tmp_path / "long.pdf", 30)
    corpus = ingest_corpus(tmp_path, limits=IngestLimits(max_pdf_pages=20))
    assert [d.path for d in corpus.documents] == ["cr.txt"]
    reasons = {e.path: e.reason for e in corpus.errors}
    assert "not a regular file" in reasons["tube.txt"] and "max_pdf_pages" in reasons["long.pdf"]


def test_limits_from_the_configuration_every_unknown_key_an_error(tmp_path):
    assert RunConfig.from_dict({"limits": {"max_pdf_pages": 10}}).limits.max_pdf_pages == 10
    with pytest.raises(ConfigError, match=r"\[limits\]: unknown key\(s\) max_pages"):
        RunConfig.from_dict({"limits": {"max_pages": 10}})
    with pytest.raises(ConfigError, match="limits.max_pdf_pages = 0: expected a positive number"):
        RunConfig.from_dict({"limits": {"max_pdf_pages": 0}})


def test_limits_cli_ingest_survives_bombs_under_a_memory_cap(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "cr.txt").write_text(GOOD, encoding="utf-8")
    _docx_bomb(corpus / "bombe.docx", 1000)  # 1 GB of XML, about 1 MB on disk
    _billion_laughs(corpus / "rires.md")
    cap = 3 << 30

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "chartertext", "ingest", str(corpus), "--out", str(tmp_path / "s.parquet")],
        capture_output=True, text=True, env=env, preexec_fn=limit_memory, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "2 document(s) not ingested" in done.stdout
    assert "bombe.docx" in done.stdout and "rires.md" in done.stdout and "Traceback" not in done.stderr
