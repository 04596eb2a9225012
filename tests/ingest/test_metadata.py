"""Metadata inference: embedded fields > file name > folder > text > default, for each field."""

from __future__ import annotations

import datetime as dt

import pytest

from chartertext.ingest.metadata import canonical_kind, infer_fields, slug_from_path
from chartertext.ingest.raw import RawDocument

D = dt.date
MINUTES = "Compte rendu de la réunion du 16 juin 2020\n\nPrésents : Mme Durand, M. Petit.\nLe budget est adopté.\n"


def _raw(fields: dict[str, str] | None = None, source: str = "front_matter", part: str | None = None) -> RawDocument:
    return RawDocument(pages=("",), format="md", fields=fields or {}, field_source=source, part=part)


def test_metadata_without_embedded_fields_reads_name_then_text():
    got = infer_fields("cr1.txt", _raw(), MINUTES)
    assert (got.doc_id, got.kind, got.date, got.group) == ("cr1", "minutes", D(2020, 6, 16), None)
    assert got.title == "Compte rendu de la réunion du 16 juin 2020"
    assert got.sources == {"doc_id": "filename", "kind": "default", "date": "text", "group": "default", "title": "text"}
    assert got.warnings == ()


def test_metadata_embedded_fields_win_and_carry_the_reader_source():
    fields = {"doc_id": "cr-logement-3", "date": "2 mars 2021", "group": "logement", "kind": "charter", "title": "Ma charte"}
    got = infer_fields("docs/commission-santé/CR_20200526.md", _raw(fields, source="html"), MINUTES)
    assert (got.doc_id, got.kind, got.date, got.group, got.title) == (
        "cr-logement-3", "charter", D(2021, 3, 2), "logement", "Ma charte"
    )
    assert set(got.sources.values()) == {"html"}


def test_metadata_french_key_synonyms_are_recognised_and_other_keys_kept():
    fields = {"Date_reunion": "14/12/2019", "Groupe": "Comité d’animation", "Type": "PV", "Titre": "Réunion", "lieu": "Mairie"}
    got = infer_fields("a.docx", _raw(fields, source="properties"), MINUTES)
    assert (got.date, got.group, got.kind, got.title) == (D(2019, 12, 14), "Comité d’animation", "minutes", "Réunion")
    assert got.sources["kind"] == "properties"
    assert got.metadata == {"lieu": "Mairie"}


@pytest.mark.parametrize("key", ["commission", "instance", "groupe"])
def test_metadata_group_synonyms(key):
    assert infer_fields("a.md", _raw({key: "urbanisme"}), MINUTES).group == "urbanisme"


def test_metadata_impossible_embedded_date_warns_and_falls_through_to_the_file_name():
    got = infer_fields("CR_reunion_20210129.md", _raw({"date": "31 février 2021"}), MINUTES)
    assert got.date == D(2021, 1, 29)
    assert got.sources["date"] == "filename"
    assert len(got.warnings) == 1 and "31 février 2021" in got.warnings[0]
    assert got.metadata["date"] == "31 février 2021"  # what the file said is not lost


def test_metadata_file_name_date_beats_the_text_date():
    got = infer_fields("p2017sept14.pdf", _raw(), MINUTES)
    assert (got.date, got.sources["date"]) == (D(2017, 9, 14), "filename")


def test_metadata_folder_date_beats_the_text_date():
    got = infer_fields("2019-03-12/cr.txt", _raw(), MINUTES)
    assert (got.date, got.sources["date"]) == (D(2019, 3, 12), "folder")


def test_metadata_no_date_anywhere_is_none_by_default():
    got = infer_fields("notes.txt", _raw(), "Notes diverses\nsans aucune date.\n")
    assert (got.date, got.sources["date"]) == (None, "default")


@pytest.mark.parametrize(
    ("rel_path", "group", "source"),
    [
        ("corpus/commission-logement/cr1.pdf", "commission-logement", "folder"),
        ("santé/2021/cr1.pdf", "santé", "folder"),
        ("_cr/2021-03-02-pleniere.md", "cr", "folder"),  # a Jekyll collection
        ("_posts/2021-03-02-pleniere.md", None, "default"),
        ("content/posts/commission-logement_cr3.md", "commission-logement", "filename"),
        ("docs/2021/comite-animation_cra1.html", "comite-animation", "filename"),
        ("comite-animation_cra1.html", "comite-animation", "filename"),
        ("commission-urbanisme_cr12.html", "commission-urbanisme", "filename"),
        ("logement_2021-03-12.pdf", "logement", "filename"),
        ("CR_reunion_20210129.pdf", None, "default"),
        ("2020-05-26_commission.docx", None, "default"),
        ("charte-elu-local_CGCT-L1111-1-1.md", None, "default"),
        ("docs/a2016avril11.pdf", None, "default"),
    ],
)
def test_metadata_group_from_folder_then_file_name_prefix(rel_path, group, source):
    got = infer_fields(rel_path, _raw(), MINUTES)
    assert (got.group, got.sources["group"]) == (group, source)


