"""``index.html``: the report a researcher reads, in French, self-contained and offline.

One file, no script, no external resource: CSS inline, charts as inline SVG
(:mod:`chartertext.report.figures`). It opens from a USB stick, a mail attachment or an
archive in twenty years. The page is rendered by Jinja2 with autoescape on, so every text that
comes from a document (titles, quotes, group names, paths) is escaped: a minutes file holding
``<script>`` shows those characters and runs nothing. Only the SVG of our own charts is inserted
as markup, and matplotlib escapes the labels inside it.

Nothing in the page depends on the time or the machine (no timestamp, no absolute path), so the
same inputs and configuration give the same bytes; ``run.json`` keeps the provenance.

:func:`report_context` gathers what the template shows from an Analysis and its summary;
:func:`render_html` renders any such context (tests render crafted ones).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..atomic import atomic_path
from .figures import ReportFigure
from .style import COMPONENT_LABELS, fr_number, fr_percent
from .svg import inline_svg

if TYPE_CHECKING:  # the pipeline pulls in torch and BERTopic; rendering a page needs neither
    from ..pipeline import Analysis
    from ..records import SkippedFile

#: The page template, under ``chartertext/report/templates``.
TEMPLATE = "index.html.j2"

#: Works the methods section cites, in the order of the page.
REFERENCES: tuple[tuple[str, str], ...] = (
    ("monroe2008", "Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' Words: Lexical Feature "
     "Selection and Evaluation for Identifying the Content of Political Conflict. Political Analysis, 16(4), 372–403."),
    ("mu2018", "Mu, J., & Viswanath, P. (2018). All-but-the-Top: Simple and Effective Postprocessing for Word "
     "Representations. International Conference on Learning Representations (ICLR)."),
    ("ethayarajh2019", "Ethayarajh, K. (2019). How Contextual are Contextualized Word Representations? Comparing "
     "the Geometry of BERT, ELMo, and GPT-2 Embeddings. EMNLP-IJCNLP 2019, 55–65."),
    ("grootendorst2022", "Grootendorst, M. (2022). BERTopic: Neural topic modeling with a class-based TF-IDF "
     "procedure. arXiv:2203.05794."),
    ("wang2022", "Wang, L., Yang, N., Huang, X., Jiao, B., Yang, L., Jiang, D., Majumder, R., & Wei, F. (2022). "
     "Text Embeddings by Weakly-Supervised Contrastive Pre-training. arXiv:2212.03533."),
)
#: Cited only when the convergence index is calibrated on chance.
CHANCE_REFERENCE: tuple[str, str] = (
    "szekely2013", "Székely, G. J., & Rizzo, M. L. (2013). Energy statistics: a class of statistics based on distances. "
    "Journal of Statistical Planning and Inference, 143(8), 1249–1272."
)
#: Cited when the direction measures (novelty, resonance) were computed.
DIRECTION_REFERENCE: tuple[str, str] = (
    "barron2018", "Barron, A. T. J., Huang, J., Spang, R. L., & DeDeo, S. (2018). Individuals, institutions, and "
    "innovation in the debates of the French Revolution. PNAS, 115(18), 4607–4612."
)
#: The meeting-level estimator and its inference (summary schema 2).
MEETING_REFERENCES: tuple[tuple[str, str], ...] = (
    ("anderson2001", "Anderson, M. J. (2001). A new method for non-parametric multivariate analysis of variance. "
     "Austral Ecology, 26(1), 32–46."),
    ("anderson2006", "Anderson, M. J. (2006). Distance-based tests for homogeneity of multivariate dispersions. "
     "Biometrics, 62(1), 245–253."),
    ("gentzkow2019", "Gentzkow, M., Shapiro, J. M., & Taddy, M. (2019). Measuring group differences in high-dimensional "
     "choices: method and application to congressional speech. Econometrica, 87(4), 1307–1340."),
    ("cameron2015", "Cameron, A. C., & Miller, D. L. (2015). A practitioner's guide to cluster-robust inference. "
     "Journal of Human Resources, 50(2), 317–372."),
    ("holm1979", "Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal of "
     "Statistics, 6(2), 65–70."),
)


def make_environment() -> Environment:
    """The Jinja2 environment of the report: autoescape always on, undefined names an error."""
    env = Environment(
        loader=PackageLoader("chartertext.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(num=_num, pct=_pct, day=_day, signed=_signed)
    return env


def render_html(context: Mapping[str, Any]) -> str:
    """Render the page from a context as built by :func:`report_context`."""
    return make_environment().get_template(TEMPLATE).render(**context)


def write_html(context: Mapping[str, Any], target: str | Path) -> None:
    """Render the page and write it to ``target`` atomically (UTF-8)."""
    text = render_html(context)
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def report_context(analysis: Analysis, summary: Mapping[str, Any], figures: Sequence[ReportFigure]) -> dict[str, Any]:
    """Everything the page shows, as plain data (strings, numbers, lists, dicts).

    Parameters
    ----------
    analysis : Analysis
        For what summary.json does not hold: documents and their paths, segment offsets,
        periods, run parameters, warnings.
    summary : mapping
        :func:`chartertext.summary.build_summary` of the same analysis: the page shows the
        numbers of the citable record.
    figures : sequence of ReportFigure
        From :func:`chartertext.report.figures.report_figures`.
    """
    from ..jsonsafe import json_records
    from ..overview import documents_overview

    corpus = analysis.corpus
    anchors = _anchors([d.doc_id for d in corpus.documents])
    segments = analysis.segments
    spans = dict(zip(segments["segment_id"], zip(segments["doc_id"], segments["start"], segments["end"])))
    texts = {d.doc_id: d.text for d in corpus.documents}

    def cite(item: Mapping[str, Any]) -> dict[str, Any]:
        """A quote with the document it comes from and its character offsets there."""
        out = dict(item)
        doc_id = item.get("doc_id")
        out["anchor"] = anchors.get(doc_id)
        span = spans.get(item.get("segment_id"))
        where = None
        if span is not None and doc_id in texts:
            where = locate_quote(texts[doc_id], str(item.get("quote") or ""), int(span[1]), int(span[2]))
            where = where or (int(span[1]), int(span[2]))
        out["start"], out["end"] = where if where else (None, None)
        return out

    conv = summary["convergence"]
    tested = [r["period"] for r, keep in zip(conv["series"], analysis.convergence.series["in_trend"]) if keep]
    candidate = conv["onset_test"].get("candidate")
    values = summary["values"]
    provenance = summary["provenance"]
    if provenance is not None:
        provenance = dict(provenance)
        texts_by_article = dict(zip(analysis.provenance.articles["article"], analysis.provenance.articles["text"]))
        provenance["articles"] = [
            {**a, "text": " ".join(str(texts_by_article.get(a["article"], "")).split()),
             "evidence": [cite(e) for e in a["evidence"]]}
            for a in provenance["articles"]
        ]
    adopted = {r["value"] for r in values["first_mentions"] if r["adopted_date"]}
    return {
        "title": f"Rapport chartertext — {summary['corpus']['name']}",
        "corpus": summary["corpus"],
        "periods": json_records(analysis.periods.periods),
        "period_freq": analysis.periods.freq,
        "overview": json_records(documents_overview(corpus)),
        "documents_by_period": _documents_by_period(analysis),
        "documents": [
            {"doc_id": d.doc_id, "anchor": anchors[d.doc_id], "path": d.path, "kind": d.kind,
             "date": _iso(d.date), "group": d.group, "title": d.title, "chars": len(d.text)}
            for d in corpus.documents
        ],
        "skipped": _skipped_by_reason(corpus.skipped),
        "figures": {f.name: {"svg": inline_svg(f.svg, f"fig-{f.name}", f.label), "label": f.label} for f in figures},
        "convergence": conv,
        "onset_candidate": tested[candidate] if isinstance(candidate, int) and 0 <= candidate < len(tested) else None,
        "component_labels": COMPONENT_LABELS,
        "topics": summary["topics"],
        "values": values,
        "value_mentions": [cite(r) for r in values["first_mentions"]],
        "never_adopted": [v for v in analysis.lexicon.names if v not in adopted],
        "alignment": summary["charter_alignment"],
        "network": summary.get("network"),
        "network_figures": [],
        "provenance": provenance,
        "direction": summary.get("direction"),
        "charter": _charter(analysis, anchors),
        "methods": _methods(analysis, summary),
        "references": _references(summary),
        "warnings": _warnings(analysis, summary),
    }


def locate_quote(text: str, quote: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """Character offsets of ``quote`` in ``text[start:end]``, or None.

    Quotes are cut from the normalised text with whitespace runs collapsed and "…" where a long
    sentence was shortened, so the search allows any whitespace between words.

    Examples
    --------
    >>> locate_quote("Ordre du jour.\\nUne question\\nde dignité.", "Une question de dignité.")
    (15, 39)
    """
    words = quote.strip().strip("…").split()
    if not words:
        return None
    found = re.compile(r"\s+".join(map(re.escape, words))).search(text, start, len(text) if end is None else end)
    return (found.start(), found.end()) if found else None


def _anchors(doc_ids: Sequence[str]) -> dict[str, str]:
    """A readable, unique HTML id for each document ("doc-acces-aux-droits-2024-09-17")."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for doc_id in doc_ids:
        base = "doc-" + (re.sub(r"[^\w-]+", "-", doc_id, flags=re.ASCII).strip("-") or "x")
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        out[doc_id] = anchor
    return out


