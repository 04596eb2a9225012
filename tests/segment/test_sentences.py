"""Sentences: spaCy's French senter splits segments; offsets stay in the document text."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import spacy

from chartertext.errors import ChartertextError
from chartertext.records import SEGMENT_COLUMNS
from chartertext.segment import segment_minutes
from chartertext.segment.sentences import explode_sentences, sentence_chunks


def _table(doc_id: str, text: str) -> pd.DataFrame:
    rows = [
        {
            "doc_id": s.doc_id,
            "segment_id": s.segment_id,
            "kind": s.kind,
            "heading": s.heading,
            "speaker": s.speaker,
            "text": s.text,
            "start": s.start,
            "end": s.end,
            "group": "conseil-municipal",
            "date": dt.date(2021, 6, 4),
            "doc_kind": "minutes",
        }
        for s in segment_minutes(doc_id, text)
    ]
    return pd.DataFrame(rows, columns=list(SEGMENT_COLUMNS))


MINUTES = (
    "Conseil municipal du 4 juin 2021\n\n"
    "1/ Tarification du cimetière\n\n"
    "M. le Maire rappelle que les tarifs sont dans la moyenne. Le dépôt des cendres est gratuit ailleurs.\n\n"
    "Le règlement devrait être modifié pour autoriser l'enterrement des personnes dans un caveau les unes\n"
    "au-dessus des autres. Marielle prépare le texte."
)


def test_sentences_offsets_index_the_document_and_columns_are_inherited(nlp_fr):
    segments = _table("cm", MINUTES)
    sentences = explode_sentences(segments, nlp_fr)
    assert list(sentences.columns) == list(segments.columns)
    assert set(sentences["kind"]) == {"sentence"}
    for row in sentences.itertuples():
        assert MINUTES[row.start : row.end] == row.text
        assert row.text == row.text.strip()
    turn = sentences[sentences["segment_id"].str.startswith("cm:0002.")]
    assert list(turn["segment_id"]) == ["cm:0002.000", "cm:0002.001"]
    assert list(turn["text"]) == [
        "M. le Maire rappelle que les tarifs sont dans la moyenne.",
        "Le dépôt des cendres est gratuit ailleurs.",
    ]
    assert set(turn["speaker"]) == {"M. le Maire"}
    assert set(turn["heading"]) == {"1/ Tarification du cimetière"}
    assert set(sentences["date"]) == {dt.date(2021, 6, 4)}
    assert set(sentences["group"]) == {"conseil-municipal"}


def test_sentences_pdf_line_break_inside_a_sentence_does_not_cut_it(nlp_fr):
    sentences = explode_sentences(_table("cm", MINUTES), nlp_fr)
    last = sentences[sentences["segment_id"].str.startswith("cm:0003.")]
    assert list(last["text"]) == [
        "Le règlement devrait être modifié pour autoriser l'enterrement des personnes dans un caveau les unes\n"
        "au-dessus des autres.",
        "Marielle prépare le texte.",
    ]


def test_sentences_heading_line_without_punctuation_is_its_own_sentence(nlp_fr):
    text = "Budget primitif\nLe budget de fonctionnement est en excédent de 20 000 €."
    sentences = explode_sentences(_table("cm", text), nlp_fr)
    assert list(sentences["text"]) == ["Budget primitif", "Le budget de fonctionnement est en excédent de 20 000 €."]


def test_sentences_list_lines_after_a_colon_are_separate(nlp_fr):
    text = "Les enjeux de ce pacte sont :\n- compenser la fiscalité prélevée,\n- assurer la garantie de la dotation."
    sentences = explode_sentences(_table("cm", text), nlp_fr)
    assert list(sentences["text"]) == [
        "Les enjeux de ce pacte sont :",
        "- compenser la fiscalité prélevée,",
        "- assurer la garantie de la dotation.",
    ]


def test_sentences_segment_start_offset_is_added(nlp_fr):
    prefix = "x" * 40 + "\n\n"
    text = prefix + "Le conseil approuve. La séance est levée."
    sentences = explode_sentences(_table("cm", text), nlp_fr)
    sentences = sentences[sentences["segment_id"].str.startswith("cm:0001.")]
    assert list(zip(sentences["start"], sentences["end"])) == [(42, 62), (63, 83)]
    assert [text[s:e] for s, e in zip(sentences["start"], sentences["end"])] == list(sentences["text"])


def test_sentences_leave_the_shared_pipeline_as_it_was(nlp_fr):
    disabled = list(nlp_fr.disabled)
    explode_sentences(_table("cm", "Le conseil approuve. La séance est levée."), nlp_fr)
    assert list(nlp_fr.disabled) == disabled


def test_sentences_empty_table_gives_an_empty_table(nlp_fr):
    empty = pd.DataFrame(columns=list(SEGMENT_COLUMNS))
    out = explode_sentences(empty, nlp_fr)
    assert out.empty and list(out.columns) == list(SEGMENT_COLUMNS)


def test_sentences_missing_column_is_named():
    with pytest.raises(ChartertextError, match="no column start, end"):
        explode_sentences(pd.DataFrame({"segment_id": ["a:0000"], "kind": ["paragraph"], "text": ["Bonjour."]}))


def test_sentences_pipeline_without_sentence_component_says_how_to_fix():
    with pytest.raises(ChartertextError, match="sentencizer"):
        explode_sentences(_table("cm", "Le conseil approuve."), spacy.blank("fr"))


def test_sentences_pipeline_with_a_sentencizer_is_used():
    nlp = spacy.blank("fr")
    nlp.add_pipe("sentencizer")
    out = explode_sentences(_table("cm", "Le conseil approuve. La séance est levée."), nlp)
    assert list(out["text"]) == ["Le conseil approuve.", "La séance est levée."]


@pytest.mark.parametrize(
    ("text", "chunks"),
    [
        # A wrapped line of a PDF paragraph runs to the margin and is not a boundary.
        (
            "La communauté de communes du Pays d'Héricourt a voté le budget\nPrimitif sans débat.",
            ["La communauté de communes du Pays d'Héricourt a voté le budget\nPrimitif sans débat."],
        ),
        # A line stopping on a function word continues.
        ("Présentation par\nM. Dupont du projet de maison d'assistantes maternelles.", None),
        ("Rappel :\nLe budget doit être à l'équilibre.", ["Rappel :", "Le budget doit être à l'équilibre."]),
        ("Premier paragraphe.\n\nSecond paragraphe.", ["Premier paragraphe.", "Second paragraphe."]),
        ("Budget\n1. Recettes\n2. Dépenses", ["Budget", "1. Recettes", "2. Dépenses"]),
    ],
)
def test_sentences_hard_boundaries_between_lines(text, chunks):
    found = [text[a:b] for a, b in sentence_chunks(text)]
    assert found == (chunks if chunks is not None else [text])
