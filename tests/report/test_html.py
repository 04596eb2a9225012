"""index.html: what a researcher reads, built from the demo corpus (plus a hostile note and a broken file)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from chartertext.metrics.config import ConvergenceConfig
from chartertext.report.html import locate_quote


class _Page(HTMLParser):
    """Tags, ids, links and the text of a page, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.sources: list[str] = []
        self.text: list[str] = []
        self.rows: dict[str, list[str]] = {}
        self._row: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        for name in ("src", "href", "xlink:href", "action", "poster", "data"):
            if attributes.get(name) and tag != "a":
                self.sources.append(attributes[name])
        if tag == "tr":
            self._row = attributes.get("id") or f"row-{len(self.rows)}"
            self.rows[self._row] = [attributes.get("class") or ""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._row is not None:
            self.rows[self._row].append(data)


@pytest.fixture(scope="module")
def page(demo_report) -> tuple[str, _Page]:
    html = (demo_report.folder / "index.html").read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(html)
    return html, parsed


def _row_text(parsed: _Page, first_cell: str) -> list[str]:
    for cells in parsed.rows.values():
        if len(cells) > 1 and cells[1].strip() == first_cell:
            return cells
    raise AssertionError(f"no table row starting with {first_cell!r}")


@pytest.mark.slow
def test_html_page_has_every_section_in_french(page):
    _, parsed = page
    for section in ("apercu", "convergence", "carte", "themes", "valeurs", "alignement", "provenance", "documents",
                    "methodes", "avertissements"):
        assert section in parsed.ids, section
    text = " ".join(parsed.text)
    for heading in ("Aperçu du corpus", "Convergence entre commissions", "Période", "Adoption des valeurs",
                    "Alignement sur la charte", "Provenance des articles de la charte", "Méthodes", "Avertissements"):
        assert heading in text, heading


@pytest.mark.slow
def test_html_document_text_is_escaped(page, demo_report):
    html, parsed = page
    assert demo_report.script not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "script" not in parsed.tags
    # The planted title is in the documents table, as text a reader sees.
    row = parsed.rows["doc-" + demo_report.hostile_doc]
    assert f"Note {demo_report.script}" in "".join(row)


@pytest.mark.slow
def test_html_page_loads_nothing_from_outside(page):
    html, parsed = page
    assert not {"script", "link", "iframe", "img", "object", "embed"} & set(parsed.tags)
    assert all(link.startswith("#") for link in parsed.links)
    assert parsed.sources == [] or all(src.startswith("#") for src in parsed.sources)
    assert "@import" not in html
    assert re.findall(r"url\((?!#)", html) == []


@pytest.mark.slow
def test_html_every_internal_link_has_a_target(page):
    _, parsed = page
    targets = set(parsed.ids)
    assert [link for link in parsed.links if link[1:] not in targets] == []
    assert any(link.startswith("#doc-") for link in parsed.links)
    assert len(parsed.ids) == len(targets), "duplicate ids in the page"


@pytest.mark.slow
def test_html_lists_ingestion_errors_with_reason_and_fix(page, demo_report):
    _, parsed = page
    errors = [e for e in demo_report.analysis.corpus.errors if e.path == demo_report.broken_path]
    assert len(errors) == 1
    cells = " ".join(_row_text(parsed, demo_report.broken_path))
    assert errors[0].reason in cells and errors[0].fix in cells


@pytest.mark.slow
def test_html_shows_flagged_periods_as_flagged(page, demo_report):
    html, parsed = page
    series = demo_report.analysis.convergence.series
    flagged = list(series.loc[series["flagged"], "period"])
    assert flagged, "min_segments=13 should flag some demo periods"
    for period in series["period"]:
        cells = _row_text(parsed, period)
        assert ("flagged" in cells[0]) == (period in flagged), period
    warnings = html.split('<section id="avertissements">')[1]
    for period in flagged:
        assert f"{period} :" in warnings


@pytest.mark.slow
def test_html_quotes_point_at_their_document_offsets(demo_report):
    from chartertext.report.figures import report_figures
    from chartertext.report.html import report_context
    from chartertext.summary import build_summary

    analysis = demo_report.analysis
    figures = report_figures(analysis)
    context = report_context(analysis, build_summary(analysis), figures)
    evidence = [e for a in context["provenance"]["articles"] for e in a["evidence"]] + context["value_mentions"]
    assert evidence
    exact = 0
    for item in evidence:
        text = analysis.corpus.document(item["doc_id"]).text
        assert item["anchor"] == "doc-" + item["doc_id"]
        quoted = " ".join(text[item["start"]:item["end"]].split())
        if quoted == item["quote"].strip("…"):
            exact += 1
        else:  # a quote we could not find falls back to its whole segment, which must contain it
            words = item["quote"].strip("…").split()
            assert " ".join(words[:3]) in quoted
    assert exact >= 0.9 * len(evidence)


@pytest.mark.slow
def test_html_methods_name_model_parameters_and_references(page, demo_report):
    _, parsed = page
    text = " ".join(parsed.text)
    analysis = demo_report.analysis
    assert analysis.embedding.model_id in text
    assert f"Graine : {analysis.config.seed}" in text
    for reference in ("Monroe", "Mu, J., & Viswanath", "Ethayarajh", "Grootendorst", "Wang, L."):
        assert reference in text, reference
    assert f"{analysis.config.convergence.n_permutations} permutations" in text


@pytest.mark.slow
def test_html_figures_saved_for_papers_and_inlined(page, demo_report):
    html, _ = page
    files = sorted((demo_report.folder / "figures").glob("*.svg"))
    assert {f.stem for f in files} >= {"convergence", "valeurs_groupe_periode", "themes_periode", "themes_groupe",
                                       "adoption_valeurs", "alignement_charte", "provenance_charte"}
    for path in files:
        assert ET.parse(path).getroot().tag == "{http://www.w3.org/2000/svg}svg"
        assert f'id="figure-{path.stem}"' in html


@pytest.mark.slow
def test_html_same_analysis_gives_the_same_bytes(demo_report, tmp_path):
    """No timestamp, no random id, no absolute path: the page and figures are rewritten byte for byte."""
    from chartertext.report import write_report

    again = write_report(demo_report.analysis, tmp_path / "again")
    for name in ["index.html", *[f"figures/{p.name}" for p in (demo_report.folder / "figures").glob("*.svg")]]:
        assert (again / name).read_bytes() == (demo_report.folder / name).read_bytes(), name
    html = (again / "index.html").read_text(encoding="utf-8")
    assert str(demo_report.corpus) not in html and str(tmp_path) not in html


def test_html_locate_quote_allows_collapsed_whitespace():
    text = "Ordre du jour.\nMme Marchand :   la dignité\nd'abord. Fin."
    assert locate_quote(text, "Mme Marchand : la dignité d'abord.") == (15, 51)
    assert text[15:51].split() == "Mme Marchand : la dignité d'abord.".split()


def test_html_locate_quote_ignores_the_ellipsis_of_a_cut_quote():
    text = "Un long propos. Nous parlons de dignité et d'écoute, longuement."
    start, end = locate_quote(text, "…de dignité et d'écoute…")
    assert text[start:end] == "de dignité et d'écoute"


def test_html_locate_quote_searches_only_the_span_given():
    text = "dignité ici. Plus loin : dignité là."
    assert locate_quote(text, "dignité", 10) == (25, 32)
    assert locate_quote(text, "absent") is None
    assert locate_quote(text, "…") is None


def test_html_template_escapes_a_crafted_context(tmp_path):
    """Rendering the page from a minimal context: every text field escaped, charts kept as markup."""
    from chartertext.report.html import render_html

    evil = "<script>alert(1)</script>"
    context = _minimal_context(evil)
    html = render_html(context)
    assert evil not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 8
    assert '<svg id="chart"' in html


def test_html_template_renders_a_corpus_without_charter():
    from chartertext.report.html import render_html

    context = {**_minimal_context("x"), "provenance": None, "charter": None, "alignment": None, "figures": {}}
    html = render_html(context)
    assert 'id="provenance"' not in html and 'id="alignement"' not in html
    assert "Aucune charte dans le corpus" in html


def _minimal_context(evil: str) -> dict:
    from markupsafe import Markup

    doc = {"doc_id": evil, "anchor": "doc-x", "path": evil, "kind": "minutes", "date": "2021-01-05",
           "group": evil, "title": evil, "chars": 10}
    quote = {"doc_id": evil, "anchor": "doc-x", "segment_id": evil, "quote": evil, "start": 0, "end": 5,
             "group": evil, "date": "2021-01-05", "score": 0.5, "value": evil, "mentions": 1}
    convergence = {
        "series": [{"period": evil, "index": 0.5, "ci_low": 0.4, "ci_high": 0.6, "flagged": True, "reason": evil,
                    "n_segments": 3, "n_groups": 2}],
        "trend": {"slope": 0.01, "total_change": 0.02, "n_periods": 3, "p_value": 0.5, "n_permutations": 9,
                  "alternative": "two-sided"},
        "onset": None, "onset_test": {"alpha": 0.05, "p_value": 0.5}, "components": [], "index_components": [],
        "parameters": {**ConvergenceConfig().as_dict(), "weights": {"semantic": 1.0}, "n_bootstrap": 10,
                       "n_permutations": 9},
    }
    return {
        "title": evil, "corpus": {"documents": 1, "errors": [{"path": evil, "reason": evil, "fix": evil}],
                                  "groups": [], "analysed_segments": 1, "segments": 1, "manifest": True,
                                  "files": {"found": 3, "ingested": 1, "skipped": 1, "failed": 1}},
        "periods": [], "period_freq": "month",
        "overview": [{"group": evil, "kind": "minutes", "documents": 1, "first": None, "last": None, "undated": 0,
                      "segments": 1}],
        "documents_by_period": {"periods": [evil], "rows": [{"group": evil, "cells": [1], "total": 1}]},
        "documents": [doc], "skipped": [{"reason": evil, "files": 1}],
        "figures": {"convergence": {"svg": Markup('<svg id="chart"></svg>'), "label": evil}},
        "convergence": convergence, "onset_candidate": None, "component_labels": {},
        "topics": {"n_topics": 1, "clusterer": "kmeans",
                   "topics": [{"topic": 0, "label": evil, "size": 1, "share": 1.0, "words": [evil]}]},
        "values": {"min_mentions": 1, "groups": [evil],
                   "spread": [{"value": evil, "n_groups": 1, "order": [{"group": evil, "date": "2021-01-05"}],
                               "lag_days": 0}]},
        "value_mentions": [quote], "never_adopted": [evil],
        "alignment": None,
        "provenance": {"charter_date": "2021-02-01",
                       "shares": [{"group": evil, "share": 1.0, "ci_low": 1.0, "ci_high": 1.0, "n_top": 1}],
                       "articles": [{"article": 1, "heading": evil, "text": evil, "top_group": evil, "score": 0.5,
                                     "margin": None, "evidence": [quote, quote]}]},
        "charter": {"doc_id": evil, "anchor": "doc-x", "title": evil, "date": "2021-02-01"},
        "methods": {"seed": 1, "unit": "passage", "kinds": [evil], "freq_requested": "auto", "freq": "month",
                    "min_segments": 10, "model": evil, "chunked": 0, "clusterer": "kmeans",
                    "topic_params": {"guided": False, "seed": 1}, "seed_values": [],
                    "convergence": convergence["parameters"], "index_components": [], "calibration": "none",
                    "protect_eta": 0.05, "anisotropy_removed": 1,
                    "anisotropy_explained": 0.1, "lexicon": evil, "n_values": 1, "min_mentions": 1,
                    "alignment": None, "alignment_score": None, "provenance": None},
        "references": [("x", evil)],
        "warnings": [{"where": evil, "message": evil}],
    }