def _documents_by_period(analysis: Analysis) -> dict[str, Any]:
    """Minutes per group (rows) and period (columns), from the periods of their segments."""
    first_period = (
        analysis.segments[analysis.segments["period"].notna()].drop_duplicates("doc_id").set_index("doc_id")["period"]
    )
    periods = list(analysis.periods.order)
    counts: dict[str, dict[str, int]] = {}
    for doc in analysis.corpus.documents:
        if doc.doc_id in first_period.index:
            row = counts.setdefault(doc.group or "(aucun)", {})
            row[first_period[doc.doc_id]] = row.get(first_period[doc.doc_id], 0) + 1
    rows = [{"group": g, "cells": [counts[g].get(p, 0) for p in periods], "total": sum(counts[g].values())}
            for g in sorted(counts)]
    return {"periods": periods, "rows": rows}


def _charter(analysis: Analysis, anchors: Mapping[str, str]) -> dict[str, Any] | None:
    if analysis.charter_id is None:
        return None
    doc = analysis.corpus.document(analysis.charter_id)
    return {"doc_id": doc.doc_id, "anchor": anchors[doc.doc_id], "title": doc.title, "date": _iso(doc.date)}


def _methods(analysis: Analysis, summary: Mapping[str, Any]) -> dict[str, Any]:
    from ..metrics.semantic import PROTECT_ETA

    config = analysis.config
    topics = analysis.topics
    conv = analysis.convergence
    return {
        "seed": config.seed,
        "unit": config.segments.unit,
        "kinds": list(config.segments.kinds),
        "freq_requested": analysis.periods.requested_freq,
        "freq": analysis.periods.freq,
        "min_segments": analysis.periods.min_segments,
        "model": analysis.embedding.model_id,
        "chunked": analysis.embedding.n_chunked,
        "clusterer": topics.clusterer_,
        "topic_params": {
            "min_topic_size": topics.params.min_topic_size,
            "n_neighbors": topics.params.n_neighbors,
            "n_components": topics.params.n_components,
            "cluster_selection": topics.config.cluster_selection,
            "guided": topics.config.guided,
            "seed": topics.seed,
        },
        "seed_values": list(topics.seed_values_),
        "convergence": summary["convergence"]["parameters"],
        "index_components": list(conv.index_components),
        "calibration": summary["convergence"]["parameters"].get("calibration", "none"),
        "protect_eta": PROTECT_ETA,
        "anisotropy_removed": len(conv.anisotropy_explained),
        "anisotropy_explained": float(sum(conv.anisotropy_explained)),
        "lexicon": analysis.adoption.lexicon_source,
        "n_values": len(analysis.lexicon.names),
        "min_mentions": analysis.adoption.min_mentions,
        "alignment": (summary["charter_alignment"] or {}).get("parameters"),
        "alignment_score": (summary["charter_alignment"] or {}).get("score"),
        "alignment_net_score": (summary["charter_alignment"] or {}).get("net_score"),
        "provenance": (summary["provenance"] or {}).get("parameters"),
    }


