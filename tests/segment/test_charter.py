"""Charter segmentation: preamble, articles and list items, on snippets and on the real charters."""

from __future__ import annotations

import csv
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chartertext.segment import segment_charter

from .contract import assert_segment_contract


def _articles(segments):
    """Distinct headings of article and list rows, in order of appearance."""
    seen: list[str] = []
    for s in segments:
        if s.kind in ("article", "list_item") and s.heading not in seen:
            seen.append(s.heading)
    return seen


def test_charter_preamble_then_articles_with_titles_on_their_own_lines():
    text = (
        "CHARTE DES DROITS ET LIBERTÉS\n\n"
        "DE LA PERSONNE ACCUEILLIE\n\n"
        "Article 1er\n\n"
        "Principe de non-discrimination\n\n"
        "Nul ne peut faire l'objet d'une discrimination.\n\n"
        "Article 2\n\n"
        "Droit à une prise en charge\n\n"
        "ou à un accompagnement adapté\n\n"
        "La personne doit se voir proposer un accompagnement.\n\n"
        "Elle peut le refuser."
    )
    segs = segment_charter("ch", text)
    assert_segment_contract(segs, text, "ch")
    assert [(s.kind, s.heading, s.text) for s in segs] == [
        ("preamble", None, "CHARTE DES DROITS ET LIBERTÉS"),
        ("preamble", None, "DE LA PERSONNE ACCUEILLIE"),
        (
            "article",
            "Article 1er – Principe de non-discrimination",
            "Nul ne peut faire l'objet d'une discrimination.",
        ),
        (
            "article",
            "Article 2 – Droit à une prise en charge ou à un accompagnement adapté",
            "La personne doit se voir proposer un accompagnement.",
        ),
        (
            "article",
            "Article 2 – Droit à une prise en charge ou à un accompagnement adapté",
            "Elle peut le refuser.",
        ),
    ]


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Article 1er", "Article 1er – Objet de la charte"),
        ("Article premier", "Article premier – Objet de la charte"),
        ("Art. 2", "Art. 2 – Objet de la charte"),
        ("ARTICLE 3", "ARTICLE 3 – Objet de la charte"),
        ("Article 4 :", "Article 4 – Objet de la charte"),
        ("## Article 5", "Article 5 – Objet de la charte"),
    ],
)
def test_charter_article_number_forms(line, heading):
    text = (
        f"Charte de la vie associative\n\n{line}\n\n"
        "Objet de la charte\n\nLa charte fixe les engagements réciproques."
    )
    segs = segment_charter("ch", text)
    assert_segment_contract(segs, text, "ch")
    assert [(s.kind, s.heading) for s in segs] == [("preamble", None), ("article", heading)]


def test_charter_reference_to_an_article_is_not_a_heading():
    text = (
        "Article 1er – Objet\n\n"
        "La charte rappelle les principes de la République.\n\n"
        "Article 21-24 du code civil : les droits et devoirs sont rappelés.\n\n"
        "Article 415 du code civil dispose que la mesure est exercée dans le respect des libertés."
    )
    segs = segment_charter("ch", text)
    assert_segment_contract(segs, text, "ch")
    assert {s.heading for s in segs} == {"Article 1er – Objet"}
    assert len(segs) == 3


def test_charter_title_on_the_article_line():
    text = (
        "Préambule de la charte.\n\n"
        "Article 1 : Définition du Conseil de quartier\n\n"
        "Le Conseil de quartier est consultatif."
    )
    segs = segment_charter("ch", text)
    assert_segment_contract(segs, text, "ch")
    assert segs[-1].heading == "Article 1 : Définition du Conseil de quartier"


def test_charter_sentence_after_the_article_number_is_the_body():
    text = (
        "Le peuple français proclame :\n\n"
        "Art. 1er. - Chacun a le droit de vivre dans un environnement équilibré.\n\n"
        "Art. 2. - Toute personne a le devoir de le préserver."
    )
    segs = segment_charter("ch", text)
    assert_segment_contract(segs, text, "ch")
    assert [(s.kind, s.heading, s.text) for s in segs] == [
        ("preamble", None, "Le peuple français proclame :"),
        ("article", "Art. 1er", "Chacun a le droit de vivre dans un environnement équilibré."),
        ("article", "Art. 2", "Toute personne a le devoir de le préserver."),
    ]


