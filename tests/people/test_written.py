"""One written name: civility, first name, surname, role, organisation."""

from __future__ import annotations

import pytest

from chartertext.people.written import (
    display_person,
    fold,
    is_organisation,
    name_prefix,
    organisation_key,
    person_name,
    role_key,
    role_phrase,
)


@pytest.mark.parametrize(
    ("written", "gender", "first", "surname"),
    [
        ("Mme Hélène Dupont", "f", "Hélène", "Dupont"),
        ("Madame DUPONT", "f", None, "DUPONT"),
        ("H. Dupont", None, "H.", "Dupont"),
        ("Hélène DUPONT", None, "Hélène", "DUPONT"),
        ("DUPONT Hélène", None, "Hélène", "DUPONT"),
        ("M. Le Goff", "m", None, "Le Goff"),
        ("Yannick Le Goff", None, "Yannick", "Le Goff"),
        ("Dr Anne Moreau", None, "Anne", "Moreau"),
    ],
)
def test_names_person_name_splits_civility_first_name_and_surname(written, gender, first, surname):
    name = person_name(written)
    assert (name.gender, name.first, name.surname) == (gender, first, surname)


def test_names_lone_word_is_left_for_the_corpus_to_decide():
    # "Dupont" may be a surname, "Helga" a first name: one word alone says neither.
    assert person_name("Dupont").single == "Dupont"
    assert person_name("Dupont").surname is None


def test_names_keys_ignore_case_and_accents_but_display_keeps_them():
    assert person_name("Nadia CHERIF").surname_key == person_name("Mme Chérif").surname_key
    assert display_person(person_name("Nadia CHERIF")) == "Nadia Cherif"
    assert display_person(person_name("Mme Hélène Dupont")) == "Hélène Dupont"
    assert fold("Élodie") == "elodie"


def test_names_role_alone_is_a_role_with_a_gender_neutral_key():
    assert person_name("M. le Maire").role == "maire"
    assert person_name("l'adjointe au maire").role == role_key("adjoint au maire délégué au logement")
    assert person_name("le directeur du CCAS").role == "directeur du ccas"
    assert role_phrase("directrice du CCAS, coordination") == "directrice du CCAS"


def test_names_role_followed_by_a_name_is_that_person():
    name = person_name("Le Président Dupont")
    assert (name.surname, name.role) == ("Dupont", "president")


@pytest.mark.parametrize(
    "text", ["Association Le Relais", "association Toit Commun", "CCAS", "le CCAS", "CHRS Les Glycines", "Mission locale"]
)
def test_names_organisations_are_recognised(text):
    assert is_organisation(text)


@pytest.mark.parametrize("text", ["Mme Dupont", "Hélène Dupont", "LEVY Claude", "Eric"])
def test_names_people_are_not_organisations(text):
    assert not is_organisation(text)


def test_names_organisation_key_drops_association_and_common_head():
    assert organisation_key("association La Plume") == organisation_key("La Plume")
    assert organisation_key("espace France services") == organisation_key("France services")
    # A place after a preposition is not the organisation: the social centre is not the Rives.
    assert organisation_key("centre social des Rives") != organisation_key("Les Rives")


def test_names_name_prefix_stops_before_what_is_not_a_name():
    assert name_prefix("Claire Granie du cabinet de la maire")[0] == ["Claire", "Granie"]
    assert name_prefix("Elliot de Faramond et le coordinateur")[0] == ["Elliot", "de", "Faramond"]
    assert name_prefix("Autres membres excusés")[0] == []