def _references(summary: Mapping[str, Any]) -> list[tuple[str, str]]:
    chance = summary["convergence"]["parameters"].get("calibration") == "chance"
    direction = [DIRECTION_REFERENCE] if (summary.get("direction") or {}).get("status") == "ok" else []
    return [*REFERENCES[:1], *([CHANCE_REFERENCE] if chance else []), *MEETING_REFERENCES, *REFERENCES[1:], *direction]


def _warnings(analysis: Analysis, summary: Mapping[str, Any]) -> list[dict[str, str]]:
    """Every caveat of the run, each with the part of the analysis it concerns (French headings)."""
    out: list[dict[str, str]] = []

    def add(where: str, messages: Sequence[str]) -> None:
        out.extend({"where": where, "message": str(m)} for m in messages)

    periods = analysis.periods.periods
    add("Périodes signalées", [f"{p} : {r}" for p, r, f in zip(periods["period"], periods["reason"], periods["flagged"])
                               if f])
    if analysis.periods.n_undated:
        add("Périodes", [f"{analysis.periods.n_undated} segment(s) sans date, hors de toute période."])
    if analysis.alignment is not None:
        thin = analysis.alignment.table[analysis.alignment.table["flagged"].astype(bool)]
        add("Alignement sur la charte", [
            f"{g} × {p} : {n} segment(s), moins que le minimum de {analysis.alignment.min_segments} ; "
            f"cellule signalée, hors tendance." for g, p, n in zip(thin["group"], thin["period"], thin["n_segments"])
        ])
    if analysis.embedding.n_chunked:
        add("Segments découpés", [
            f"{analysis.embedding.n_chunked} segment(s) plus longs que la fenêtre du modèle ont été plongés par "
            f"morceaux ({analysis.embedding.n_chunks} morceaux) puis moyennés."
        ])
    add("Plongements", analysis.embedding.warnings)
    if analysis.corpus.errors:
        add("Erreurs d'ingestion", [f"{len(analysis.corpus.errors)} document(s) non lus : voir l'aperçu du corpus."])
    add("Documents", [f"{d.path} : {w}" for d in analysis.corpus.documents for w in d.warnings])
    add("Notes", summary["notes"])
    conv = summary["convergence"]
    # With one group, "too few periods compare two groups; use another freq" is advice that cannot help.
    unhelpful = conv.get("status") in ("one_group", "no_group")
    add("Convergence", [w for w in conv["warnings"] if not (unhelpful and "compare two groups" in w)])
    add("Adoption des valeurs", summary["values"]["warnings"])
    for key, where in (("charter_alignment", "Alignement sur la charte"), ("provenance", "Provenance")):
        if summary[key]:
            add(where, summary[key]["warnings"])
    if summary.get("direction"):
        add("Qui mène, qui suit", summary["direction"]["warnings"])
    return out


def _skipped_by_reason(skipped: Sequence[SkippedFile]) -> list[dict[str, Any]]:
    """Skipped files counted by reason, most frequent first (the list is in ``tables/files.csv``)."""
    counts: dict[str, int] = {}
    for s in skipped:
        counts[s.reason] = counts.get(s.reason, 0) + s.files
    return [{"reason": r, "files": n} for r, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _num(value: Any, digits: int = 3) -> str:
    """A number with the French decimal comma; "—" for missing values."""
    return fr_number(float(value), digits) if _finite(value) else "—"


def _signed(value: Any, digits: int = 4) -> str:
    return ("+" if _finite(value) and value >= 0 else "") + _num(value, digits)


def _pct(value: Any, digits: int = 0) -> str:
    return fr_percent(float(value), digits) if _finite(value) else "—"


def _day(value: Any) -> str:
    """An ISO date as written in the summary; "—" when there is none."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if value else "—"
