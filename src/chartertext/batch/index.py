"""The pages over a batch: ``index.html`` (French, self-contained) and ``batch.json``.

``index.html`` lists every corpus of the batch, reported or not: status, documents, segments,
topics, the convergence trend (slope per month on the panel of pairs, and its permutation p-value), the onset period,
a link to the corpus's own report (its ``index.html``, else its ``summary.json``) and, for a
failure, the error. Every value is escaped (a corpus name or an error message with ``<`` stays
text). ``batch.json`` holds the same rows for scripts.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from ..atomic import atomic_path

if TYPE_CHECKING:
    from .run import BatchResult, JobResult

SCHEMA = "chartertext.batch/1"

_PAGE = "index.html"


def write_batch_index(result: BatchResult) -> tuple[Path, Path]:
    """Write ``index.html`` and ``batch.json`` in the batch's ``out_dir``; return their paths."""
    out_dir = result.config.out_dir
    created = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    rows = [_row(r, out_dir) for r in result.results]
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("chartertext.batch", "templates"), autoescape=True, undefined=jinja2.StrictUndefined
    )
    page = env.get_template(_PAGE).render(
        title=result.config.source.stem,
        source=str(result.config.source),
        created=created,
        rows=rows,
        n=len(rows),
        n_ok=sum(r["ok"] for r in rows),
        n_failed=sum(not r["ok"] for r in rows),
    )
    index, data = out_dir / "index.html", out_dir / "batch.json"
    with atomic_path(index) as tmp:
        tmp.write_text(page, encoding="utf-8")
    payload: dict[str, Any] = {
        "schema": SCHEMA,
        "config": str(result.config.source),
        "created": created,
        "corpora": [{**r.to_dict(), "report": row["link"]} for r, row in zip(result.results, rows)],
        "failed": len(result.failed),
    }
    with atomic_path(data) as tmp:
        tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return index, data


def _row(result: JobResult, out_dir: Path) -> dict[str, Any]:
    link = label = None
    if result.ok:
        for name in ("index.html", "summary.json"):
            target = Path(result.out) / name
            if target.is_file():
                # Relative, so the batch folder can be moved or zipped with its reports; "./" and
                # percent-encoding keep a folder named "javascript:…" a path, never a URL scheme.
                link, label = Path(os.path.relpath(target, out_dir)).as_posix(), name
                break
    return {
        **result.to_dict(),
        "link": link,
        "href": None if link is None else urllib.parse.quote(link if link.startswith("../") else f"./{link}"),
        "link_label": label,
        "slope_text": "–" if result.slope is None else f"{result.slope:+.4f}",
        "p_text": "–" if result.p_value is None else f"{result.p_value:.3f}",
    }
