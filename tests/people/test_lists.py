"""Attendance lists in their usual shapes, cut into people, roles and organisations."""

from __future__ import annotations

from chartertext.people.lists import parse_list, parse_people


def _names(text: str) -> list[tuple[str, str]]:
    return [(e.name, e.kind) for e in parse_list(text)]


def test_lists_one_line_list_gives_people_and_an_organisation():
    entries = parse_list("Mme Dupont, M. Martin (CCAS), Association Le Relais")
    assert [(e.name, e.kind, e.affiliation) for e in entries] == [
        ("Mme Dupont", "person", None),
        ("M. Martin", "person", "CCAS"),
        ("Association Le Relais", "organisation", None),
    ]


def test_lists_one_person_per_line_reads_the_same_as_one_line():
    one_line = parse_list("Mme Dupont, M. Martin (CCAS), Mme Leroux")
    per_line = parse_list("Mme Dupont\nM. Martin, CCAS\nMme Leroux")
    assert [(e.name, e.affiliation) for e in per_line] == [(e.name, e.affiliation) for e in one_line]


def test_lists_first_names_one_per_line_stay_separate_people():
    assert _names("- Helga\n- Lynda\n- Eric") == [("Helga", "person"), ("Lynda", "person"), ("Eric", "person")]


def test_lists_bulleted_lines_and_trailing_dots_are_ignored():
    assert _names("- Hélène DUPONT\n- Anne Moreau.\n• Jean Petit") == [
        ("Hélène DUPONT", "person"),
        ("Anne Moreau", "person"),
        ("Jean Petit", "person"),
    ]


def test_lists_qualifiers_give_role_and_organisation():
    (entry,) = parse_list("M. Olivier Ferrand (directeur du CCAS)")
    assert (entry.role, entry.affiliation) == ("directeur du CCAS", "CCAS")
    (entry,) = parse_list("Mélody Tonolli, adjointe à la Maire chargée de la culture")
    assert entry.role == "adjointe à la Maire"


def test_lists_et_joins_people_and_shares_a_plural_qualifier():
    entries = parse_list("M. Durand et Mme Amrani (salariés en parcours, Les Jardins)")
    assert [e.name for e in entries] == ["M. Durand", "Mme Amrani"]
    assert {e.affiliation for e in entries} == {"Les Jardins"}


def test_lists_ampersand_inside_an_organisation_does_not_split_it():
    (entry,) = parse_list("M. Moussa Diallo (association Clic & Lien)")
    assert entry.affiliation == "association Clic & Lien"


def test_lists_first_names_are_people_and_counts_are_not():
    assert _names("Helga, Kadidatiou, Eric\nAutres membres excusés") == [
        ("Helga", "person"),
        ("Kadidatiou", "person"),
        ("Eric", "person"),
    ]
    assert parse_list("7 conseillers") == []


def test_lists_lone_word_after_a_full_name_is_its_organisation():
    entries = parse_list("Caroline Billard, Paris-Habitat,\nMartial Buisson, collectif GFR,\nJulie Bodron")
    assert [(e.name, e.affiliation) for e in entries] == [
        ("Caroline Billard", "Paris-Habitat"),
        ("Martial Buisson", "collectif GFR"),
        ("Julie Bodron", None),
    ]


def test_lists_people_named_inside_a_phrase_are_found():
    text = (
        "les représentants de 41 structures, dont Mme Hélène Lambert (adjointe au maire), "
        "les animateurs (Mme Marchand, M. Lefèvre) et six personnes accompagnées"
    )
    assert [e.name for e in parse_list(text)] == ["Mme Hélène Lambert", "Mme Marchand", "M. Lefèvre"]
    assert [e.name for e in parse_list("7 participants et un invité Yves Jouanique de France Nature Environnement")] == [
        "Yves Jouanique"
    ]


def test_lists_label_before_a_colon_names_the_organisation():
    entries = parse_list("APUR : Paul Baroin, directeur d'études\nCommUrba : Clément, Claire")
    assert [(e.name, e.affiliation) for e in entries] == [("Paul Baroin", "APUR"), ("Clément", None), ("Claire", None)]


def test_lists_name_broken_across_lines_is_joined():
    assert [e.name for e in parse_list("ABI-AYAD Nacer, DESHAYES\nNicoles, DURAND Guillaume")] == [
        "ABI-AYAD Nacer",
        "DESHAYES Nicoles",
        "DURAND Guillaume",
    ]


def test_lists_speaker_cue_gives_each_speaker():
    assert [e.name for e in parse_people("M. Le Goff et Mme Roussel")] == ["M. Le Goff", "Mme Roussel"]
    assert [(e.name, e.affiliation) for e in parse_people("M. Bertin (CPAM)")] == [("M. Bertin", "CPAM")]
