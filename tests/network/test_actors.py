"""Who is named in each meeting, and how: attendance, speakers, reported speech."""

from __future__ import annotations

import pandas as pd
import pytest

from chartertext.errors import CorpusError
from chartertext.network.actors import (
    MENTION_COLUMNS,
    attendance_status,
    extract_mentions,
    meetings_table,
    reported_speakers,
)


@pytest.mark.parametrize(
    ("cue", "status"),
    [
        ("Présents", "present"),
        ("Étaient présents", "present"),
        ("Participants", "present"),
        ("Excusés", "excused"),
        ("Absents excusés", "excused"),
        ("Absents non excusés", "absent"),
        ("Absent", "absent"),
        ("Invitée", "invited"),
        ("Secrétaire de séance", "secretary"),
        ("Pouvoirs", "proxy"),
    ],
)
def test_actors_attendance_cue_gives_the_status(cue, status):
    assert attendance_status(cue) == status


def test_actors_mentions_come_from_lists_speakers_and_text(small_corpus):
    mentions = extract_mentions(small_corpus.segments)
    assert list(mentions.columns) == list(MENTION_COLUMNS)
    first = mentions[mentions["doc_id"] == "logement-2024-01-10"]
    by_name = {n: set(part["status"]) for n, part in first.groupby("name")}
    assert by_name["Mme Hélène Dupont"] == {"present"}
    assert by_name["M. Karim Benali"] == {"excused"}
    assert by_name["Mme Chérif"] == {"secretary"}
    assert by_name["Association Le Relais"] == {"present"}
    assert "spoke" in by_name["Mme Dupont"]
    # M. Martin (CCAS) took part, so the CCAS was in the room through him.
    assert by_name["CCAS"] == {"represented"}


def test_actors_reported_speech_inside_a_paragraph_is_found(small_corpus):
    mentions = extract_mentions(small_corpus.segments)
    text = mentions[mentions["source"] == "text"]
    assert {"Dr Moreau", "M. Petit", "L'adjointe au maire"} <= set(text["name"])


def test_actors_reported_speech_needs_a_civility_or_a_role():
    found = reported_speakers("France Travail propose un atelier. Mme Leroy signale un retard. Le Maire rappelle la règle.")
    assert [(e.name, e.kind) for e in found] == [("Mme Leroy", "person"), ("Le Maire", "role")]


def test_actors_initials_do_not_cut_a_sentence():
    assert [e.name for e in reported_speakers("Le point est reporté. M. Roux indique que le guichet ferme.")] == ["M. Roux"]


def test_actors_charters_name_no_attendee(small_corpus):
    segments = small_corpus.segments.copy()
    segments["doc_kind"] = "charter"
    assert extract_mentions(segments).empty


def test_actors_meetings_table_flags_minutes_without_a_list(small_corpus):
    segments = small_corpus.segments
    segments = segments[~((segments["doc_id"] == "sante-2024-05-15") & (segments["kind"] == "attendance"))]
    meetings = meetings_table(segments, extract_mentions(segments))
    assert meetings["doc_id"].tolist() == [
        "logement-2024-01-10",
        "sante-2024-02-14",
        "logement-2024-03-12",
        "sante-2024-05-15",
    ]
    assert meetings.set_index("doc_id")["has_attendance"].to_dict()["sante-2024-05-15"] is False


def test_actors_segments_without_required_columns_are_refused():
    with pytest.raises(CorpusError, match="speaker"):
        extract_mentions(pd.DataFrame({"doc_id": ["a"], "text": ["Présents : Mme Dupont"]}))
