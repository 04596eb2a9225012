"""OCR of scanned PDFs: a scan made here from a French text PDF is read back by Tesseract."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest
from typer.testing import CliRunner

from chartertext.cli import app
from chartertext.config import RunConfig
from chartertext.corpus import ingest_corpus
from chartertext.errors import ChartertextError, ConfigError, DocumentError
from chartertext.ingest import ocr as ocr_module
from chartertext.ingest.ocr import OcrConfig
from chartertext.ingest.readers import read_document

SCANNED = ("<p style='font-size:16px'>Procès-verbal de la séance du conseil municipal.</p>"
           "<p style='font-size:16px'>Les élus ont délibéré sur la rénovation de l'école "
           "et la sécurité des piétons.</p>")
TYPED = "<p>Ordre du jour : budget primitif, voirie et questions diverses.</p>"
#: Words of SCANNED with accents that OCR must give back.
ACCENTED = ("Procès-verbal", "séance", "élus", "délibéré", "rénovation", "école", "sécurité", "piétons")


def _text_page(document: pymupdf.Document, html: str) -> None:
    document.new_page().insert_htmlbox(pymupdf.Rect(50, 50, 540, 780), html)


def _scanned_page(document: pymupdf.Document, html: str, stray_space: bool = False) -> None:
    """A page that is only a picture of the text, as a scanner gives it; with ``stray_space``,
    its text layer is one space, as on a real council PDF (which OCRmyPDF's --skip-text skips)."""
    with pymupdf.open() as source:
        _text_page(source, html)
        pixmap = source[0].get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
    page = document.new_page()
    page.insert_image(page.rect, pixmap=pixmap)
    if stray_space:
        page.insert_text((50, 800), " ")


def _pdf(path: Path, *pages: tuple[str, str]) -> Path:
    document = pymupdf.open()
    for kind, html in pages:
        if kind == "text":
            _text_page(document, html)
        else:
            _scanned_page(document, html, stray_space=kind == "scan with a space")
    document.save(path)
    return path


def _found(text: str) -> list[str]:
    words = set(re.findall(r"[\w-]+", text.lower()))
    return [word for word in ACCENTED if word.lower() in words]


@pytest.fixture(scope="module")
def ocr_done(tmp_path_factory):
    """A scan and a mixed PDF read with OCR, once each, counting the OCRmyPDF runs."""
    if ocr_module._missing("fra"):
        pytest.skip(f"OCR not installed: {ocr_module._missing('fra')}")
    folder = tmp_path_factory.mktemp("ocr")
    config = OcrConfig(enabled=True, cache=str(folder / "cache"))
    scan = _pdf(folder / "scan.pdf", ("scan", SCANNED))
    mixed = _pdf(folder / "mixed.pdf", ("text", TYPED), ("scan with a space", SCANNED))
    calls: list[Path] = []
    run = ocr_module._run_ocrmypdf

    def counted(source, *args):
        calls.append(source)
        return run(source, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ocr_module, "_run_ocrmypdf", counted)
        raws = {name: read_document(path, name, ocr=config) for name, path in (("scan.pdf", scan), ("mixed.pdf", mixed))}
        first_calls = len(calls)
        again = read_document(scan, "scan.pdf", ocr=config)
    return {"config": config, "scan": scan, "mixed": mixed, "raws": raws, "first_calls": first_calls,
            "calls_after_rerun": len(calls), "again": again}


def test_ocr_scan_gives_back_french_words_with_accents(ocr_done):
    raw = ocr_done["raws"]["scan.pdf"]
    found = _found(raw.pages[0])
    assert len(found) >= 6, (found, raw.pages[0])
    assert raw.format == "pdf"
    assert "1 page read by OCR (Tesseract fra)" in raw.warnings


def test_ocr_mixed_pdf_reads_only_the_scanned_page(ocr_done):
    raw = ocr_done["raws"]["mixed.pdf"]
    typed = read_document(_pdf(ocr_done["mixed"].with_name("typed.pdf"), ("text", TYPED)), "typed.pdf")
    assert raw.pages[0] == typed.pages[0]
    assert len(_found(raw.pages[1])) >= 6
    assert "1 page read by OCR (Tesseract fra)" in raw.warnings
    # only the scanned page was given to OCRmyPDF: the typed page is copied as it was, no second text layer
    cached = list(Path(ocr_done["config"].cache_dir).glob("*.fra.pdf"))
    outputs = [pymupdf.open(path) for path in cached]
    mixed_out = next(doc for doc in outputs if doc.page_count == 2)
    assert mixed_out[0].get_text().split() == typed.pages[0].split()


def test_ocr_output_is_cached_by_file_hash_so_a_rerun_does_not_ocr_again(ocr_done):
    import hashlib

    assert ocr_done["first_calls"] == 2
    assert ocr_done["calls_after_rerun"] == 2
    assert ocr_done["again"].pages == ocr_done["raws"]["scan.pdf"].pages
    digest = hashlib.sha256(ocr_done["scan"].read_bytes()).hexdigest()
    assert (ocr_done["config"].cache_dir / f"{digest}.fra.pdf").is_file()


def test_ocr_option_travels_to_dask_workers(ocr_done, dask_executor, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "cr.pdf").write_bytes(ocr_done["scan"].read_bytes())
    (corpus / "odj.txt").write_text("Ordre du jour de la séance.", encoding="utf-8")
    result = ingest_corpus(corpus, executor=dask_executor, ocr=ocr_done["config"])  # read from the cache
    assert not result.errors
    doc = result.document("cr")
    assert len(_found(doc.text)) >= 6 and doc.format == "pdf"


def test_ocr_flag_on_ingest_reads_a_scan_in_a_corpus(ocr_done, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "cr.pdf").write_bytes(ocr_done["scan"].read_bytes())
    (corpus / "odj.txt").write_text("Ordre du jour de la séance.", encoding="utf-8")
    config = tmp_path / "run.toml"
    config.write_text(f"[ocr]\ncache = {str(ocr_done['config'].cache_dir)!r}\n", encoding="utf-8")
    out, documents = tmp_path / "segments.csv", tmp_path / "documents.csv"
    without = CliRunner().invoke(app, ["ingest", str(corpus), "--out", str(out), "--config", str(config)])
    assert without.exit_code == 0 and "cr.pdf" in without.output and "--ocr" in without.output
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--out", str(out), "--config", str(config),
                                      "--ocr", "--documents", str(documents)])
    assert result.exit_code == 0, result.output
    assert "read by OCR" in documents.read_text(encoding="utf-8")


