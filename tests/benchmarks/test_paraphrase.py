"""Rewriting a line for copy j: other words, same cues, distinct between copies."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.paraphrase import MAX_COPIES, antenna, replace_date, rewrite_line
from chartertext.segment.speakers import agenda_cue, attendance_cue, speaker_turn

TURN = (
    "M. Roux indique que l'espace France services a traité 2 650 demandes depuis janvier, "
    "dont 40 % concernent la CAF, le 17 septembre 2024 à 14 h."
)


def test_rewrite_line_copy_zero_is_the_original() -> None:
    assert rewrite_line(TURN, 0, 3) == TURN


def test_rewrite_line_keeps_the_speaker_cue_and_sentence_end() -> None:
    for j in (1, 2, 7):
        new = rewrite_line(TURN, j, 0)
        assert speaker_turn(new) == speaker_turn(TURN)
        assert new.endswith(".") and antenna(j) in new


def test_rewrite_line_changes_counts_but_not_years_hours_or_dates() -> None:
    new = rewrite_line(TURN, 1, 0)
    assert "2 650" not in new
    assert "17 septembre 2024" in new and "14 h" in new


def test_rewrite_line_differs_between_copies() -> None:
    lines = [TURN, "3. Interprétariat", "- note sur le croisement des fichiers (Mme Girard) ;", "Décisions :"]
    for line in lines:
        versions = [rewrite_line(line, j, 5) for j in range(1, 40)]
        assert len(set(versions)) == len(versions), line


def test_rewrite_line_keeps_cues_the_segmenter_reads() -> None:
    attendance = "Présents : Mme Lambert (adjointe au maire), M. Ferrand (CCAS)."
    assert rewrite_line(attendance, 4, 0) == attendance
    agenda = rewrite_line("Ordre du jour :", 4, 0)
    assert agenda != "Ordre du jour :" and agenda_cue(agenda) is not None
    assert attendance_cue(rewrite_line("Excusé : M. Morel.", 2, 1)) == "Excusé"


def test_rewrite_line_does_not_break_french_elision() -> None:
    line = "Mme Lambert rappelle que le réseau réunit depuis juin une quarantaine de structures très diverses."
    for j in range(1, 10):
        assert "de organisations" not in rewrite_line(line, j, 0)


def test_replace_date_keeps_capitals() -> None:
    old, new = dt.date(2024, 11, 12), dt.date(2024, 11, 1)
    assert replace_date("COMPTE RENDU DE LA RÉUNION DU 12 NOVEMBRE 2024", old, new).endswith("1ER NOVEMBRE 2024")
    assert replace_date("réunion du 12 novembre 2024", old, new) == "réunion du 1er novembre 2024"


def test_antenna_names_are_distinct_up_to_the_limit() -> None:
    names = [antenna(j) for j in range(1, MAX_COPIES)]
    assert len(set(names)) == len(names)
    with pytest.raises(ValueError):
        antenna(MAX_COPIES)
