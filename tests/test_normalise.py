"""Tests for chartertext.normalise: French canonical text, hyphenation, page furniture."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chartertext.normalise import normalise, normalise_pages, remove_page_furniture

FRENCH = "é à ç œ Œ É ô ï ù ê « »"


# --- characters ---------------------------------------------------------------------------


def test_normalise_keeps_every_french_accent():
    assert normalise(f"Élus : {FRENCH} ’") == f"Élus : {FRENCH} '"


def test_normalise_composes_to_nfc():
    decomposed = "re\u0301union de\u0301le\u0301gue\u0301e"
    assert normalise(decomposed) == "réunion déléguée"


def test_normalise_is_not_nfkc_for_ordinals_and_superscripts():
    assert normalise("le 1º point, 30 m² de jardin") == "le 1º point, 30 m² de jardin"


def test_normalise_expands_typographic_ligatures_but_keeps_oe():
    assert normalise("l’eﬃcacité du ﬁnancement, ﬂux, eﬀort, ﬄ, un vœu, Œuvre") == (
        "l'efficacité du financement, flux, effort, ffl, un vœu, Œuvre"
    )


@pytest.mark.parametrize("apostrophe", ["\u2019", "\u2018", "\u02bc", "\u00b4", "`", "\u2032"])
def test_normalise_makes_apostrophes_ascii(apostrophe):
    assert normalise(f"l{apostrophe}école d{apostrophe}été") == "l'école d'été"


def test_normalise_keeps_backtick_and_acute_outside_words():
    assert normalise("la touche ` et le signe ´ seuls") == "la touche ` et le signe ´ seuls"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("il a dit “d’accord” hier", "il a dit « d'accord » hier"),
        ("„participation“", "« participation »"),
        ("«\u00a0démocratie\u202f»", "« démocratie »"),
        ("«démocratie»", "« démocratie »"),
        ("le ”vœu” adopté", "le « vœu » adopté"),
    ],
)
def test_normalise_quotes_become_spaced_guillemets(raw, expected):
    assert normalise(raw) == expected


def test_normalise_leaves_ascii_double_quote_alone():
    assert normalise('un écran de 27" et "la propreté"') == 'un écran de 27" et "la propreté"'


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2007", "\u2009", "\u2002", "\u2003", "\u200a", "\t"])
def test_normalise_french_typographic_spaces_become_plain(space):
    assert normalise(f"Vote{space}: 12{space}pour") == "Vote : 12 pour"


@pytest.mark.parametrize("invisible", ["\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad", "\x00", "\x07", "\u200e"])
def test_normalise_removes_invisible_and_control_characters(invisible):
    assert normalise(f"\ufeffpartici{invisible}pation élevée") == "participation élevée"


def test_normalise_zero_width_space_separates_words():
    # As Google Docs PDF exports use it (paris14 corpus, a2016janv14.pdf).
    assert normalise("Mme Lecareux\u200breprésentant\u200b l’association") == "Mme Lecareux représentant l'association"


def test_normalise_zero_width_space_keeps_superscript_ordinals_glued():
    assert (
        normalise("la mairie du 14\u200be\u200bsur le parvis du 13\u200be\u200b.")
        == "la mairie du 14e sur le parvis du 13e."
    )


def test_normalise_soft_hyphen_used_as_visible_hyphen_becomes_hyphen():
    # p2016mai17.pdf writes every hyphen as U+00AD and has no ordinary one.
    assert normalise("Jean\xadPierre, Denfert\xadRochereau : est\xadce possible ?") == (
        "Jean-Pierre, Denfert-Rochereau : est-ce possible ?"
    )


def test_normalise_soft_hyphen_is_removed_when_text_has_real_hyphens():
    assert normalise("peut-être une partici\xadpation et une délé\xadgation") == (
        "peut-être une participation et une délégation"
    )


def test_normalise_soft_hyphen_at_line_start_is_a_list_dash():
    assert normalise("Ordre du jour :\n\xad   Questions diverses\n\xad   Budget") == (
        "Ordre du jour :\n- Questions diverses\n- Budget"
    )


def test_normalise_unicode_hyphens_become_ascii_and_dashes_stay():
    assert (
        normalise("avant\u2010projet, compte\u2011rendu – séance — fin") == "avant-projet, compte-rendu – séance — fin"
    )


@pytest.mark.parametrize("bullet", ["\uf0b7", "\uf0a7", "\uf076", "\uf0d8"])
def test_normalise_private_use_bullets_become_bullets(bullet):
    assert normalise(f"Décisions :\n  {bullet}  Écoles\n{bullet}Crèche") == "Décisions :\n• Écoles\n• Crèche"


def test_normalise_wingdings_arrow_inside_a_line_becomes_arrow():
    assert normalise("14 pour / 0 contre \uf0e0 adopté") == "14 pour / 0 contre → adopté"


# --- line structure ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("un\r\ndeux\rtrois", "un\ndeux\ntrois"), ("page un\x0cpage deux", "page un\n\npage deux")],
)
def test_normalise_line_endings_and_form_feed(raw, expected):
    assert normalise(raw) == expected


def test_normalise_folds_whitespace_and_blank_lines():
    raw = "  \n Présents :\t\tÉlise   Durand  \n   \n\n\n\n  Excusés : aucun   \n\n"
    assert normalise(raw) == "Présents : Élise Durand\n\nExcusés : aucun"


def test_normalise_rejoins_line_break_hyphenation_and_moves_the_break():
    assert normalise("la partici-\npation des habitants\nest élevée") == "la participation\ndes habitants\nest élevée"


def test_normalise_rejoined_word_that_filled_its_line_leaves_no_blank_line():
    assert normalise("une délibé-\nration\nadoptée") == "une délibération\nadoptée"


def test_normalise_rejoins_a_word_broken_over_three_lines():
    assert normalise("anti-\nconsti-\ntutionnellement dit") == "anticonstitutionnellement\ndit"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("c'est-à-\ndire ceci", "c'est-à-dire\nceci"),
        ("il viendra peut-\nêtre demain", "il viendra peut-être\ndemain"),
        ("vis-à-\nvis de la mairie", "vis-à-vis\nde la mairie"),
        ("le porte-\nparole du conseil", "le porte-parole\ndu conseil"),
        ("à Saint-\nÉtienne aussi", "à Saint-Étienne\naussi"),
        ("y a-t-\nil un vote ?", "y a-t-il\nun vote ?"),
        ("a-\nt-il voté ?", "a-t-il\nvoté ?"),
        ("celle-\nci est close", "celle-ci\nest close"),
        ("que fait-\non ? Rien", "que fait-on ?\nRien"),
        ("le vice-\nprésident élu", "le vice-président\nélu"),
    ],
)
def test_normalise_keeps_the_hyphen_of_real_compounds(raw, expected):
    assert normalise(raw) == expected


def test_normalise_hyphenation_follows_the_documents_own_spelling():
    # "merci" is written whole elsewhere, so "mer-ci" is a typesetter's break ...
    assert normalise("Il dit mer-\nci. Puis merci encore.") == "Il dit merci.\nPuis merci encore."
    # ... and "non-valeur" is written hyphenated elsewhere, so the hyphen stays.
    assert normalise("6/ Admissions en non-valeur\n2 admissions en non-\nvaleur") == (
        "6/ Admissions en non-valeur\n2 admissions en non-valeur"
    )


def test_normalise_leaves_hyphens_that_are_not_word_breaks():
    raw = "budget 2021-\n2022\nun tiret -\nsuivi\nla partici-\n\npation"
    assert normalise(raw) == raw


# --- properties ----------------------------------------------------------------------------

_TRICKY = list(
    "é à ç œ Œ É ô ï ù ê « » ’ ‘ ʼ ´ ` ′ “ ” „ ‟ ( ) ' \" - ‐ ‑ – \u00ad \u00a0 \u202f \u2007 \u2009 \u2002 "
    "\u200b \u200c \u200d \ufeff \u2060 \r \n \t \x0c \x0b \u2028 \u2029 ﬁ ﬂ ﬀ ﬃ ﬄ \uf0b7 \uf0a7 \uf076 \uf0e0 "
    "\u0301 \x00".split(" ")
) + [" ", "-\n", "\n\n", "peut-\nêtre", "partici-\npation", "Saint-\nÉtienne", "14\u200be\u200b"]
_ANY_TEXT = st.lists(st.sampled_from(_TRICKY) | st.characters() | st.sampled_from(list("aeiltnAÉ")), max_size=80)


@settings(max_examples=200, deadline=None)
@given(_ANY_TEXT.map("".join))
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once


_FRENCH_PROSE = st.lists(
    st.sampled_from(list("éàçœŒÉôïùêaeioustrlnEAT") + [" ", "\n", "-", "-\n", "'", "’", "« ", " »", ", ", ". "]),
    max_size=80,
)


@settings(max_examples=100, deadline=None)
@given(_FRENCH_PROSE.map("".join))
def test_normalise_never_changes_or_drops_a_letter(text):
    letters = [c for c in unicodedata.normalize("NFC", text) if c.isalpha()]
    assert [c for c in normalise(text) if c.isalpha()] == letters


# --- page furniture ------------------------------------------------------------------------


def _pages(bodies: list[list[str]], header: str | None = None, footer: str | None = None) -> list[str]:
    pages = []
    for n, body in enumerate(bodies, start=1):
        lines = ([header] if header else []) + body + ([footer.format(n=n, total=len(bodies))] if footer else [])
        pages.append("\n".join(lines))
    return pages


_BODIES = [
    ["Séance du 12 mars 2021", "Présents : Élise, Noël, Maëlle", "1/ Budget primitif", "Vote à l'unanimité"],
    ["2/ Crèche municipale", "La commission a étudié le dossier.", "Avis favorable.", "12 votes pour"],
    ["3/ Éclairage public", "Extinction de 23 h à 5 h.", "Débat sur la sécurité.", "13 votes pour"],
    ["4/ Questions diverses", "Fête du village en juin.", "Séance levée à 21 h.", "Le secrétaire"],
]


def test_remove_page_furniture_drops_running_header_and_numbered_footer():
    pages = _pages(_BODIES, header="Mairie de Sainte-Élise – Conseil municipal", footer="Page {n}/{total}")
    cleaned = remove_page_furniture(pages)
    assert all("Mairie de Sainte-Élise" not in page and "Page " not in page for page in cleaned)
    assert cleaned == ["\n".join(body) for body in _BODIES]


@pytest.mark.parametrize("number", ["{n}", "- {n} -", "{n}/4", "page {n} sur 4", "Page {n}"])
def test_remove_page_furniture_drops_bare_page_numbers(number):
    cleaned = remove_page_furniture(_pages(_BODIES, footer=number))
    assert cleaned == ["\n".join(body) for body in _BODIES]


def test_remove_page_furniture_keeps_number_lines_that_do_not_count_pages():
    bodies = [body + [total] for body, total in zip(_BODIES, ["12", "7", "31", "5"])]
    assert remove_page_furniture(["\n".join(b) for b in bodies]) == ["\n".join(b) for b in bodies]


def test_remove_page_furniture_keeps_repeated_content_also_found_mid_page():
    # "N votes pour" closes pages 2 and 3, but it is also content in the middle of page 1.
    bodies = [list(b) for b in _BODIES]
    bodies[0].insert(2, "14 votes pour")
    assert remove_page_furniture(["\n".join(b) for b in bodies]) == ["\n".join(b) for b in bodies]


def test_remove_page_furniture_never_removes_a_line_present_once():
    pages = ["\n".join(b) for b in _BODIES]
    assert remove_page_furniture(pages) == pages
    assert remove_page_furniture([pages[0]]) == [pages[0]]


def test_remove_page_furniture_two_pages_need_the_line_on_both():
    both = _pages(_BODIES[:2], header="Conseil de quartier Jean Moulin")
    assert remove_page_furniture(both) == ["\n".join(b) for b in _BODIES[:2]]
    only_first = ["Conseil de quartier Jean Moulin\n" + "\n".join(_BODIES[0]), "\n".join(_BODIES[1])]
    assert remove_page_furniture(only_first) == only_first


def test_remove_page_furniture_on_a_real_pdf(shared_corpora):
    pymupdf = pytest.importorskip("pymupdf")
    path = shared_corpora / "couthenans-conseil-municipal" / "docs" / "CR_reunion_20210604.pdf"
    with pymupdf.open(path) as pdf:
        pages = [page.get_text("text", sort=True) for page in pdf]
    assert all("Page " in page for page in pages)
    cleaned = remove_page_furniture(pages)
    text = "\n".join(cleaned)
    for n in range(1, len(pages) + 1):
        assert f"Page {n}/{len(pages)}" not in text
    assert "Préparation des élections départementales" in text
    assert "Conseil municipal du 4 juin 2021" in text
    assert sum(p.count("\n") for p in pages) - sum(p.count("\n") for p in cleaned) == len(pages)  # one line a page


def test_remove_page_furniture_drops_real_running_header(shared_corpora):
    pymupdf = pytest.importorskip("pymupdf")
    path = shared_corpora / "paris14-conseil-quartier" / "docs" / "p2016mai17.pdf"
    with pymupdf.open(path) as pdf:
        pages = [page.get_text("text", sort=True) for page in pdf]
    header = "Conseil de quartier Jean Moulin – Porte d’Orléans"
    assert all(header in page for page in pages)
    text = normalise_pages(pages)
    assert "Conseil de quartier Jean Moulin - Porte d'Orléans" not in text
    assert "Plénière du 17/05/2016" in text
    assert "Jean-Pierre" in text  # written Jean\xadPierre in the PDF


# --- pages ---------------------------------------------------------------------------------


def test_normalise_pages_separates_pages_by_a_paragraph_break():
    assert normalise_pages(["Fin de la séance.", "Annexe : budget"]) == "Fin de la séance.\n\nAnnexe : budget"


def test_normalise_pages_runs_a_sentence_on_across_a_page_break():
    pages = ["Le conseil approuve la partici-", "pation de la commune au projet."]
    assert normalise_pages(pages) == "Le conseil approuve la participation\nde la commune au projet."