def _scan_without_ocr(tmp_path: Path) -> Path:
    document = pymupdf.open()
    pixmap = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 60, 60), False)
    pixmap.clear_with(230)
    document.new_page().insert_image(pymupdf.Rect(50, 50, 300, 300), pixmap=pixmap)
    document.save(tmp_path / "scan.pdf")
    return tmp_path / "scan.pdf"


def test_ocr_off_a_scan_is_refused_with_a_message_naming_the_ocr_flag(tmp_path):
    with pytest.raises(DocumentError) as caught:
        read_document(_scan_without_ocr(tmp_path), "docs/scan.pdf")
    assert caught.value.path == "docs/scan.pdf" and "no text layer" in caught.value.reason
    assert "--ocr" in caught.value.fix and "tesseract-ocr-fra" in caught.value.fix


def test_ocr_missing_names_the_packages_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr_module, "_missing", lambda language: "the Tesseract language model fra")
    with pytest.raises(ChartertextError) as caught:
        read_document(_scan_without_ocr(tmp_path), "scan.pdf", ocr=OcrConfig(enabled=True, cache=str(tmp_path / "c")))
    message = str(caught.value)
    assert not isinstance(caught.value, DocumentError)  # about this machine, not a damaged file
    assert "pip install 'chartertext[ocr]'" in message and "apt install tesseract-ocr tesseract-ocr-fra" in message
    assert not (tmp_path / "c").exists()


def test_ocr_cache_inside_the_corpus_folder_is_refused(tmp_path):
    (tmp_path / "cr.txt").write_text("Séance du 3 mai 2024.", encoding="utf-8")
    with pytest.raises(ConfigError, match="inside the corpus folder"):
        ingest_corpus(tmp_path, ocr=OcrConfig(enabled=True, cache=str(tmp_path / "ocr")))


def test_ocr_config_table_and_its_errors():
    run = RunConfig.from_dict({"ocr": {"enabled": True, "language": "fra+eng", "cache": "/tmp/ocr-cache"}})
    assert run.ocr == OcrConfig(enabled=True, language="fra+eng", cache="/tmp/ocr-cache")
    assert run.ocr.packages == "tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng"
    assert RunConfig().ocr.enabled is False
    with pytest.raises(ConfigError, match="unknown key"):
        RunConfig.from_dict({"ocr": {"engine": "tesseract"}})
    with pytest.raises(ConfigError, match="ocr.enabled"):
        RunConfig.from_dict({"ocr": {"enabled": "yes"}})
    with pytest.raises(ConfigError, match="ocr.cache"):
        RunConfig.from_dict({"ocr": {"cache": 3}})


# topics loads the topic libraries before it reads the corpus
@pytest.mark.parametrize("command", ["ingest", pytest.param("topics", marks=pytest.mark.slow), "report"])
def test_ocr_flag_reaches_ingestion_of_each_command(command, tmp_path, monkeypatch):
    # OCR "not installed": the command must stop at ingestion with the install message,
    # which only happens when --ocr reached it (and before any model is loaded).
    monkeypatch.setattr(ocr_module, "_missing", lambda language: "Tesseract (the tesseract program)")
    monkeypatch.chdir(tmp_path)  # the default cache, models/ocr, is resolved here (outside the corpus)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "cr.txt").write_text("Séance du 3 mai 2024.", encoding="utf-8")
    args = [command, str(corpus), "--out", str(tmp_path / ("out.csv" if command == "ingest" else "out"))]
    result = CliRunner().invoke(app, [*args, "--ocr"])
    assert result.exit_code == 1
    assert "pip install 'chartertext[ocr]'" in result.output and "tesseract-ocr-fra" in result.output


def test_ocr_in_a_batch_file_and_the_batch_flag(tmp_path):
    from chartertext.batch import BatchConfig
    from chartertext.workflow import load_run_config

    batch = tmp_path / "batch.toml"
    batch.write_text('[[corpus]]\npath = "a"\nocr = true\n\n[[corpus]]\npath = "b"\n', encoding="utf-8")
    spec = BatchConfig.from_toml(batch)
    assert [job.ocr for job in spec.jobs] == [True, False]
    assert [job.ocr for job in spec.with_ocr().jobs] == [True, True]
    assert load_run_config(ocr=True).ocr.enabled and not load_run_config().ocr.enabled
    batch.write_text('ocr = "yes"\n[[corpus]]\npath = "a"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="ocr"):
        BatchConfig.from_toml(batch)
