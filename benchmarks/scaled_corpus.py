"""A corpus ``k`` times the demo, with the demo's structure and no text repeated between copies.

:func:`build_scaled_corpus` writes, in a folder outside the repository (a temporary folder),
``k`` copies of every minutes document of ``corpora/demo`` and the charter once, with a
``manifest.csv``:

* Copy 0 is the demo verbatim. Copy ``j >= 1`` of a meeting is the same commission meeting
  again at the neighbourhood antenna :func:`benchmarks.paraphrase.antenna` ``(j)``: same
  group, same people, same agenda and document format (Markdown with front matter, plain
  text, the Windows-1252 text stays Windows-1252, HTML), every line that the analysis reads
  rewritten by :func:`benchmarks.paraphrase.rewrite_line` so that no embedded segment of one
  copy equals a segment of another: the content-addressed embedding cache gets no free hits.
* Dates are spread inside the month of the original meeting (:func:`copy_date`), never after
  the charter when the original was before it: calendar periods (month, quarter, year) keep
  their groups and get ``k`` times the segments. ``"session"`` periods, one per meeting
  date, are ``k`` times as many instead.
* The charter is written once: there is one final charter whatever ``k``.

So the ``k``× corpus has ``k`` times the minutes segments of each kind (give or take the
odd line the segmenter reads differently once reworded), the same groups and one charter.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .paraphrase import MAX_COPIES, antenna, replace_date, rewrite_line

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "corpora" / "demo"
_HTML_LINE = re.compile(r"^(?P<pre>\s*(?:<[^>]+>\s*)*)(?P<text>[^<>]*?)(?P<post>(?:\s*<[^>]+>)*\s*)$")
_HTML_SKIP = re.compile(r"<(?:header|footer|nav|head|meta|!DOCTYPE|html|body)\b", re.IGNORECASE)
_TITLE = re.compile(r"^(?P<pre>\s*<title>)(?P<text>.*)(?P<post></title>\s*)$", re.IGNORECASE)


@dataclass(frozen=True)
class ScaledCorpus:
    """A scaled corpus on disk.

    Attributes
    ----------
    root : Path
        The corpus folder (``manifest.csv`` and ``docs/``).
    factor : int
        ``k``: copies of every minutes document.
    n_documents : int
        Documents in the manifest (``k`` × minutes + 1 charter for the demo).
    n_bytes : int
        Total size of the files under ``docs/``.
    """

    root: Path
    factor: int
    n_documents: int
    n_bytes: int


def copy_date(date: dt.date, j: int, latest: dt.date | None = None) -> dt.date:
    """The date of copy ``j`` of a meeting held on ``date``: another day of the same month.

    Parameters
    ----------
    date : datetime.date
        The original meeting's date (copy 0 keeps it).
    j : int
        Copy number.
    latest : datetime.date or None, default None
        Last day allowed (the day before the charter, for meetings held before it).

    Returns
    -------
    datetime.date
        ``date`` moved ``j`` days forward, cycling inside the month and before ``latest``:
        distinct for the first ``n`` copies when the month leaves ``n`` days.
    """
    last = calendar.monthrange(date.year, date.month)[1]
    days = [dt.date(date.year, date.month, d) for d in range(1, last + 1)]
    if latest is not None and date <= latest:
        days = [d for d in days if d <= latest]
    return days[(days.index(date) + j) % len(days)]


def build_scaled_corpus(factor: int, dest: Path, source: Path = DEMO) -> ScaledCorpus:
    """Write a corpus ``factor`` times ``source`` (the demo corpus) in ``dest``.

    Parameters
    ----------
    factor : int
        ``k >= 1``; 1 copies the demo as it is.
    dest : Path
        Folder to create; must not exist yet, and must lie outside the repository (a
        temporary folder), so that no generated corpus is ever committed or read as a real one.
    source : Path, default ``corpora/demo``
        A corpus with ``manifest.csv`` (columns path, doc_id, kind, date, group, title).

    Returns
    -------
    ScaledCorpus

    Raises
    ------
    ValueError
        ``factor`` out of 1..MAX_COPIES, ``dest`` inside the repository or already there.
    """
    if not 1 <= factor <= MAX_COPIES:
        raise ValueError(f"factor {factor} is outside 1..{MAX_COPIES}: choose a smaller scale")
    dest = Path(dest).resolve()
    if dest.is_relative_to(REPO) or dest.is_relative_to(Path(source).resolve()):
        raise ValueError(f"{dest}: scaled corpora are built outside the repository; pass a temporary folder")
    if dest.exists():
        raise ValueError(f"{dest}: already exists; pass a new folder")
    with (source / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    charters = [dt.date.fromisoformat(r["date"]) for r in rows if r["kind"] == "charter" and r["date"]]
    latest = min(charters) - dt.timedelta(days=1) if charters else None

    out_rows: list[dict[str, str]] = []
    for row in rows:
        copies = 1 if row["kind"] == "charter" else factor
        for j in range(copies):
            out_rows.append(_write_copy(source, dest, row, j, latest))
    (dest / "docs").mkdir(parents=True, exist_ok=True)
    with (dest / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(out_rows)
    n_bytes = sum(p.stat().st_size for p in (dest / "docs").rglob("*") if p.is_file())
    return ScaledCorpus(root=dest, factor=factor, n_documents=len(out_rows), n_bytes=n_bytes)


def _write_copy(source: Path, dest: Path, row: dict[str, str], j: int, latest: dt.date | None) -> dict[str, str]:
    """Write copy ``j`` of the document of manifest ``row``; return its manifest row."""
    original = source / row["path"]
    if j == 0:
        target = dest / row["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(original.read_bytes())
        return dict(row)
    old = dt.date.fromisoformat(row["date"])
    new = copy_date(old, j, latest)
    path = Path(row["path"])
    stem = path.stem.rsplit("_", 1)[0]  # "acces-aux-droits_2024-09-17" → "acces-aux-droits"
    rel = path.parent / f"{stem}_{new.isoformat()}_c{j:02d}{path.suffix}"
    raw = original.read_bytes()
    encoding = _encoding(raw)
    text = _rewrite(raw.decode(encoding), path.suffix.lower(), j, old, new)
    (dest / rel).parent.mkdir(parents=True, exist_ok=True)
    (dest / rel).write_bytes(text.encode(encoding))
    return {
        **row,
        "path": rel.as_posix(),
        "doc_id": f"{row['doc_id']}-c{j:02d}",
        "date": new.isoformat(),
        "title": f"{replace_date(row['title'], old, new)} – antenne {antenna(j)}",
    }


def _encoding(raw: bytes) -> str:
    # The demo has UTF-8 files and one Windows-1252 file: each copy keeps its original's encoding.
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _rewrite(text: str, suffix: str, j: int, old: dt.date, new: dt.date) -> str:
    lines = text.split("\n")
    if suffix in (".html", ".htm"):
        out = [_rewrite_html_line(line, j, i, old, new) for i, line in enumerate(lines)]
    else:
        body_start = _front_matter_end(lines) if suffix == ".md" else 0
        out = [_rewrite_front_matter(line, j, old, new) for line in lines[:body_start]]
        out += [rewrite_line(replace_date(line, old, new), j, i) for i, line in enumerate(lines[body_start:])]
    return "\n".join(out)


def _front_matter_end(lines: list[str]) -> int:
    """Index of the first body line of a Markdown file (0 without front matter)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return i + 1
    return 0


def _rewrite_front_matter(line: str, j: int, old: dt.date, new: dt.date) -> str:
    if line.startswith("date:"):
        return f"date: {new.isoformat()}"
    if line.startswith("title:"):
        value = line[len("title:") :].strip().strip('"')
        return f'title: "{replace_date(value, old, new)} – antenne {antenna(j)}"'
    return line


def _rewrite_html_line(line: str, j: int, position: int, old: dt.date, new: dt.date) -> str:
    title = _TITLE.match(line)
    if title:
        return f"{title['pre']}{replace_date(title['text'], old, new)} – antenne {antenna(j)}{title['post']}"
    match = _HTML_LINE.match(line)
    if _HTML_SKIP.search(line) or not match or not match["text"].strip():
        return line  # navigation, header, footer or markup only: not read as text
    text = rewrite_line(replace_date(match["text"], old, new), j, position)
    return f"{match['pre']}{text}{match['post']}"
