"""A k× demo corpus: the demo's structure k times over, no analysed text repeated between copies."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.scaled_corpus import DEMO, REPO, build_scaled_corpus, copy_date
from chartertext.config import CONTENT_KINDS
from chartertext.corpus import Corpus, ingest_corpus

K = 3


@pytest.fixture(scope="module")
def demo() -> Corpus:
    return ingest_corpus(DEMO)


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    built = build_scaled_corpus(K, tmp_path_factory.mktemp("scaled") / f"demo-x{K}")
    return ingest_corpus(built.root, strict=True)


def _copy(doc_id: str) -> int:
    """Copy number of a document of the scaled corpus (0 for the demo's own)."""
    stem, _, suffix = doc_id.rpartition("-c")
    return int(suffix) if stem and suffix.isdigit() and len(suffix) == 2 else 0


def test_scaled_corpus_has_k_times_the_minutes_segments_of_each_kind(demo: Corpus, scaled: Corpus) -> None:
    minutes = lambda c: Counter(c.segments.loc[c.segments["doc_kind"] == "minutes", "kind"])  # noqa: E731
    expected, found = minutes(demo), minutes(scaled)
    assert set(found) == set(expected)
    for kind, n in expected.items():
        assert found[kind] == pytest.approx(K * n, rel=0.02), kind


def test_scaled_corpus_keeps_the_groups_and_one_charter(demo: Corpus, scaled: Corpus) -> None:
    assert {d.group for d in scaled.documents} == {d.group for d in demo.documents}
    charters = [d for d in scaled.documents if d.kind == "charter"]
    assert len(charters) == 1
    demo_minutes = sum(d.kind == "minutes" for d in demo.documents)
    assert sum(d.kind == "minutes" for d in scaled.documents) == K * demo_minutes
    demo_charter = demo.segments[demo.segments["doc_kind"] == "charter"]
    scaled_charter = scaled.segments[scaled.segments["doc_kind"] == "charter"]
    assert list(scaled_charter["text"]) == list(demo_charter["text"])


def test_scaled_corpus_repeats_no_text_across_copies_but_attendance(scaled: Corpus) -> None:
    segments = scaled.segments.assign(copy=[_copy(d) for d in scaled.segments["doc_id"]])
    assert set(segments["copy"]) == set(range(K))
    read = segments[segments["kind"] != "attendance"]
    copies_per_text = read.groupby("text")["copy"].nunique()
    shared = copies_per_text[copies_per_text > 1]
    assert shared.empty, f"texts found in several copies: {list(shared.index[:3])}"
    analysed = read[read["kind"].isin(CONTENT_KINDS)]
    assert len(analysed) > 300


def test_scaled_corpus_dates_stay_in_the_month_and_before_the_charter(demo: Corpus, scaled: Corpus) -> None:
    charter_date = next(d.date for d in demo.documents if d.kind == "charter")
    originals = {d.doc_id: d.date for d in demo.documents}
    seen: dict[str, set[dt.date]] = {}
    for doc in scaled.documents:
        if doc.kind != "minutes":
            continue
        base = doc.doc_id[:-4] if _copy(doc.doc_id) else doc.doc_id
        original = originals[base]
        assert (doc.date.year, doc.date.month) == (original.year, original.month), doc.doc_id
        assert doc.date < charter_date, doc.doc_id
        seen.setdefault(base, set()).add(doc.date)
    assert all(len(dates) == K for dates in seen.values())


def test_scaled_corpus_copies_keep_accents_and_the_windows_1252_encoding(scaled: Corpus) -> None:
    demo_cp1252 = [p for p in (DEMO / "docs").iterdir() if not _is_utf8(p.read_bytes())]
    assert len(demo_cp1252) == 1  # the demo README promises one Windows-1252 file
    stem = demo_cp1252[0].stem.rsplit("_", 1)[0]
    copies = [p for p in (scaled.root / "docs").glob(f"{stem}_*_c*{demo_cp1252[0].suffix}")]
    assert copies and not any(_is_utf8(p.read_bytes()) for p in copies)
    texts = [d.text for d in scaled.documents if d.path.endswith(tuple(p.name for p in copies))]
    assert texts and all("é" in t and "antenne" in t for t in texts)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_scaled_corpus_refuses_a_folder_inside_the_repository(tmp_path: Path) -> None:
    target = REPO / "corpora" / "demo-x2-should-not-exist"
    with pytest.raises(ValueError, match="outside the repository"):
        build_scaled_corpus(2, target)
    assert not target.exists()
    with pytest.raises(ValueError, match="factor"):
        build_scaled_corpus(0, tmp_path / "x0")


def test_copy_date_cycles_inside_the_month_before_the_limit() -> None:
    day = dt.date(2025, 5, 20)
    latest = dt.date(2025, 5, 26)
    dates = [copy_date(day, j, latest) for j in range(26)]
    assert dates[0] == day
    assert len(set(dates)) == 26  # 1..26 May: as many distinct days as the window allows
    assert all(d.month == 5 and d <= latest for d in dates)
