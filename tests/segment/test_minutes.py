"""Minutes segmentation: agenda items, the ordre du jour, speaker turns, attendance, paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chartertext.errors import ChartertextError
from chartertext.segment import segment_document, segment_minutes

from .contract import assert_segment_contract


def _kinds(segments):
    return [(s.kind, s.text) for s in segments]


def _items(segments):
    return [s.text for s in segments if s.kind == "agenda_item"]


def test_minutes_numbered_items_carry_their_heading_to_what_follows():
    text = (
        "CR du conseil municipal du 7 octobre 2022\n\n"
        "1/ Subventions aux associations :\n\n"
        "Le budget réservé aux associations s'élève à 2000€.\n\n"
        "13 votes pour\n\n"
        "2/ Tarifs de la salle\n\n"
        "Les tarifs de location ont été rediscutés."
    )
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    assert _items(segs) == ["1/ Subventions aux associations :", "2/ Tarifs de la salle"]
    by_text = {s.text: s for s in segs}
    assert by_text["CR du conseil municipal du 7 octobre 2022"].heading is None
    assert by_text["13 votes pour"].kind == "paragraph"
    assert by_text["13 votes pour"].heading == "1/ Subventions aux associations"
    assert by_text["Les tarifs de location ont été rediscutés."].heading == "2/ Tarifs de la salle"


def test_minutes_ordre_du_jour_list_is_one_segment_and_not_items():
    text = (
        "Ordre du jour :\n"
        "1. Subventions associatives\n"
        "2. Tarification cimetière\n"
        "3. Questions diverses\n\n"
        "1 Subventions associatives\n\n"
        "Cette année 2000 € de budget.\n\n"
        "2 Tarification cimetière\n\n"
        "Les tarifs sont dans la moyenne.\n\n"
        "3 Questions diverses\n\n"
        "Aucune question."
    )
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    agenda = segs[0]
    assert agenda.kind == "paragraph" and agenda.heading == "Ordre du jour"
    assert agenda.text.endswith("3. Questions diverses")
    assert _items(segs) == ["1 Subventions associatives", "2 Tarification cimetière", "3 Questions diverses"]


def test_minutes_ordre_du_jour_list_in_the_next_blocks_joins_it():
    text = (
        "Ordre du jour :\n\n"
        "I Convention de mise à disposition.\n"
        "II PADD.\n"
        "III Questions diverses.\n\n"
        "I Convention de mise à disposition.\n\n"
        "C'est une convention avec le centre de gestion."
    )
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    assert segs[0].heading == "Ordre du jour" and "III Questions diverses." in segs[0].text
    assert _items(segs) == ["I Convention de mise à disposition."]


def test_minutes_lone_ordre_du_jour_line_is_followed_by_the_first_item():
    text = (
        "Ordre du jour\n\n1/ ONF État d'assiette 2023 :\n\nIl n'y aura pas de coupe en 2023.\n\n"
        "2/ Déneigement\n\nL'entreprise arrête."
    )
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    assert _kinds(segs)[0] == ("paragraph", "Ordre du jour")
    assert _items(segs) == ["1/ ONF État d'assiette 2023 :", "2/ Déneigement"]


def test_minutes_numbered_list_inside_a_debate_is_not_an_item():
    text = (
        "1. Réglementation des questions diverses\n\n"
        "Plusieurs points ont été soulevés :\n"
        "1. Avoir un délai supplémentaire entre l'information et le dépôt.\n"
        "2. Avoir une date de révision.\n\n"
        "6 voix contre, 5 pour"
    )
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    assert _items(segs) == ["1. Réglementation des questions diverses"]
    assert all(s.heading == "1. Réglementation des questions diverses" for s in segs)


def test_minutes_number_out_of_sequence_is_a_sub_point_not_an_item():
    text = (
        "6. Subvention pour l'ASL\n\nAdoptée.\n\n"
        "7. Questions diverses\n"
        "1 / respect des horaires des travaux le dimanche\n\n"
        "Un rappel amiable sera fait.\n\n"
        "2/ Stérilisation des chats\n\n"
        "2 chats ont été capturés."
    )
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    assert _items(segs) == ["6. Subvention pour l'ASL", "7. Questions diverses"]
    assert segs[-1].heading == "7. Questions diverses"


@pytest.mark.parametrize(
    "line",
    [
        "12/03/2021 réunion du bureau",
        "1.68€ le mètre cube d'eau",
        "20 000 € pour la voirie",
        "2 bureaux à préparer pour les élections",
        "29 janvier 2021, salle polyvalente",
        "750 habitants à Couthenans",
    ],
)
def test_minutes_dates_and_amounts_are_not_items(line):
    text = f"Le conseil a délibéré.\n\n{line}\n\nLa séance continue."
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    assert _items(segs) == []


def test_minutes_wrapped_item_title_takes_its_second_line():
    text = "2. Reversement de la taxe d'aménagement communal à la\nCCPH\n\nVoir document ci-dessous."
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    assert segs[0].kind == "agenda_item"
    assert segs[0].text == "2. Reversement de la taxe d'aménagement communal à la\nCCPH"
    assert segs[1].heading == "2. Reversement de la taxe d'aménagement communal à la CCPH"


def test_minutes_item_line_in_the_middle_of_a_pdf_block_splits_it():
    # Bare numbers ("1 Archivage") must open their line after a closed sentence and follow on.
    text = (
        "1 Tarification cimetière\nOn peut faire des devis à titre de comparaison.\n"
        "2 Archivage\nTarif de 250€ par jour."
    )
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    assert _kinds(segs) == [
        ("agenda_item", "1 Tarification cimetière"),
        ("paragraph", "On peut faire des devis à titre de comparaison."),
        ("agenda_item", "2 Archivage"),
        ("paragraph", "Tarif de 250€ par jour."),
    ]


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Point 3 – Budget primitif", "Point 3 – Budget primitif"),
        ("1°) Budget primitif", "1°) Budget primitif"),
        ("1) Budget primitif", "1) Budget primitif"),
        ("N° 2022-15 Budget primitif", "N° 2022-15 Budget primitif"),
        ("Délibération n° 2022-15 : vente d'un terrain", "Délibération n° 2022-15 : vente d'un terrain"),
        ("Objet : Vente d'un terrain communal", "Objet : Vente d'un terrain communal"),
        ("Questions diverses :", "Questions diverses"),
        ("## Budget primitif", "Budget primitif"),
        ("BUDGET PRIMITIF 2022", "BUDGET PRIMITIF 2022"),
        ("I. Budget primitif", "I. Budget primitif"),
        ("II - Travaux de voirie", "II - Travaux de voirie"),
    ],
)
def test_minutes_recognised_item_forms(line, heading):
    text = f"Compte rendu de séance\n\n{line}\n\nLe budget est adopté à l'unanimité."
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    assert _items(segs) == [line]
    assert segs[-1].heading == heading


def test_minutes_title_lines_are_items_when_nothing_is_numbered():
    # An HTML page whose <h2> titles became plain lines, with a one-line action list.
    text = (
        "Compte rendu de la réunion du 12 mars 2019\n\n"
        "Piscine Elisabeth\n\n"
        "La mairie a répondu en indiquant les futurs horaires.\n\n"
        "Demander confirmation à la mairie sur ce point\n\n"
        "City-stade rue de Châtillon\n\n"
        "Le projet avance."
    )
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    assert _items(segs) == ["Piscine Elisabeth", "City-stade rue de Châtillon"]


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("M. le Maire : Je vous propose de passer au vote.", "M. le Maire"),
        ("Mme Dupont : Je ne suis pas d'accord.", "Mme Dupont"),
        ("M. DUPONT (adjoint) : Les travaux commencent lundi.", "M. DUPONT (adjoint)"),
        ("Le Président : La séance est ouverte.", "Le Président"),
        ("Mme Dupont indique que le marché est attribué.", "Mme Dupont"),
        ("M. le Maire rappelle que le budget est voté.", "M. le Maire"),
        ("M. le Maire précise les montants.", "M. le Maire"),
        ("Monsieur Martin explique le projet.", "Monsieur Martin"),
        ("Mme Alcalay et Mme Nguyen présentent un projet de MAM.", "Mme Alcalay et Mme Nguyen"),
        ("Carine Petit rappelle que la propreté est une priorité.", "Carine Petit"),
        ("Hélène a évoqué la loi sur le patrimoine sensoriel.", "Hélène"),
    ],
)
def test_minutes_speaker_turns(line, speaker):
    text = f"1/ Travaux\n\n{line}\n\nLe vote est reporté."
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    turn = segs[1]
    assert (turn.kind, turn.speaker, turn.text) == ("turn", speaker, line)
    assert turn.heading == "1/ Travaux"
    # The next paragraph has no cue: nobody is guessed.
    assert (segs[2].kind, segs[2].speaker) == ("paragraph", None)


@pytest.mark.parametrize(
    "line",
    [
        "Il propose de reporter le vote.",
        "La commune propose un tarif unique.",
        "Budget Assainissement : 35 000 €",
        "Proposition de mettre les tables en vente.",
    ],
)
def test_minutes_no_speaker_without_a_person(line):
    segs = segment_minutes("cm", f"1/ Travaux\n\n{line}")
    assert [s.kind for s in segs] == ["agenda_item", "paragraph"]


def test_minutes_reported_speech_opens_a_turn_after_a_closed_sentence_in_a_pdf_block():
    text = (
        "C'est le patrimoine historique de la commune.\n"
        "Marielle demande qu'on consulte la population.\n"
        "On peut aussi\ndemander un avis."
    )
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    assert _kinds(segs)[0] == ("paragraph", "C'est le patrimoine historique de la commune.")
    assert segs[1].kind == "turn" and segs[1].speaker == "Marielle"
    assert segs[1].text.endswith("demander un avis.")


@pytest.mark.parametrize(
    ("line", "cue"),
    [
        ("Présents : Jean-Pierre, Yves, Jacques.", "Présents"),
        ("Étaient présents : M. Dupont, Mme Martin.", "Étaient présents"),
        ("Absents : M. Durand.", "Absents"),
        ("Excusés : Anne-Marie (pouvoir donné à Yves).", "Excusés"),
        ("Absents excusés : Marielle, Adeline.", "Absents excusés"),
        ("Pouvoirs : Mme Martin à M. Dupont.", "Pouvoirs"),
        ("Procuration(s) : Mme Martin à M. Dupont.", "Procuration(s)"),
        ("Secrétaire de séance : Mme Martin.", "Secrétaire de séance"),
        ("Invité(e)s : M. Paganini.", "Invité(e)s"),
        ("Assistaient également : le secrétaire de mairie.", "Assistaient également"),
        ("+ Présents : Jean-Pierre, Nelly.", "Présents"),
    ],
)
def test_minutes_attendance_cues(line, cue):
    text = f"Conseil municipal du 4 juin 2021\n\n{line}\n\n1/ Budget\n\nLe budget est voté."
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    attendance = [s for s in segs if s.kind == "attendance"]
    assert [(s.text, s.heading) for s in attendance] == [(line, cue)]


def test_minutes_attendance_names_over_several_lines_stay_one_segment():
    text = (
        "Présents :\nJean-Pierre, Yves, Jacques, Mathieu,\nPatrick, Maryline\n"
        "Absents excusés : Marielle, Adeline.\n\n"
        "Absent\n\nHélène\n\n"
        "Ordre du jour :\n1. Budget\n2. Travaux"
    )
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    assert _kinds(segs)[:4] == [
        ("attendance", "Présents :\nJean-Pierre, Yves, Jacques, Mathieu,\nPatrick, Maryline"),
        ("attendance", "Absents excusés : Marielle, Adeline."),
        ("attendance", "Absent"),
        ("attendance", "Hélène"),
    ]


def test_minutes_wrapped_pdf_paragraph_stays_one_segment():
    text = (
        "1/ Convention assainissement\n\n"
        "Les eaux usées des Chevrets sont traitées par Héricourt sans qu'il y ait convention\n"
        "ni rétribution pour ce service depuis une vingtaine d'années. Les deux parties ont\n"
        "rédigé une convention pour régulariser la situation."
    )
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    assert len(segs) == 2 and segs[1].text.count("\n") == 2


def test_minutes_keeps_french_accents_and_offsets_on_a_prefix():
    text = "\n\n  Élection du maire : Mme Lefèvre est élue à l'unanimité.  \n\n"
    segs = segment_minutes("cm", text)
    assert_segment_contract(segs, text, "cm")
    assert segs[0].text == "Élection du maire : Mme Lefèvre est élue à l'unanimité."


def test_minutes_empty_text_gives_no_segment():
    assert segment_minutes("cm", "") == []
    assert segment_minutes("cm", "\n \n\n") == []


def test_segment_document_dispatches_on_kind():
    text = "Article 1er – Objet\n\nLa charte fixe les règles."
    assert {s.kind for s in segment_document("c", text, "charter")} == {"article"}
    assert {s.kind for s in segment_document("c", text, "draft")} == {"article"}
    assert [s.kind for s in segment_document("c", text, "other")] == ["paragraph", "paragraph"]
    assert {s.kind for s in segment_document("c", "M. le Maire : Bonjour.", "minutes")} == {"turn"}


def test_segment_document_unknown_kind_names_it_and_the_fix():
    with pytest.raises(ChartertextError, match=r"'rapport'.*minutes, charter, draft, other.*manifest"):
        segment_document("doc-1", "texte", "rapport")


_LINES = st.sampled_from(
    [
        "Ordre du jour :",
        "1. Budget primitif",
        "2/ Travaux de voirie :",
        "II - Questions diverses",
        "M. le Maire : Le budget est voté.",
        "Mme Dupont indique que la salle est réservée.",
        "Présents : Jean-Pierre, Yves.",
        "Absent",
        "- Avoir un délai supplémentaire ;",
        "13 votes pour",
        "BUDGET PRIMITIF",
        "Questions diverses",
        "la communauté de communes du Pays d'Héricourt",
        "## Élection du maire",
        "   ",
        "",
        "œuvre « collective » à 10 €",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(alphabet="aé Z:.\n1-", max_size=12)), max_size=14))
def test_minutes_spans_keep_the_contract_on_any_text(lines):
    text = "\n".join(lines)
    assert_segment_contract(segment_minutes("cm", text), text, "cm")
