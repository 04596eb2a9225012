"""The illustrative demo corpus (corpora/demo): consistent with its manifest, and telling its story.

The corpus is fiction written to a plan (see corpora/demo/README.md): four commissions meet from
September 2024 to May 2025, talk about their own technical agendas first, then adopt the shared
values of the charter they sign. These tests check the plan holds, without any model, reading the
files directly so they do not depend on the ingestion stage.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from chartertext.values import ValueLexicon, load_lexicon

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"
COMMISSIONS = ("accès aux droits", "logement et hébergement", "santé et bien-être", "insertion et emploi")
MONTHS = {
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
}  # fmt: skip
TITLE_DATE = re.compile(r"réunion du (\d{1,2})(?:er)? (\w+) (\d{4})", re.IGNORECASE)


@pytest.fixture(scope="module")
def manifest() -> list[dict[str, str]]:
    with (DEMO / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def lexicon() -> ValueLexicon:
    return load_lexicon()


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")  # one .txt is saved as an office PC would, on purpose


def front_matter(text: str) -> tuple[dict[str, object], str]:
    if not text.startswith("---\n"):
        return {}, text
    header, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(header), body


def paragraphs(path: Path) -> list[str]:
    """Blank-line separated blocks; for HTML, the block elements of the page's <main>."""
    text = read_text(path)
    if path.suffix == ".html":
        main = BeautifulSoup(text, "lxml").find("main")
        return [el.get_text(" ", strip=True) for el in main.find_all(["h1", "h2", "h3", "p", "li"])]
    _, body = front_matter(text)
    return [block.strip() for block in re.split(r"\n\s*\n", body) if block.strip()]


def test_demo_corpus_manifest_lists_existing_files_only(manifest: list[dict[str, str]]) -> None:
    assert list(manifest[0]) == ["path", "doc_id", "kind", "date", "group", "title"]
    listed = {row["path"] for row in manifest}
    for path in listed:
        assert (DEMO / path).is_file(), path
    on_disk = {p.relative_to(DEMO).as_posix() for p in (DEMO / "docs").rglob("*") if p.is_file()}
    assert on_disk == listed
    assert len({row["doc_id"] for row in manifest}) == len(manifest)


def test_demo_corpus_dates_parse_and_match_the_titles(manifest: list[dict[str, str]]) -> None:
    for row in manifest:
        date = dt.date.fromisoformat(row["date"])
        assert dt.date(2024, 9, 1) <= date <= dt.date(2025, 5, 31), row["path"]
        if row["kind"] == "minutes":
            day, month, year = TITLE_DATE.search(row["title"]).groups()
            assert dt.date(int(year), MONTHS[month.lower()], int(day)) == date, row["path"]


def test_demo_corpus_embedded_metadata_agrees_with_manifest(manifest: list[dict[str, str]]) -> None:
    for row in manifest:
        path = DEMO / row["path"]
        text = read_text(path)
        if path.suffix == ".md":
            fields, _ = front_matter(text)
            assert str(fields["date"]) == row["date"], row["path"]
            for key in ("group", "kind", "title"):
                assert fields[key] == row[key], (row["path"], key)
        elif path.suffix == ".html":
            assert BeautifulSoup(text, "lxml").title.get_text(strip=True) == row["title"]
        if row["kind"] == "minutes":
            # The date is also written in the minutes themselves, in French, as in real ones.
            day, month, year = TITLE_DATE.search(text).groups()
            assert dt.date(int(year), MONTHS[month.lower()], int(day)).isoformat() == row["date"]


def test_demo_corpus_each_commission_meets_five_times_or_more(manifest: list[dict[str, str]]) -> None:
    minutes = Counter(row["group"] for row in manifest if row["kind"] == "minutes")
    for group in COMMISSIONS:
        assert minutes[group] >= 5, group
    # The plenary synthesis is the one group that meets once, by design.
    assert set(minutes) == {*COMMISSIONS, "plénière"} and minutes["plénière"] == 1
    assert [row["kind"] for row in manifest].count("charter") == 1


def test_demo_corpus_commissions_meet_about_every_six_weeks(manifest: list[dict[str, str]]) -> None:
    dates: dict[str, list[dt.date]] = defaultdict(list)
    for row in manifest:
        if row["group"] in COMMISSIONS:
            dates[row["group"]].append(dt.date.fromisoformat(row["date"]))
    for group, days in dates.items():
        days.sort()
        gaps = [(b - a).days for a, b in zip(days, days[1:])]
        assert all(28 <= gap <= 70 for gap in gaps), (group, gaps)


def test_demo_corpus_minutes_have_realistic_length_and_parts(manifest: list[dict[str, str]]) -> None:
    for row in manifest:
        if row["kind"] != "minutes":
            continue
        blocks = paragraphs(DEMO / row["path"])
        words = sum(len(block.split()) for block in blocks)
        assert 350 <= words <= 700, (row["path"], words)
        text = "\n".join(blocks)
        for part in ("Présents :", "Ordre du jour", "Secrétaire de séance", "Décisions"):
            assert part in text, (row["path"], part)


def test_demo_corpus_deputy_mayor_attends_every_commission(manifest: list[dict[str, str]]) -> None:
    groups_seen = {
        row["group"]
        for row in manifest
        if re.search(r"\bLambert\b|\bLAMBERT\b", read_text(DEMO / row["path"]))
    }
    assert set(COMMISSIONS) <= groups_seen


def test_demo_corpus_charter_has_twenty_lexicon_values(
    manifest: list[dict[str, str]], lexicon: ValueLexicon
) -> None:
    (charter,) = [row for row in manifest if row["kind"] == "charter"]
    text = read_text(DEMO / charter["path"])
    articles = re.findall(r"^#+ Article (\d+) – (.+)$", text, flags=re.MULTILINE)
    assert [int(number) for number, _ in articles] == list(range(1, 21))
    values = []
    for _, heading in articles:
        named = {name for name, _, _ in lexicon.find(heading)}
        assert len(named) == 1, heading  # each article names exactly one value of the lexicon
        values.extend(named)
    assert len(set(values)) == 20
    assert len(re.findall(r"^#+ Recommandation \d", text, flags=re.MULTILINE)) == 4


def test_demo_corpus_value_talk_rises_in_every_commission(
    manifest: list[dict[str, str]], lexicon: ValueLexicon
) -> None:
    rows = [row for row in manifest if row["group"] in COMMISSIONS]
    dates = [dt.date.fromisoformat(row["date"]) for row in rows]
    start, span = min(dates), (max(dates) - min(dates)) / 3
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # (group, third) → [hits, all]
    for row, date in zip(rows, dates):
        third = "first" if date < start + span else "last" if date >= start + 2 * span else "middle"
        for block in paragraphs(DEMO / row["path"]):
            counts[row["group"], third][0] += bool(lexicon.find(block))
            counts[row["group"], third][1] += 1
    for group in COMMISSIONS:
        first = counts[group, "first"][0] / counts[group, "first"][1]
        last = counts[group, "last"][0] / counts[group, "last"][1]
        # The designed story is a clear rise, not a marginal one: at least 20 points.
        assert last >= first + 0.20, (group, first, last)
