"""Ingestion throughput on the real corpora: MB/s and segments/s, per corpus and per stage.

Run: ``python benchmarks/bench_ingest.py [--repeat 3] [--out table.md]``. Prints a Markdown table.
Absolute times are noisy on shared machines; compare rows measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from chartertext.corpus import ingest_corpus
from chartertext.segment.sentences import explode_sentences

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
CORPORA = ("paris14-conseil-quartier", "couthenans-conseil-municipal", "chartes-nationales")


def _bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in (root / "docs").rglob("*") if p.is_file())


def measure(root: Path, repeat: int) -> dict[str, float]:
    times, corpus = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        corpus = ingest_corpus(root)
        times.append(time.perf_counter() - start)
    assert corpus is not None
    seconds = statistics.median(times)
    explode_sentences(corpus.segments.head(2))  # load spaCy outside the timed run
    start = time.perf_counter()
    sentences = explode_sentences(corpus.segments)
    sent_seconds = time.perf_counter() - start
    size = _bytes(root)
    return {
        "documents": len(corpus.documents),
        "MB": size / 1e6,
        "segments": len(corpus.segments),
        "seconds": seconds,
        "MB/s": size / 1e6 / seconds,
        "segments/s": len(corpus.segments) / seconds,
        "sentences": len(sentences),
        "sentences/s (spaCy)": len(sentences) / sent_seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    rows = {name: measure(SHARED / name, args.repeat) for name in CORPORA}
    cols = list(next(iter(rows.values())))
    lines = ["| corpus | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for name, row in rows.items():
        cells = (f"{row[c]:.2f}" if isinstance(row[c], float) else str(row[c]) for c in cols)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print(table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