def test_charter_list_items_carry_the_enclosing_article():
    text = (
        "Charte des associations du quartier\n\n"
        "Article 6 – Nos valeurs\n\n"
        "Les signataires partagent les valeurs suivantes :\n"
        "- Solidarité : chacun aide les autres ;\n"
        "- Respect : chacun écoute\n"
        "les autres avant de répondre ;\n"
        "• Laïcité\n\n"
        "-la procédure de mise sous protection ;\n\n"
        "1. Dignité\n2. Respect\n\n"
        "Ces valeurs sont rappelées chaque année."
    )
    segs = segment_charter("ch", text)
    assert_segment_contract(segs, text, "ch")
    assert [(s.kind, s.text) for s in segs[1:]] == [
        ("article", "Les signataires partagent les valeurs suivantes :"),
        ("list_item", "- Solidarité : chacun aide les autres ;"),
        ("list_item", "- Respect : chacun écoute\nles autres avant de répondre ;"),
        ("list_item", "• Laïcité"),
        ("list_item", "-la procédure de mise sous protection ;"),
        ("list_item", "1. Dignité"),
        ("list_item", "2. Respect"),
        ("article", "Ces valeurs sont rappelées chaque année."),
    ]
    assert {s.heading for s in segs[1:]} == {"Article 6 – Nos valeurs"}


def test_charter_one_value_per_line_block_is_a_list_but_a_wrapped_paragraph_is_not():
    text = (
        "Article 1er – Rôle\n\n"
        "Le Conseil de quartier est un lieu :\n\n"
        "d'information et de concertation sur les projets ;\n"
        "d'écoute des habitants ;\n"
        "de dialogue entre les acteurs du quartier.\n\n"
        "Animer la vie du quartier\n"
        "Établir l'agenda annuel\n\n"
        "Le conseil se réunit trois fois par an dans une salle mise à disposition par la\n"
        "mairie d'arrondissement."
    )
    segs = segment_charter("ch", text)
    assert_segment_contract(segs, text, "ch")
    assert [s.kind for s in segs] == ["article"] + ["list_item"] * 5 + ["article"]


def test_charter_roman_sections_and_capitals_are_headings():
    text = (
        "La charte des conseils de quartier\n\n"
        "Les conseils de quartier favorisent la participation.\n\n"
        "I. Rôle et compétences\n\n"
        "Article 1 : Définition\n\n"
        "Le conseil est consultatif.\n\n"
        "II - Composition\n\n"
        "Le conseil compte 60 membres.\n\n"
        "ANNEXE DE LA CHARTE\n\n"
        "Le quartier couvre la rue du Départ."
    )
    segs = segment_charter("ch", text)
    assert_segment_contract(segs, text, "ch")
    assert [s.kind for s in segs[:2]] == ["preamble", "preamble"]
    assert _articles(segs) == ["Article 1 : Définition", "II - Composition", "ANNEXE DE LA CHARTE"]


def test_charter_numbered_paragraphs_are_articles_when_there_is_no_article_line():
    text = (
        "Charte de l'élu local\n\n"
        "1. L'élu local exerce ses fonctions avec impartialité, diligence, dignité,\n"
        "probité et intégrité.\n\n"
        "2. Dans l'exercice de son mandat, l'élu local poursuit le seul intérêt général.\n\n"
        "3. L'élu local veille à prévenir tout conflit d'intérêts."
    )
    segs = segment_charter("ch", text)
    assert_segment_contract(segs, text, "ch")
    assert [(s.kind, s.heading) for s in segs] == [
        ("preamble", None),
        ("article", "1."),
        ("article", "2."),
        ("article", "3."),
    ]
    assert segs[1].text == (
        "L'élu local exerce ses fonctions avec impartialité, diligence, dignité,\nprobité et intégrité."
    )


def test_charter_title_lines_are_sections_when_nothing_is_numbered():
    text = (
        "CHARTE DES DROITS ET DEVOIRS DU CITOYEN FRANÇAIS\n\n"
        "La présente charte rappelle les principes de la République.\n\n"
        "Liberté\n\n"
        "Les êtres humains naissent et demeurent libres.\n\n"
        "Chacun a droit au respect de sa vie privée.\n\n"
        "Egalité\n\n"
        "Tous les citoyens sont égaux devant la loi."
    )
    segs = segment_charter("ch", text)
    assert_segment_contract(segs, text, "ch")
    assert [s.kind for s in segs] == ["preamble", "preamble", "article", "article", "article"]
    assert _articles(segs) == ["Liberté", "Egalité"]


