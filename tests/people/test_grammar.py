"""The French name grammar on small hand-written examples: civilities (with "Me"), particles,
names broken across lines, attendance lists, and the one fold."""

from __future__ import annotations

import pandas as pd
import pytest

from chartertext.network.aliases import resolve_aliases
from chartertext.people import lists, written
from chartertext.people.book import NameBook
from chartertext.people.names import civility_mentions, fold
from chartertext.people.sources import attendance_names, speaker_names
from chartertext.segment.speakers import speaker_turn


def _mentions(text: str) -> list[tuple[tuple[str, ...], tuple[str, ...], str | None]]:
    return [(n.first, n.last, n.gender) for _, n in civility_mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mme Dupont ouvre la séance.", [((), ("Dupont",), "f")]),
        ("M. DUPONT répond.", [((), ("DUPONT",), "m")]),
        ("Monsieur Jean Dupont répond.", [(("Jean",), ("Dupont",), "m")]),
        ("Me Durand plaide.", [((), ("Durand",), None)]),
        ("Maître Durand plaide.", [((), ("Durand",), None)]),
        ("Dr Mercier conclut.", [((), ("Mercier",), None)]),
        ("Mmes Dupont et Martin votent.", [((), ("Dupont",), "f"), ((), ("Martin",), "f")]),
        ("M. le Maire ouvre la séance.", []),
    ],
)
def test_grammar_civility_then_name(text, expected):
    assert _mentions(text) == expected


def test_grammar_lowercase_me_is_a_pronoun_not_a_civility():
    assert _mentions("Il me semble que Durand a raison.") == []


@pytest.mark.parametrize(
    ("text", "surname"),
    [("M. de Villepin", "de Villepin"), ("M. Le Goff", "Le Goff"), ("Me Durand", "Durand")],
)
def test_grammar_one_written_name_keeps_its_particle(text, surname):
    assert written.person_name(text).surname == surname


def test_grammar_particle_inside_a_full_name():
    name = written.person_name("Yannick Le Goff")
    assert (name.first, name.surname) == ("Yannick", "Le Goff")


def test_grammar_name_broken_across_two_lines_is_rejoined_in_a_list():
    entries = lists.parse_list("DESHAYES\nNicoles, Paul MARTIN")
    assert [e.name for e in entries] == ["DESHAYES Nicoles", "Paul MARTIN"]


def test_grammar_name_broken_across_two_lines_is_found_whole_in_the_text():
    book = NameBook(attendance_names("Présents : Agnès MICHELOT, Yves LISCHKA"))
    text = "La maire remercie Agnès\nMICHELOT pour son travail."
    assert [m.form for m in book.find(text)] == ["Agnès\nMICHELOT"]


def test_grammar_attendance_list_with_civilities_roles_and_me():
    entries = lists.parse_list("Mme Dupont, M. Martin (adjoint), Me Durand")
    assert [(e.name, e.kind, e.role) for e in entries] == [
        ("Mme Dupont", "person", None),
        ("M. Martin", "person", "adjoint"),
        ("Me Durand", "person", None),
    ]
    pseudonymiser_view = attendance_names("Présents : Mme Dupont, M. Martin (adjoint), Me Durand")
    assert [n.last for n in pseudonymiser_view] == [("Dupont",), ("Martin",), ("Durand",)]


def test_grammar_speaker_turns_with_me_are_read_by_segmenter_and_pseudonymiser():
    turn = speaker_turn("Me Durand : je représente la famille.")
    assert turn is not None and turn.speaker == "Me Durand"
    assert [n.last for n in speaker_names(turn.speaker)] == [("Durand",)]


def test_grammar_one_fold_for_every_comparison():
    assert fold("CHÉRIF") == fold("Chérif") == fold("Cherif") == "cherif"
    assert fold("  Le   Goff ") == "le goff" and fold("d’Arc") == "d'arc"
    assert written.fold is fold  # the network reads names with the same fold as the pseudonymiser


def _network_groups(names: list[str]) -> list[set[str]]:
    mentions = pd.DataFrame({"doc_id": "d1", "name": names, "kind": "person", "role": None})
    table = resolve_aliases(mentions)
    groups: dict[str, set[str]] = {}
    for alias, actor in zip(table["alias"], table["actor"]):
        groups.setdefault(actor, set()).add(alias)
    return sorted(groups.values(), key=sorted)


def _pseudonymiser_groups(names: list[str]) -> list[set[str]]:
    book = NameBook(attendance_names("Présents : " + ", ".join(names)))
    groups: dict[object, set[str]] = {}
    for name in names:
        (mention,) = book.find(name)
        groups.setdefault(mention.person, set()).add(name)
    return sorted(groups.values(), key=sorted)


@pytest.mark.parametrize(
    "names",
    [
        ["Hélène Dupont", "Mme DUPONT"],
        ["Claire Durand", "Me Durand"],
        ["Frédéric Leconte", "Leconte Frédéric"],
        ["Hélène Lambert", "H. Lambert", "M. Petit"],
    ],
)
def test_grammar_network_and_pseudonymiser_merge_the_same_variants(names):
    assert _network_groups(names) == _pseudonymiser_groups(names)
    assert len(_network_groups(names)) == (2 if "M. Petit" in names else 1)


def test_grammar_first_name_above_surname_is_one_person_for_network_and_pseudonymiser():
    text = "Agnès\nMICHELOT, Yves LISCHKA"
    assert [e.name for e in lists.parse_list(text)] == ["Agnès MICHELOT", "Yves LISCHKA"]
    pseudonymiser_view = attendance_names("Présents : " + text)
    assert [(n.first, n.last) for n in pseudonymiser_view] == [(("Agnès",), ("MICHELOT",)), (("Yves",), ("LISCHKA",))]


def test_grammar_first_names_on_their_own_lines_stay_apart_for_both():
    assert [e.name for e in lists.parse_list("Helga\nLynda")] == ["Helga", "Lynda"]
    assert [n.first for n in attendance_names("Présents :\nHelga\nLynda")] == [("Helga",), ("Lynda",)]


def test_grammar_speaker_cue_is_split_by_the_list_splitter():
    cue = "M. Le Goff et Mme Roussel"
    assert [e.name for e in lists.parse_people(cue)] == ["M. Le Goff", "Mme Roussel"]
    assert [n.last for n in speaker_names(cue)] == [("Le", "Goff"), ("Roussel",)]


def test_grammar_both_orders_of_a_name_are_one_pseudonym_and_a_lone_first_name_stays_hidden():
    book = NameBook(attendance_names("Présents : Frédéric Leconte, Frédéric Boitard\nLeconte Frédéric\nFrédéric"))
    found = book.find("Frédéric Leconte puis Leconte Frédéric, enfin Frédéric")
    assert [m.form for m in found] == ["Frédéric Leconte", "Leconte Frédéric", "Frédéric"]
    assert found[0].person == found[1].person != found[2].person