@pytest.mark.parametrize(
    ("value", "kind"),
    [("compte-rendu", "minutes"), ("PV", "minutes"), ("procès-verbal", "minutes"), ("Charte", "charter"),
     ("projet", "draft"), ("brouillon", "draft"), ("minutes", "minutes"), ("other", "other"), ("rapport", None)],
)  # fmt: skip
def test_metadata_kind_synonyms(value, kind):
    assert canonical_kind(value) == kind


def test_metadata_unknown_embedded_kind_warns_and_falls_through():
    got = infer_fields("charte-quartier.md", _raw({"kind": "rapport"}), "La charte\n")
    assert (got.kind, got.sources["kind"]) == ("charter", "filename")
    assert any("rapport" in w for w in got.warnings)


@pytest.mark.parametrize(
    ("rel_path", "text", "kind", "source"),
    [
        ("charte-conseils-de-quartier-14e.html", "Préambule\n", "charter", "filename"),
        ("projet_de_charte.odt", "Préambule\n", "draft", "filename"),
        ("brouillon-charte-v2.docx", "Préambule\n", "draft", "filename"),
        ("texte.md", "Projet de charte de la participation\n", "draft", "text"),
        ("texte.md", "CHARTE DES DROITS ET LIBERTÉS\n", "charter", "text"),
        ("a2016janv14.pdf", "Projet de compte rendu du bureau élargi\n", "minutes", "default"),
        ("chartered.md", "Notes\n", "minutes", "default"),
    ],
)
def test_metadata_kind_from_charte_in_name_or_title(rel_path, text, kind, source):
    got = infer_fields(rel_path, _raw(), text)
    assert (got.kind, got.sources["kind"]) == (kind, source)


def test_metadata_kind_from_embedded_title_takes_the_title_source():
    got = infer_fields("page.html", _raw({"title": "La charte des Conseils de Quartier"}, source="html"), "x\n")
    assert (got.kind, got.sources["kind"]) == ("charter", "html")


def test_metadata_charter_date_ignores_laws_cited_at_the_top():
    text = "CHARTE DES DROITS\nPar la loi du 5 mars 2007 portant réforme, le 26 août 1789 est rappelé.\n"
    assert infer_fields("charte.md", _raw(), text).date is None
    adopted = "CHARTE DE LA PARTICIPATION\nAdoptée en séance du 12 mars 2015.\n"
    assert infer_fields("charte.md", _raw(), adopted).date == D(2015, 3, 12)


def test_metadata_title_is_the_first_line_collapsed_and_cut():
    got = infer_fields("cr.txt", _raw(), "\n\n   Réunion  du\u00a0conseil   \nsuite\n")
    assert got.title == "Réunion du conseil"
    long_line = " ".join(["participation"] * 40)
    cut = infer_fields("cr.txt", _raw(), long_line + "\n").title
    assert len(cut) <= 201 and cut.endswith("participation…")


def test_metadata_title_falls_back_to_the_file_stem():
    got = infer_fields("docs/Réunion 3.txt", _raw(), "   \n")
    assert (got.title, got.sources["title"]) == ("Réunion 3", "filename")


def test_metadata_doc_id_is_the_path_slug_with_accents_and_part():
    assert infer_fields("Séances/Réunion 3.pdf", _raw(), MINUTES).doc_id == "Séances-Réunion-3"
    assert infer_fields("corpus.txt", _raw(part="12"), MINUTES).doc_id == "corpus-12"
    assert slug_from_path("a\\b c.d.pdf") == "a-b-c.d"
    # a macOS (NFD) file name gives the same id as the NFC one
    assert slug_from_path("re\u0301union.txt") == slug_from_path("réunion.txt")


def test_metadata_disagreeing_synonyms_use_the_canonical_key_and_warn():
    got = infer_fields("a.md", _raw({"date": "2020-06-16", "date_reunion": "2020-06-17"}), MINUTES)
    assert got.date == D(2020, 6, 16)
    assert any("date_reunion" in w for w in got.warnings)
