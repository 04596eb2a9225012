"""Tests for chartertext.interop.iramuteq: reading and writing IRaMuTeQ corpora."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chartertext.errors import ConfigError, DocumentError
from chartertext.ingest.readers.iramuteq import looks_like_iramuteq, read_iramuteq
from chartertext.interop.iramuteq import to_iramuteq_modality, write_iramuteq

CORPUS = """**** *commission_logement *date_2010-09 *groupe_élus
La commission a étudié le dossier de l’école.
Les élus ont voté « pour ».

**** *commission_urbanisme *date_2011-01
Réunion sur le plan local d'urbanisme.
-*thème_voirie
Débat sur la voirie et les pistes cyclables.
"""


def test_looks_like_iramuteq_first_non_blank_line_decides():
    assert looks_like_iramuteq("\n\n  \n**** *groupe_logement\nTexte")
    assert looks_like_iramuteq("\ufeff**** *a_b\nTexte")
    assert not looks_like_iramuteq("Compte rendu du conseil\n**** *a_b\n")
    assert not looks_like_iramuteq("")


def test_read_iramuteq_one_document_per_star_line():
    docs = read_iramuteq(CORPUS, "corpus.txt")
    assert [d.part for d in docs] == ["1", "2"]
    assert all(d.format == "iramuteq" and d.field_source == "iramuteq" for d in docs)
    assert docs[0].pages == ("La commission a étudié le dossier de l’école.\nLes élus ont voté « pour ».",)


def test_read_iramuteq_star_variables_become_fields_as_written():
    first, second = read_iramuteq(CORPUS, "corpus.txt")
    assert first.fields == {"commission": "logement", "date": "2010-09", "groupe": "élus"}
    assert second.fields["commission"] == "urbanisme"


def test_read_iramuteq_thematic_lines_leave_the_text_and_are_listed():
    second = read_iramuteq(CORPUS, "corpus.txt")[1]
    assert "-*" not in second.pages[0]
    assert second.pages[0] == ("Réunion sur le plan local d'urbanisme.\n\nDébat sur la voirie et les pistes cyclables.")
    assert second.fields["themes"] == "thème_voirie"


def test_read_iramuteq_accepts_crlf_and_a_variable_without_modality():
    docs = read_iramuteq("**** *introduction\r\nPremier texte\r\n**** *chapitre_1\r\nSecond", "c.txt")
    assert docs[0].fields == {"introduction": ""}
    assert [d.pages[0] for d in docs] == ["Premier texte", "Second"]


def test_read_iramuteq_empty_text_is_kept_with_a_warning():
    docs = read_iramuteq("**** *a_1\n\n**** *a_2\nTexte", "c.txt")
    assert docs[0].pages == ("",)
    assert docs[0].warnings == ("text 1 is empty",)
    assert docs[1].warnings == ()


@pytest.mark.parametrize(
    ("corpus", "line"),
    [
        ("**** *a_1\nTexte\n**** groupe_logement\nTexte", 3),
        ("**** *a_1\nTexte\n\n*****\nTexte", 4),
        ("**** *a_1 *a_2\nTexte", 1),
        ("**** *a_\nTexte", 1),
        ("**** *_x\nTexte", 1),
        ("**** *a_1\nTexte\n-*thème budget\nSuite", 3),
    ],
)
def test_read_iramuteq_malformed_line_is_an_error_with_its_number(corpus, line):
    with pytest.raises(DocumentError) as caught:
        read_iramuteq(corpus, "corpus.txt")
    assert caught.value.path == "corpus.txt"
    assert f"line {line}" in caught.value.reason


def test_read_iramuteq_text_before_the_first_star_line_is_an_error():
    with pytest.raises(DocumentError, match="line 2"):
        read_iramuteq("\nPréambule\n**** *a_1\nTexte", "corpus.txt")


def test_to_iramuteq_modality_makes_values_safe_and_keeps_accents():
    assert to_iramuteq_modality("Commission Logement") == "Commission-Logement"
    assert to_iramuteq_modality("comite-animation_cra1") == "comite-animation-cra1"
    assert to_iramuteq_modality("Élus *de* l’opposition") == "Élus-de-l-opposition"
    assert to_iramuteq_modality("2021-03-12") == "2021-03-12"
    assert to_iramuteq_modality(" _* ") == "NA"


@given(st.text())
def test_to_iramuteq_modality_output_is_one_safe_token(value):
    safe = to_iramuteq_modality(value)
    assert safe and not any(c.isspace() or c in "*_" for c in safe)
    assert to_iramuteq_modality(safe) == safe


def test_write_iramuteq_star_lines_and_neutralised_text():
    out = io.StringIO()
    items = [
        (
            "Ligne *importante*\n**** pas une variable\n-*pas un thème\nun _rire_",
            {"groupe": "Commission Logement", "date": "2021-03-12"},
        ),
        ("  \n ", {"groupe": "vide"}),
        ("Deuxième texte", {"groupe": "bureau"}),
    ]
    assert write_iramuteq(items, out, variables=["groupe", "date"]) == 2
    assert out.getvalue() == (
        "**** *groupe_Commission-Logement *date_2021-03-12\n"
        "Ligne  importante \n     pas une variable\n- pas un thème\nun  rire\n\n"
        "**** *groupe_bureau *date_NA\n"
        "Deuxième texte\n\n"
    )
    assert len(read_iramuteq(out.getvalue(), "export.txt")) == 2


@pytest.mark.parametrize("variables", [["groupe_nom"], ["mon groupe"], ["date", "date"]])
def test_write_iramuteq_rejects_unusable_variable_names(variables):
    with pytest.raises(ConfigError):
        write_iramuteq([("Texte", {})], io.StringIO(), variables=variables)


_FRENCH_TEXT = st.lists(
    st.sampled_from(list("éàçœŒÉôïùêaeioustrlnEAT«»'’-.,;:!?()0123456789") + [" ", "\n", "\n\n", "\t", "\u00a0"]),
    max_size=60,
).map("".join)
_VALUES = st.dictionaries(st.sampled_from(["groupe", "date", "type"]), st.text(max_size=15), max_size=3)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_FRENCH_TEXT, _VALUES), max_size=5))
def test_write_then_read_iramuteq_gives_back_texts_and_variables(items):
    out = io.StringIO()
    variables = ["groupe", "date", "type"]
    written = write_iramuteq(items, out, variables=variables)
    kept = [(text, values) for text, values in items if text.strip()]
    docs = read_iramuteq(out.getvalue(), "export.txt") if written else []
    assert written == len(kept) == len(docs)
    for doc, (text, values) in zip(docs, kept):
        assert doc.pages == (text.strip(),)
        assert doc.fields == {v: to_iramuteq_modality(values.get(v, "")) for v in variables}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(st.sampled_from(list("*_-\n abé")), max_size=30), max_size=4))
def test_write_iramuteq_text_can_never_open_a_text_or_theme(texts):
    out = io.StringIO()
    written = write_iramuteq([(t, {"n": "1"}) for t in texts], out, variables=["n"])
    if written:
        docs = read_iramuteq(out.getvalue(), "export.txt")
        assert len(docs) == written
        assert all("themes" not in d.fields for d in docs)


def test_document_variables_name_group_date_and_kind_with_placeholders():
    import datetime as dt

    from chartertext.interop.iramuteq import DOCUMENT_VARIABLES, document_variables
    from chartertext.records import Document

    dated = Document("cr1", "cr1.txt", "minutes", dt.date(2021, 3, 12), "logement", "CR", "Texte.", "txt", "0")
    bare = Document("ch", "ch.txt", "charter", None, None, "Charte", "Article 1.", "txt", "1")
    items = document_variables([dated, bare])
    assert items == [
        ("Texte.", {"doc": "cr1", "groupe": "logement", "date": "2021-03-12", "type": "minutes"}),
        ("Article 1.", {"doc": "ch", "groupe": "aucun", "date": "inconnue", "type": "charter"}),
    ]
    assert all(set(values) == set(DOCUMENT_VARIABLES) for _, values in items)
