"""Partitioned ingestion: the same corpus whatever the executor and the partition size, segments spooled."""

from __future__ import annotations

import pickle
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from chartertext.atomic import write_table
from chartertext.corpus import Corpus, ingest_corpus, segments_frame
from chartertext.errors import ChartertextError, ConfigError, CorpusError, DocumentError
from chartertext.ingest.partition import FileFailure
from chartertext.records import SEGMENT_SCHEMA
from chartertext.segment import segment_document

ALL = 1000  # more files than any corpus here: one partition, i.e. the sequential ingestion


def _docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory) -> Path:
    """Two commissions in two folders, txt/html/docx, a broken PDF, two doc_id clashes, a manifest."""
    root = tmp_path_factory.mktemp("mixed") / "corpus"
    logement, sante = root / "logement", root / "santé"
    logement.mkdir(parents=True)
    sante.mkdir()
    (logement / "cr-2020-06-16.txt").write_text(
        "Compte rendu de la réunion du 16 juin 2020\n\n1. Charte du logement\n\n"
        "Mme Dupont : La dignité des locataires doit guider la charte.\n\n"
        "M. Martin : Nous proposons une écoute mensuelle des habitants.\n",
        encoding="utf-8",
    )
    # Same doc_id "cr1" as the .txt below: the .html comes first in the walk and wins.
    (logement / "cr1.html").write_text(
        "<html><head><title>Réunion du 14 septembre 2020</title></head><body>"
        "<h1>Réunion du 14 septembre 2020</h1><p>La commission débat de la solidarité entre voisins.</p>"
        "<p>Mme Dupont : La transparence des attributions reste la priorité.</p></body></html>",
        encoding="utf-8",
    )
    (logement / "cr1.txt").write_text("Réunion du 5 octobre 2020\n\nUn doublon d'identifiant.\n", encoding="utf-8")
    (logement / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj<<>>\nceci n'est pas un pdf")
    _docx(
        sante / "charte-santé.docx",
        [
            "Charte de la commission santé",
            "Article 1 – Écoute",
            "La commission écoute les patients et leurs proches.",
            "Article 2 – Respect",
            "Chaque membre respecte la confidentialité des échanges.",
        ],
    )
    # "seances-2.txt" sorts before "seances.txt", whose second text is also "seances-2": the first
    # text of seances.txt is kept, the second and the third are dropped with their segments.
    (sante / "seances-2.txt").write_text("Réunion du 3 mars 2021\n\nLa santé mentale des jeunes.\n", encoding="utf-8")
    (sante / "seances.txt").write_text(
        "**** *commission_santé *date_2021-01-12\nL'accès aux soins reste inégal selon les quartiers.\n\n"
        "**** *commission_santé *date_2021-02-09\nLa commission salue l'engagement des bénévoles.\n\n"
        "**** *commission_santé *date_2021-03-09\nLes associations de patients sont entendues.\n",
        encoding="utf-8",
    )
    rows = [
        "path,doc_id,kind,date,group,title",
        "logement/cr-2020-06-16.txt,juin,minutes,2020-06-16,logement,Réunion de juin",
        "logement/broken.pdf,cassé,minutes,2020-07-01,logement,",
        "santé/seances-2.txt,seances-2,minutes,2021-03-03,santé,",
        "santé/seances.txt,seances,minutes,,santé,",
        "santé/charte-santé.docx,charte,charter,2019-05-01,santé,Charte santé",
        "logement/cr1.html,cr1,minutes,2020-09-14,logement,",
    ]
    (root / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


def _assert_same(a: Corpus, b: Corpus) -> None:
    assert a.documents == b.documents
    pd.testing.assert_frame_equal(a.segments, b.segments)
    assert a.errors == b.errors
    assert (a.skipped, a.manifest_used) == (b.skipped, b.manifest_used)


@pytest.mark.parametrize("use_manifest", [True, False], ids=["manifest", "walk"])
def test_partition_dask_gives_the_sequential_corpus(mixed_corpus, dask_executor, use_manifest):
    sequential = ingest_corpus(mixed_corpus, use_manifest=use_manifest, partition_files=ALL)
    on_dask = ingest_corpus(mixed_corpus, use_manifest=use_manifest, executor=dask_executor, partition_files=3)
    _assert_same(on_dask, sequential)
    assert {"logement/broken.pdf", "santé/seances.txt"} <= {e.path for e in on_dask.errors}
    assert {d.format for d in on_dask.documents} == {"txt", "html", "docx", "iramuteq"}


@pytest.mark.parametrize("size", [1, 3])
def test_partition_size_does_not_change_the_corpus(mixed_corpus, size):
    for use_manifest in (True, False):
        _assert_same(
            ingest_corpus(mixed_corpus, use_manifest=use_manifest, partition_files=size),
            ingest_corpus(mixed_corpus, use_manifest=use_manifest, partition_files=ALL),
        )


def test_partition_groups_come_from_the_whole_corpus_folders(mixed_corpus, dask_executor):
    # One file per partition: a partition alone would see a single folder and drop it as a group.
    corpus = ingest_corpus(mixed_corpus, use_manifest=False, executor=dask_executor, partition_files=1)
    assert {d.group for d in corpus.documents if d.format != "iramuteq"} == {"logement", "santé"}


@pytest.mark.parametrize("on_dask", [False, True], ids=["local", "dask"])
def test_partition_duplicate_doc_id_first_occurrence_wins(mixed_corpus, dask_executor, on_dask):
    executor = dask_executor if on_dask else None
    corpus = ingest_corpus(mixed_corpus, use_manifest=False, executor=executor, partition_files=1)
    errors = {e.path: e.reason for e in corpus.errors}
    assert "logement/cr1.html" in errors["logement/cr1.txt"]
    assert "santé/seances-2.txt" in errors["santé/seances.txt"]
    paths = {d.doc_id: d.path for d in corpus.documents}
    assert paths["logement-cr1"] == "logement/cr1.html"
    assert paths["santé-seances-2"] == "santé/seances-2.txt"
    assert paths["santé-seances-1"] == "santé/seances.txt"  # the part read before the clash stays
    assert "santé-seances-3" not in paths  # the rest of the file goes with the clash
    texts = {d.doc_id: d.text for d in corpus.documents}
    assert set(corpus.segments["doc_id"]) == set(texts)
    for row in corpus.segments.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text  # no dropped document's segment survives
    assert "Un doublon" not in " ".join(corpus.segments["text"])
    assert "bénévoles" not in " ".join(corpus.segments["text"])
    assert "associations de patients" not in " ".join(corpus.segments["text"])


def test_partition_strict_raises_the_first_error_in_file_order(mixed_corpus, dask_executor, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for executor in (None, dask_executor):
        with pytest.raises(DocumentError) as info:
            ingest_corpus(mixed_corpus, use_manifest=False, strict=True, executor=executor, partition_files=1)
        assert info.value.path == "logement/broken.pdf"  # before the cr1 clash in the walk
        with pytest.raises(DocumentError) as info:
            ingest_corpus(mixed_corpus, strict=True, executor=executor, partition_files=2)
        assert info.value.path == "logement/broken.pdf"
    assert list(tmp_path.iterdir()) == []  # the spool went away with the error


def test_partition_writes_nothing_in_the_corpus_nor_the_working_directory(mixed_corpus, monkeypatch, tmp_path):
    before = {p: p.stat().st_mtime_ns for p in mixed_corpus.rglob("*")}
    cwd, spools = tmp_path / "cwd", tmp_path / "tmp"
    cwd.mkdir()
    spools.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(tempfile, "tempdir", str(spools))
    ingest_corpus(mixed_corpus, partition_files=2)
    assert list(cwd.iterdir()) == [] and list(spools.iterdir()) == []
    assert {p: p.stat().st_mtime_ns for p in mixed_corpus.rglob("*")} == before


def test_partition_segments_out_reads_back_like_the_written_segments_table(mixed_corpus, tmp_path):
    streamed, written = tmp_path / "out" / "segments.parquet", tmp_path / "written.parquet"
    corpus = ingest_corpus(mixed_corpus, partition_files=2, segments_out=streamed)
    write_table(corpus.segments, written, schema=SEGMENT_SCHEMA)
    pd.testing.assert_frame_equal(pd.read_parquet(streamed), pd.read_parquet(written))
    pd.testing.assert_frame_equal(pd.read_parquet(streamed), corpus.segments)


def test_partition_segments_out_is_not_written_when_ingestion_fails(mixed_corpus, tmp_path):
    target = tmp_path / "segments.parquet"
    with pytest.raises(DocumentError):
        ingest_corpus(mixed_corpus, strict=True, segments_out=target)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CorpusError):
        ingest_corpus(empty, segments_out=target)
    assert list(tmp_path.iterdir()) == [empty]
    with pytest.raises(ChartertextError, match="inside the corpus folder"):
        ingest_corpus(mixed_corpus, segments_out=mixed_corpus / "segments.parquet")
    assert not (mixed_corpus / "segments.parquet").exists()


def test_partition_files_below_one_is_a_config_error(mixed_corpus):
    with pytest.raises(ConfigError, match="partition_files = 0"):
        ingest_corpus(mixed_corpus, partition_files=0)


def test_partition_failure_survives_the_trip_back_from_a_worker():
    # DocumentError cannot be unpickled (its __init__ takes three arguments): it travels as fields.
    document_error = DocumentError("a.pdf", "illisible", "refaites l'OCR")
    failure = pickle.loads(pickle.dumps(FileFailure.from_exception("a.pdf", document_error)))
    with pytest.raises(DocumentError) as info:
        failure.raise_()
    assert (info.value.path, info.value.reason, info.value.fix) == ("a.pdf", "illisible", "refaites l'OCR")
    library = pickle.loads(pickle.dumps(FileFailure.from_exception("b.docx", KeyError("word/document.xml"))))
    assert library.as_error().path == "b.docx" and "KeyError" in library.as_error().reason
    with pytest.raises(KeyError):  # strict mode re-raises the library's own exception, as before
        library.raise_()


@pytest.mark.parametrize("name", ["paris14-conseil-quartier", "couthenans-conseil-municipal", "chartes-nationales"])
def test_partition_real_corpora_on_dask_match_the_sequential_ingestion(shared_corpora, dask_executor, name):
    sequential = ingest_corpus(shared_corpora / name, partition_files=ALL)
    _assert_same(ingest_corpus(shared_corpora / name, executor=dask_executor, partition_files=5), sequential)
    # The spooled table converts exactly as the in-memory segments table of the documents.
    rebuilt = segments_frame([(d, segment_document(d.doc_id, d.text, d.kind)) for d in sequential.documents])
    pd.testing.assert_frame_equal(sequential.segments, rebuilt)
