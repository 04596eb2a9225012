"""Tests for chartertext.ingest.readers.scdl: SCDL "Délibérations" CSV tables as documents."""

from __future__ import annotations

import pytest

from chartertext.errors import DocumentError
from chartertext.ingest.readers.scdl import looks_like_scdl, read_scdl

HEADER = [
    "COLL_NOM", "COLL_SIRET", "DELIB_ID", "DELIB_DATE", "DELIB_MATIERE_CODE", "DELIB_MATIERE_NOM",
    "DELIB_OBJET", "BUDGET_ANNEE", "VOTE_EFFECTIF", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION", "DELIB_URL",
]  # fmt: skip
ROWS = [
    ["Ville de Montréjeau", "21310370200015", "2021-012", "2021-03-12", "7.1", "Décisions budgétaires",
     "Vote du budget primitif 2021 ; taux d’imposition", "2021", "19", "15", "3", "1", "https://exemple.fr/d/12"],
    ["Ville de Montréjeau", "21310370200015", "2021-013", "2021-03-12", "8.2", "",
     "Subvention à l’association « Les Amis de l’Œuvre »", "", "19", "19", "0", "0", ""],
]  # fmt: skip


def _csv(rows: list[list[str]], sep: str = ";", header: list[str] = HEADER) -> str:
    def cell(value: str) -> str:
        return f'"{value}"' if sep in value or "\n" in value or '"' in value else value

    return "\n".join(sep.join(cell(v) for v in row) for row in [header, *rows]) + "\n"


def _write(tmp_path, text: str, encoding: str = "utf-8", name: str = "deliberations.csv") -> bytes:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path.read_bytes()


@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_looks_like_scdl_recognises_the_header(sep):
    assert looks_like_scdl(sep.join(HEADER))
    assert looks_like_scdl("\ufeff" + sep.join(h.lower() for h in HEADER))


def test_looks_like_scdl_rejects_other_tables():
    assert not looks_like_scdl("nom;prénom;date_naissance")
    assert looks_like_scdl("COLL_NOM;DELIB_ID;DELIB_DATE")  # incomplete, but read_scdl will say why


@pytest.mark.parametrize("sep", [";", ","])
def test_read_scdl_one_document_per_row_with_either_separator(tmp_path, sep):
    docs = read_scdl(_write(tmp_path, _csv(ROWS, sep)), "deliberations.csv")
    assert [d.part for d in docs] == ["2021-012", "2021-013"]
    assert all(d.format == "scdl" and d.field_source == "scdl" for d in docs)
    assert docs[0].pages == ("Décisions budgétaires\n\nVote du budget primitif 2021 ; taux d’imposition",)
    assert docs[1].pages == ("Subvention à l’association « Les Amis de l’Œuvre »",)


def test_read_scdl_maps_columns_to_fields_and_keeps_the_others(tmp_path):
    doc = read_scdl(_write(tmp_path, _csv(ROWS)), "deliberations.csv")[0]
    assert doc.fields["doc_id"] == "2021-012"
    assert doc.fields["date"] == "2021-03-12"
    assert doc.fields["group"] == "Ville de Montréjeau"
    assert doc.fields["kind"] == "minutes"
    assert doc.fields["title"] == "Vote du budget primitif 2021 ; taux d’imposition"
    assert doc.fields["VOTE_POUR"] == "15" and doc.fields["DELIB_URL"] == "https://exemple.fr/d/12"
    assert doc.fields["DELIB_MATIERE_NOM"] == "Décisions budgétaires"
    assert "DELIB_OBJET" not in doc.fields  # it is the text
    assert doc.warnings == ()


def test_read_scdl_accepts_a_byte_order_mark(tmp_path):
    docs = read_scdl(_write(tmp_path, "\ufeff" + _csv(ROWS)), "deliberations.csv")
    assert docs[0].fields["COLL_NOM"] == "Ville de Montréjeau"


def test_read_scdl_decodes_windows_1252_and_says_so(tmp_path):
    docs = read_scdl(_write(tmp_path, _csv(ROWS), encoding="cp1252"), "deliberations.csv")
    assert docs[1].pages == ("Subvention à l’association « Les Amis de l’Œuvre »",)
    assert any("cp1252" in w for w in docs[0].warnings)


