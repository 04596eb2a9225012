"""Shared fixtures: where the real corpora live, and one French pipeline per test session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Topic models are signed with a key under the user's configuration folder: tests keep theirs apart.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="chartertext-test-config-")

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPORA = PROJECT_ROOT.parent / "shared" / "corpora"


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    """The real public corpora in ../shared/corpora (read only; never copied into the project)."""
    if not SHARED_CORPORA.is_dir():
        pytest.skip(f"real corpora not found at {SHARED_CORPORA}")
    return SHARED_CORPORA


@pytest.fixture(scope="session")
def nlp_fr():
    from chartertext.nlp import load_french

    return load_french()


def write_corpus_folder(root: Path, documents: dict[str, str], segments) -> Path:
    """Write planted documents as .txt files with a manifest (one row per doc_id of ``segments``)."""
    import csv

    (root / "docs").mkdir(parents=True, exist_ok=True)
    meta = segments.drop_duplicates("doc_id")
    with open(root / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["path", "doc_id", "kind", "date", "group", "title"])
        for row in meta.itertuples(index=False):
            path = f"docs/{row.doc_id}.txt"
            (root / path).write_text(documents[row.doc_id], encoding="utf-8")
            writer.writerow([path, row.doc_id, row.doc_kind, row.date.isoformat(), row.group, row.doc_id])
    return root


@pytest.fixture(scope="session")
def planted_folder(tmp_path_factory) -> Path:
    """A small planted corpus on disk: 3 groups x 3 monthly meetings x 8 paragraphs, shared-value talk rising."""
    from chartertext.synthetic.minutes import generate_planted_corpus, planted_truth

    segments = generate_planted_corpus([0.1, 0.4, 0.8], segments_per_cell=8, seed=3)
    return write_corpus_folder(tmp_path_factory.mktemp("planted"), dict(planted_truth(segments).documents), segments)


@pytest.fixture(scope="session")
def dask_executor():
    """A Dask executor on a LocalCluster of two worker processes, shared by the whole session (~2 s to start)."""
    pytest.importorskip("distributed")
    from chartertext.execution import ExecutionConfig, open_executor

    with open_executor(ExecutionConfig("dask", n_workers=2)) as executor:
        yield executor
