"""Dates written without a year: read them, then take the year from the folder, the file name or the other dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chartertext.corpus import documents_frame, ingest_corpus
from chartertext.ingest.dates import DateMatch
from chartertext.ingest.metadata import infer_fields
from chartertext.ingest.raw import RawDocument
from chartertext.ingest.years import DayMatch, DayMonth, find_meeting_day, parse_day_month, settle_year
from chartertext.lang.fr import MONTH_NAMES

D = dt.date
SEANCE = "Conseil de quartier\nSéance du 26 janvier\n\nPrésents : Mme Durand.\nLe budget est adopté.\n"


def _raw(fields: dict[str, str] | None = None) -> RawDocument:
    return RawDocument(pages=("",), format="md", fields=fields or {}, field_source="front_matter")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("26 janvier", DayMonth(26, 1)),
        ("le mardi 26 janvier", DayMonth(26, 1, weekday=1)),
        ("1er mars", DayMonth(1, 3)),
        ("vingt-six janvier", DayMonth(26, 1)),
        ("26 janv.", DayMonth(26, 1)),
        ("26/01", DayMonth(26, 1)),
        ("26.01", DayMonth(26, 1)),
        ("29 février", DayMonth(29, 2)),  # exists in leap years: the year decides
        ("31/04", None),
        ("26 sept", None),  # "sept" without its dot is also the number seven
        ("26 janvier 2021", None),  # a full date is parse_french_date's
        ("janvier", None),
    ],
)
def test_years_parse_day_month_reads_dates_without_a_year(written, expected):
    assert parse_day_month(written) == expected


@settings(database=None)  # nothing written in the working directory
@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)), st.sampled_from(["2021/cr.md", "cr 2021.md"]))
def test_years_day_month_round_trip_on_the_named_year(date, path):
    # any day written "D mois" or "DD/MM" in the head lands on that day of the year its path names
    for written in (f"{date.day} {MONTH_NAMES[date.month - 1]}", f"{date.day:02d}/{date.month:02d}"):
        got = infer_fields(path, _raw(), f"Conseil\nSéance du {written}\n")
        expected = date.replace(year=2021) if (date.month, date.day) != (2, 29) else None
        assert got.date == expected


@settings(database=None)
@given(st.text(alphabet="0123456789/.- leséancdujanvirmsdrnpo\n", max_size=60))
def test_years_never_raise_on_odd_text(text):
    found = find_meeting_day(text)
    assert found is None or isinstance(found, (DateMatch, DayMatch))
    day = parse_day_month(text)
    assert day is None or day.on(2000) is not None


def test_years_find_meeting_day_needs_a_cue_for_a_day_without_year():
    found = find_meeting_day(SEANCE)
    assert isinstance(found, DayMatch)
    assert (found.day, found.cue, SEANCE[found.start : found.end]) == (DayMonth(26, 1), "séance du", "26 janvier")
    assert find_meeting_day("Ordre du jour\n26 janvier : vote du budget\n") is None
    assert find_meeting_day("Titre\nréunion du dix sept heures trente\n") is None
    assert find_meeting_day("Compte rendu\nle mardi 20/02 à 18 h\n").day == DayMonth(20, 2, weekday=1)


def test_years_find_meeting_day_ignores_other_meetings_without_year():
    # from the paris14 plenary of 27 September 2016: a past meeting cited in the body
    body = "Séance plénière\n" + "Point divers.\n" * 15 + "comme convenu lors de la réunion des bureaux du 26 mai\n"
    assert find_meeting_day(body) is None
    assert find_meeting_day("Compte rendu\nSuite à la séance du 12 mars dernier, ...\n") is None
    assert find_meeting_day("Compte rendu\nRéunion le 6 avril prochain.\n") is None


def test_years_find_meeting_day_keeps_full_dates_and_their_rules():
    found = find_meeting_day("Séance du 26 janvier 2021\nPrésents : ...")
    assert isinstance(found, DateMatch) and found.date == D(2021, 1, 26)
    # a cued day in the head beats a cued full date in the body (the minutes approved last time)
    text = "Séance du 26 janvier\n\nApprobation du compte rendu de la séance du 15 décembre 2021.\n"
    assert find_meeting_day(text).day == DayMonth(26, 1)


def test_years_from_the_folder_say_so():
    got = infer_fields("2021/cr.md", _raw(), SEANCE)
    assert (got.date, got.sources["date"]) == (D(2021, 1, 26), "text+folder_year")
    assert "date '26 janvier': year 2021 taken from the folder 2021/" in got.warnings


def test_years_from_a_folder_the_common_prefix_cut_off():
    # the corpus walk cuts the folder all files share from rel_path; the year is still there
    got = infer_fields("cr.md", _raw(), SEANCE, corpus_path="2021/cr.md")
    assert (got.date, got.sources["date"]) == (D(2021, 1, 26), "text+folder_year")


@pytest.mark.parametrize(("day", "expected"), [("26 octobre", D(2020, 10, 26)), ("26 janvier", D(2021, 1, 26))])
def test_years_season_folder_splits_in_september(day, expected):
    got = infer_fields("archives/saison 2020-2021/cr.md", _raw(), f"Séance du {day}\nPrésents : ...\n")
    assert got.date == expected


def test_years_from_the_file_name():
    got = infer_fields("comptes-rendus/CR séance janvier 2022.md", _raw(), SEANCE)
    assert (got.date, got.sources["date"]) == (D(2022, 1, 26), "text+filename_year")
    assert any("taken from the file name CR séance janvier 2022.md" in w for w in got.warnings)


def test_years_from_the_other_dates_nearest_the_day():
    december = "Séance du 15 décembre\n\nOrdre du jour ...\n\nProchaine réunion le 12 janvier 2022.\n"
    got = infer_fields("cr.md", _raw(), december)
    assert (got.date, got.sources["date"]) == (D(2021, 12, 15), "text+other_dates_year")
    # a law cited once does not outvote the document's own dates
    text = SEANCE + "Vu la loi du 27 février 2002.\nProchaine réunion le 3 février 2022.\nFait le 28 janvier 2022.\n"
    assert infer_fields("cr.md", _raw(), text).date == D(2022, 1, 26)


def test_years_conflict_keeps_the_folder_and_warns():
    got = infer_fields("2021/cr.md", _raw(), SEANCE + "Prochaine réunion le 3 février 2022.\n")
    assert got.date == D(2021, 1, 26)
    assert any("ambiguous" in w and "2022" in w and "2021" in w for w in got.warnings)


def test_years_not_found_gives_no_date_and_says_how_to_fix():
    got = infer_fields("cr.md", _raw(), SEANCE)
    assert (got.date, got.sources["date"]) == (None, "default")
    assert any("26 janvier" in w and "no year" in w and "manifest.csv" in w for w in got.warnings)


def test_years_tied_other_dates_are_flagged_not_guessed():
    text = SEANCE + "Réunions suivantes : 3 février 2021 et 2 février 2022.\n"
    got = infer_fields("cr.md", _raw(), text)
    assert got.date is None
    assert any("disagree" in w and "2021" in w and "2022" in w for w in got.warnings)


def test_years_embedded_day_without_year():
    got = infer_fields("2019/pv.md", _raw({"date": "26/01"}), "Procès-verbal\n\nRien à signaler.\n")
    assert (got.date, got.sources["date"]) == (D(2019, 1, 26), "front_matter+folder_year")
    unsettled = infer_fields("pv.md", _raw({"date": "26/01"}), "Procès-verbal\n\nRien à signaler.\n")
    assert unsettled.date is None
    assert unsettled.metadata["date"] == "26/01"  # what the file said is not lost


def test_years_weekday_the_year_contradicts_is_flagged():
    # 26 January 2021 was a Tuesday, 26 January 2022 a Wednesday
    assert not any("ambiguous" in w for w in settle_year(DayMonth(26, 1, 1), "2021/a.md", "", "x").warnings)
    wrong = settle_year(DayMonth(26, 1, 1), "2022/a.md", "", "mardi 26 janvier")
    assert wrong.date == D(2022, 1, 26)
    assert any("mercredi, not a mardi" in w for w in wrong.warnings)


def test_years_a_day_the_folder_year_lacks_is_said():
    got = settle_year(DayMonth(29, 2), "2021/a.md", "", "29 février")
    assert got.date is None
    assert any("2021, a year without that day" in w for w in got.warnings)


def test_years_ingest_shows_the_inferred_year_in_documents(tmp_path):
    for name, text in (("cr-janvier.md", SEANCE), ("cr-fevrier.md", "Séance du 23 février 2021\nPrésents : ...\n")):
        (tmp_path / "2021").mkdir(exist_ok=True)
        (tmp_path / "2021" / name).write_text(text, encoding="utf-8")
    corpus = ingest_corpus(tmp_path)
    frame = documents_frame(corpus.documents).set_index("path")
    assert frame.loc["2021/cr-janvier.md", "date"] == D(2021, 1, 26)
    assert frame.loc["2021/cr-janvier.md", "source_date"] == "text+folder_year"
    assert "year 2021 taken from the folder 2021/" in frame.loc["2021/cr-janvier.md", "warnings"]
    assert frame.loc["2021/cr-fevrier.md", "source_date"] == "text"


def test_years_from_the_names_of_the_files_beside_it():
    beside = (D(2021, 1, 12), D(2021, 3, 9), D(2021, 6, 1))
    got = infer_fields("cr/CR seance.md", _raw(), SEANCE, neighbour_dates=beside)
    assert (got.date, got.sources["date"]) == (D(2021, 1, 26), "text+neighbours_year")
    assert any("names of the files beside it (2021-01-12 to 2021-06-01)" in w for w in got.warnings)
    # neighbours over several years fit the day in more than one: flagged, not guessed
    spread = (D(2019, 1, 10), D(2020, 1, 14), D(2021, 1, 12))
    assert infer_fields("cr/CR seance.md", _raw(), SEANCE, neighbour_dates=spread).date is None
    # the document's own dates come first
    own = SEANCE + "Prochaine réunion le 3 février 2022.\n"
    assert infer_fields("cr/CR seance.md", _raw(), own, neighbour_dates=beside).date == D(2022, 1, 26)


def test_years_ingest_reads_the_neighbours_file_names(tmp_path):
    folder = tmp_path / "comptes-rendus"
    folder.mkdir()
    (folder / "CR_20210112.md").write_text("Réunion du 12 janvier 2021\nPrésents : ...\n", encoding="utf-8")
    (folder / "CR_20210309.md").write_text("Réunion du 9 mars 2021\nPrésents : ...\n", encoding="utf-8")
    (folder / "CR seance.md").write_text(SEANCE, encoding="utf-8")
    (tmp_path / "autre").mkdir()
    (tmp_path / "autre" / "CR seance.md").write_text(SEANCE, encoding="utf-8")
    by_path = {d.path: d for d in ingest_corpus(tmp_path).documents}
    assert by_path["comptes-rendus/CR seance.md"].date == D(2021, 1, 26)
    assert by_path["autre/CR seance.md"].date is None  # a file of another folder is no neighbour