def test_read_scdl_long_object_gives_a_short_title(tmp_path):
    objet = "Convention de partenariat " + "avec la communauté de communes " * 10
    row = ["Ville de Montréjeau", "", "2021-020", "2021-04-02", "", "", objet, "", "", "", "", "", ""]
    doc = read_scdl(_write(tmp_path, _csv([row])), "d.csv")[0]
    assert len(doc.fields["title"]) <= 200 and doc.fields["title"].endswith("…")
    assert objet.startswith(doc.fields["title"][:-1].rstrip())
    assert doc.pages == (objet.strip(),)


def test_read_scdl_missing_required_columns_is_an_error_naming_them(tmp_path):
    header = [h for h in HEADER if h not in ("DELIB_DATE", "COLL_NOM")]
    rows = [[v for h, v in zip(HEADER, row) if h in header] for row in ROWS]
    with pytest.raises(DocumentError) as caught:
        read_scdl(_write(tmp_path, _csv(rows, header=header)), "deliberations.csv")
    assert "COLL_NOM" in caught.value.reason and "DELIB_DATE" in caught.value.reason
    assert "DELIB_OBJET" not in caught.value.reason.split("missing")[0]
    assert caught.value.path == "deliberations.csv"


def test_read_scdl_lowercase_header_is_accepted(tmp_path):
    docs = read_scdl(_write(tmp_path, _csv(ROWS, header=[h.lower() for h in HEADER])), "d.csv")
    assert docs[0].fields["group"] == "Ville de Montréjeau"


def test_read_scdl_skips_rows_without_object_and_warns_on_the_first_document(tmp_path):
    empty_object = ["Ville de Montréjeau", "", "2021-014", "2021-03-12", "", "", "", "", "", "", "", "", ""]
    blank = [""] * len(HEADER)
    docs = read_scdl(_write(tmp_path, _csv([ROWS[0], empty_object, blank, ROWS[1]])), "d.csv")
    assert [d.part for d in docs] == ["2021-012", "2021-013"]
    assert docs[0].warnings == ("row 3 skipped: DELIB_OBJET is empty",)
    assert docs[1].warnings == ()


def test_read_scdl_no_usable_row_is_an_error(tmp_path):
    empty_object = ["Ville de Montréjeau", "", "2021-014", "2021-03-12", "", "", "", "", "", "", "", "", ""]
    with pytest.raises(DocumentError, match="DELIB_OBJET"):
        read_scdl(_write(tmp_path, _csv([empty_object])), "d.csv")


def test_read_scdl_empty_file_is_an_error(tmp_path):
    with pytest.raises(DocumentError, match="empty"):
        read_scdl(_write(tmp_path, "  \n"), "d.csv")


def test_read_scdl_row_without_date_or_collectivity_keeps_the_row(tmp_path):
    row = ["", "", "2021-030", "", "", "", "Désignation d’un délégué", "", "", "", "", "", ""]
    doc = read_scdl(_write(tmp_path, _csv([row])), "d.csv")[0]
    assert "date" not in doc.fields and "group" not in doc.fields
    assert len(doc.warnings) == 2 and all("row 2" in w for w in doc.warnings)


def test_read_scdl_duplicate_or_missing_ids_give_unique_parts(tmp_path):
    twice = [list(ROWS[0]), list(ROWS[1])]
    twice[1][2] = twice[0][2]
    no_id = list(ROWS[1])
    no_id[2] = ""
    docs = read_scdl(_write(tmp_path, _csv([*twice, no_id])), "d.csv")
    assert [d.part for d in docs] == ["2021-012-row2", "2021-012-row3", "4"]
    assert all("doc_id" not in d.fields for d in docs)
    assert "2021-012" in docs[0].warnings[0]


def test_read_scdl_multiline_object_keeps_line_numbers_right(tmp_path):
    multiline = list(ROWS[0])
    multiline[6] = "Budget primitif :\nvote par chapitre"
    empty_object = ["Ville de Montréjeau", "", "2021-014", "2021-03-12", "", "", "", "", "", "", "", "", ""]
    docs = read_scdl(_write(tmp_path, _csv([multiline, empty_object])), "d.csv")
    assert docs[0].pages == ("Décisions budgétaires\n\nBudget primitif :\nvote par chapitre",)
    assert docs[0].warnings == ("row 4 skipped: DELIB_OBJET is empty",)


def test_read_scdl_extra_cells_are_reported(tmp_path):
    text = _csv(ROWS[:1]).rstrip("\n") + ";en trop\n"
    doc = read_scdl(_write(tmp_path, text), "d.csv")[0]
    assert any("extra cells" in w for w in doc.warnings)
