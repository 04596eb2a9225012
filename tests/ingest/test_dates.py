"""French dates: single expressions, the meeting date of a minutes text, dates in file names."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chartertext.ingest.dates import date_from_filename, find_meeting_date, parse_french_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16 juin 2020", D(2020, 6, 16)),
        ("1er mars 2021", D(2021, 3, 1)),
        ("le 1ᵉʳ mars 2021", D(2021, 3, 1)),
        ("mardi 7 avril 2016", D(2016, 4, 7)),
        ("Jeudi  15 Novembre 2018", D(2018, 11, 15)),
        ("14 12 2019", D(2019, 12, 14)),
        ("14/12/2019", D(2019, 12, 14)),
        ("14.12.19", D(2019, 12, 14)),
        ("4-12-18", D(2018, 12, 4)),
        ("2019-12-14", D(2019, 12, 14)),
        ("2019-12-14T18:30:00", D(2019, 12, 14)),
        ("le vingt-six mai deux mille vingt", D(2020, 5, 26)),
        ("premier janvier deux mille un", D(2001, 1, 1)),
        ("trente et un décembre mil neuf cent quatre-vingt-dix-neuf", D(1999, 12, 31)),
        ("vingt et un juin deux mille vingt et un", D(2021, 6, 21)),
        ("dix-sept octobre mille neuf cent soixante et onze", D(1971, 10, 17)),
        ("31  mars  2021", D(2021, 3, 31)),
        ("6\u00a0octobre\u00a02020", D(2020, 10, 6)),
        ("12 DÉCEMBRE 2019", D(2019, 12, 12)),
        ("14 déc. 19", D(2019, 12, 14)),
        ("29 février 2020", D(2020, 2, 29)),
    ],
)
def test_dates_parse_reads_the_forms_minutes_use(text, expected):
    assert parse_french_date(text) == expected


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("3 janv. 2021", 1), ("3 févr. 2021", 2), ("3 fév 2021", 2), ("3 fevrier 2021", 2),
        ("3 avr. 2021", 4), ("3 juil. 2021", 7), ("3 aout 2021", 8), ("3 août 2021", 8),
        ("3 sept. 2021", 9), ("3 oct. 2021", 10), ("3 nov. 2021", 11), ("3 déc. 2021", 12),
        ("3 decembre 2021", 12),
    ],
)  # fmt: skip
def test_dates_parse_reads_abbreviated_and_unaccented_months(text, month):
    assert parse_french_date(text) == D(2021, month, 3)


@pytest.mark.parametrize(
    "text",
    ["31 février 2020", "29 février 2019", "2020-02-30", "14/13/2020", "32 mai 2020", "0 mai 2020",
     "trente-deux mai deux mille vingt", "mars 2021", "juin", "", "   ", "bonjour", "16 juin 2020 et 17 juin 2020",
     "la réunion du 16 juin 2020"],
)  # fmt: skip
def test_dates_parse_gives_none_for_impossible_or_non_dates(text):
    assert parse_french_date(text) is None


@settings(database=None)  # nothing written in the working directory
@given(st.dates(min_value=D(1901, 1, 1), max_value=D(2099, 12, 31)))
def test_dates_parse_round_trips_every_written_form(day):
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
              "octobre", "novembre", "décembre"]  # fmt: skip
    for written in (
        f"{day.day} {months[day.month - 1]} {day.year}",
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day:02d} {day.month:02d} {day.year}",
        day.isoformat(),
    ):
        assert parse_french_date(written) == day, written


@settings(database=None)
@given(st.text(alphabet="0123456789/.- lemarsdéc1erjuinvgt", max_size=40))
def test_dates_parse_never_raises(text):
    result = parse_french_date(text)  # near-dates are the risky inputs, hence the alphabet
    assert result is None or isinstance(result, dt.date)


def test_dates_two_digit_years_follow_the_posix_pivot():
    assert parse_french_date("14/12/68") == D(2068, 12, 14)
    assert parse_french_date("14/12/69") == D(1969, 12, 14)


def test_dates_meeting_date_comes_from_the_cue_and_its_offsets_spell_it():
    text = "Conseil de quartier\nCompte rendu de la réunion  du 18 décembre 2018\nPrésents : Anne, Paul\n"
    found = find_meeting_date(text)
    assert found is not None
    assert found.date == D(2018, 12, 18)
    assert text[found.start : found.end] == "18 décembre 2018"
    assert found.cue == "réunion du"


def test_dates_meeting_date_prefers_a_cued_date_to_an_earlier_bare_one_at_the_top():
    text = "Paris, 2 janvier 2020\nProcès-verbal de la séance du 17 décembre 2019\nOrdre du jour\n"
    assert find_meeting_date(text).date == D(2019, 12, 17)


def test_dates_meeting_date_prefers_the_top_over_a_cued_date_in_the_body():
    head = "Comité d’animation\n+ Vendredi 29 janvier 2021, 18:30.\n"
    body = "".join(f"Point {i} : discussion sur le budget.\n" for i in range(20))
    text = head + body + "Prochaine réunion du 5 mars 2021.\n"
    found = find_meeting_date(text)
    assert found.date == D(2021, 1, 29)
    assert found.cue == "vendredi"


def test_dates_meeting_date_in_the_body_needs_a_cue():
    head = "".join(f"Ligne {i} sans date.\n" for i in range(20))
    assert find_meeting_date(head + "La loi du 5 mars 2007 s'applique.\n") is None
    found = find_meeting_date(head + "Approbation du compte rendu de la séance du 5 mars 2007.\n")
    assert found.date == D(2007, 3, 5)


def test_dates_meeting_date_of_a_synthesis_is_its_last_meeting():
    text = "Synthèse des réunions  des  4-12-18 et  15-01-19\nOrganisation interne\n"
    found = find_meeting_date(text)
    assert found.date == D(2019, 1, 15)
    assert text[found.start : found.end] == "15-01-19"


def test_dates_meeting_date_ignores_dates_without_a_year_and_handles_le_at_the_top():
    text = "Co-animation jusqu’à la plénière du 20/02\nParis, le jeudi 14 janvier 2016.\n"
    found = find_meeting_date(text)
    assert found.date == D(2016, 1, 14)
    assert found.cue == "le"


def test_dates_meeting_date_cued_only_skips_bare_dates_at_the_top():
    text = "Le peuple se reconnaît dans la Déclaration du 26 août 1789.\nArticle 1er\n"
    assert find_meeting_date(text).date == D(1789, 8, 26)
    assert find_meeting_date(text, cued_only=True) is None


def test_dates_meeting_date_skips_impossible_dates():
    assert find_meeting_date("Réunion du 31 février 2020\nRéunion du 2 mars 2020\n").date == D(2020, 3, 2)
    assert find_meeting_date("") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CR_reunion_20210129.pdf", D(2021, 1, 29)),
        ("CR_conseil_municipal_07_10_2022.pdf", D(2022, 10, 7)),
        ("2016-09-27pleniere.pdf", D(2016, 9, 27)),
        ("a2016avril11.pdf", D(2016, 4, 11)),
        ("p2017sept14.pdf", D(2017, 9, 14)),
        ("u2016avril7cr.pdf", D(2016, 4, 7)),
        ("a2016janv14.pdf", D(2016, 1, 14)),
        ("2020-05-26_commission.docx", D(2020, 5, 26)),
        ("sous/dossier/11-avril-2016.txt", D(2016, 4, 11)),
        ("pv_14.12.19.odt", D(2019, 12, 14)),
    ],
)
def test_dates_filename_reads_the_usual_namings(name, expected):
    assert date_from_filename(name) == expected


@pytest.mark.parametrize(
    "name", ["cr1.pdf", "comite-animation_cra12.html", "CR_reunion_20210231.pdf", "2016/cr.pdf", "rapport-v2.3.pdf"]
)
def test_dates_filename_gives_none_without_a_valid_date(name):
    assert date_from_filename(name) is None


def _manifest_dates(root: Path) -> dict[str, dt.date | None]:
    with open(root / "manifest.csv", encoding="utf-8-sig", newline="") as handle:
        return {r["path"]: (D.fromisoformat(r["date"]) if r["date"] else None) for r in csv.DictReader(handle)}


def test_dates_real_paris14_html_minutes_text_gives_the_manifest_date(shared_corpora):
    from bs4 import BeautifulSoup

    root = shared_corpora / "paris14-conseil-quartier"
    expected = {p: d for p, d in _manifest_dates(root).items() if p.endswith(".html") and "charte" not in p}
    assert len(expected) == 24
    found = {}
    for path in expected:
        text = BeautifulSoup((root / path).read_bytes(), "lxml").get_text("\n")
        match = find_meeting_date(text)
        found[path] = match.date if match else None
    assert found == expected


def test_dates_real_pdf_file_names_give_the_manifest_date(shared_corpora):
    checked = 0
    for corpus in ("couthenans-conseil-municipal", "paris14-conseil-quartier"):
        for path, expected in _manifest_dates(shared_corpora / corpus).items():
            if path.endswith(".pdf"):
                assert date_from_filename(path) == expected, path
                checked += 1
    assert checked == 11 + 9