def test_charter_first_line_is_a_title_unless_it_opens_the_articles():
    wrapper = (
        "# Article 2\n\nLa Charte est ainsi rédigée :\n\n"
        "Art. 1er. - Chacun a le droit de vivre.\n\nArt. 2. - Chacun le préserve."
    )
    segs = segment_charter("ch", wrapper)
    assert [(s.kind, s.heading) for s in segs] == [
        ("preamble", None),
        ("preamble", None),
        ("article", "Art. 1er"),
        ("article", "Art. 2"),
    ]
    excerpt = "Article 6 – Valeurs\n\nLe respect est dû à tous.\n\nArticle 7 – Engagements\n\nChacun s'engage."
    assert [(s.kind, s.heading) for s in segment_charter("ch", excerpt)] == [
        ("article", "Article 6 – Valeurs"),
        ("article", "Article 7 – Engagements"),
    ]


def test_charter_empty_text_gives_no_segment():
    assert segment_charter("ch", "") == []


def _real_text(path):
    from chartertext.ingest.readers import read_document
    from chartertext.normalise import normalise_pages

    return normalise_pages(read_document(path).pages)


# Counts and titles read by hand from the files in chartes-nationales/docs and the paris14 charter.
_REAL_CHARTERS = {
    "charte-droits-libertes-personne-accueillie": (
        12,
        [
            "Article 1er – Principe de non-discrimination",
            "Article 12 – Respect de la dignité de la personne et de son intimité",
        ],
    ),
    "charte-droits-libertes-personne-majeure-protegee": (
        13,
        [
            "Article 3 – Respect de la dignité de la personne et de son intégrité",
            "Article 13 – Confidentialité des informations",
        ],
    ),
    "charte-environnement-2004": (10, ["Art. 1er", "Art. 10"]),
    "charte-elu-local": (7, ["1.", "7."]),
    "charte-droits-devoirs-citoyen-francais": (
        5,
        ["Principes, valeurs et symboles de la République française", "Liberté", "Egalité", "Fraternité"],
    ),
}


@pytest.mark.parametrize("doc_id", sorted(_REAL_CHARTERS))
def test_charter_real_national_charters_article_counts(shared_corpora, doc_id):
    folder = shared_corpora / "chartes-nationales"
    rows = {r["doc_id"]: r for r in csv.DictReader((folder / "manifest.csv").open(encoding="utf-8"))}
    text = _real_text(folder / rows[doc_id]["path"])
    segs = segment_charter(doc_id, text)
    assert_segment_contract(segs, text, doc_id)
    expected_count, expected_titles = _REAL_CHARTERS[doc_id]
    headings = _articles(segs)
    assert len(headings) == expected_count
    for title in expected_titles:
        assert title in headings
    assert segs[0].kind == "preamble"


def test_charter_real_personne_accueillie_finds_every_article_in_order(shared_corpora):
    folder = shared_corpora / "chartes-nationales" / "docs"
    text = _real_text(folder / "charte-droits-libertes-personne-accueillie_arrete-2003-09-08_annexe.md")
    headings = _articles(segment_charter("pa", text))
    numbers = [re.match(r"Article (\d+)", h).group(1) for h in headings]
    assert numbers == [str(n) for n in range(1, 13)]
    # Titles split over two lines in the file are joined.
    assert "Article 10 – Droit à l'exercice des droits civiques attribués à la personne accueillie" in headings


def test_charter_real_paris14_html_charter(shared_corpora):
    path = shared_corpora / "paris14-conseil-quartier" / "docs" / "charte-conseils-de-quartier-14e.html"
    text = _real_text(path)
    segs = segment_charter("cq14", text)
    assert_segment_contract(segs, text, "cq14")
    headings = _articles(segs)
    articles = [h for h in headings if h.startswith("Article ")]
    assert [int(re.match(r"Article (\d+)", h).group(1)) for h in articles] == list(range(1, 27))
    assert "Article 3 : Rôle des Conseils de quartier" in headings
    assert "ANNEXE DE LA CHARTE" in headings
    # Article 3 lists the five roles of a neighbourhood council, one <li> each.
    roles = [s for s in segs if s.kind == "list_item" and s.heading == "Article 3 : Rôle des Conseils de quartier"]
    assert len(roles) == 5


_LINES = st.sampled_from(
    [
        "Article 1er",
        "Article 2 – Droit à l'information",
        "Art. 3. - Chacun a le droit de vivre.",
        "I. Principes",
        "CHARTE DE LA PARTICIPATION",
        "- Solidarité : chacun aide ;",
        "1. Dignité",
        "ou à un accompagnement adapté",
        "La personne a droit à une information claire.",
        "## Préambule",
        "----",
        "",
        "  ",
        "œuvre « commune »",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(alphabet="aÉ -:.\n1I", max_size=12)), max_size=14))
def test_charter_spans_keep_the_contract_on_any_text(lines):
    text = "\n".join(lines)
    assert_segment_contract(segment_charter("ch", text), text, "ch")
