"""The French word tables: each is consistent with itself and with the stages that read it."""

from __future__ import annotations

import datetime as dt

import pytest

from chartertext.ingest.dates import parse_french_date
from chartertext.lang import fr
from chartertext.people.names import fold
from chartertext.topics.stopwords import PROCEDURAL_STOPWORDS


def test_fr_plural_civilities_are_civilities_of_one_gender():
    for plural, single in fr.PLURAL_CIVILITIES.items():
        assert fr.CIVILITIES[plural] == fr.CIVILITIES[single]


def test_fr_every_civility_is_a_courtesy_or_a_title_and_me_is_one():
    assert fr.CIVILITIES == {**fr.COURTESY_CIVILITIES, **fr.TITLE_CIVILITIES}
    assert "Me" in fr.CIVILITIES and fr.DOTTED_CIVILITIES <= fr.CIVILITIES.keys()


def test_fr_roles_key_to_a_neutral_form_that_is_itself_a_role():
    assert all(neutral in fr.ROLES for neutral in fr.ROLES.values())
    assert fr.ADDRESS_ROLES <= fr.ROLES.keys()


def test_fr_speaking_roles_are_roles():
    for role in fr.SPEAKING_ROLES:
        assert all(word.lower() in fr.ROLES for word in role.split()), role


@pytest.mark.parametrize("table", [fr.NOT_NAMES, fr.TITLE_WORDS, fr.PLACE_WORDS])
def test_fr_matching_tables_are_folded(table):
    assert all(fold(word) == word for word in table)


def test_fr_months_give_one_to_twelve_and_every_full_spelling_is_read_as_a_date():
    assert [fr.MONTHS[m] for m in fr.MONTH_NAMES] == list(range(1, 13))
    for spelling in fr.MONTH_SPELLINGS:
        assert parse_french_date(f"3 {spelling} 2021") == dt.date(2021, fr.MONTHS[spelling], 3)


def test_fr_months_and_courtesy_civilities_are_topic_stop_words():
    assert set(fr.MONTH_NAMES) | set(fr.WEEKDAYS) <= PROCEDURAL_STOPWORDS
    assert {"mme", "m.", "monsieur", "mmes"} <= PROCEDURAL_STOPWORDS
