"""Reading every supported format: French text intact, layout conventions, metadata, and
one clear DocumentError (file, reason, fix) for each kind of bad file."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pymupdf
import pytest

from chartertext.errors import DocumentError
from chartertext.ingest.readers import SUPPORTED_EXTENSIONS, read_document

ACCENTS = "é à ç œ Œ É ô ï ù ê « » ’"


# --- fixtures written in tmp_path -----------------------------------------------------------


def _docx(path: Path, *, title: str = "") -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_heading("Compte rendu de la séance", level=1)
    document.add_paragraph(f"Présents : {ACCENTS}")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Pour", "12"), ("Contre", "3")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("Point 1 : budget", style="List Bullet")
    document.add_paragraph("Point 2 : voirie", style="List Bullet")
    document.add_paragraph("La séance est levée à 21 h.")
    document.save(path)
    return path


def _odt(path: Path, *, title: str = "") -> Path:
    from odf import dc
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P, S

    document = OpenDocumentText()
    if title:
        document.meta.addElement(dc.Title(text=title))
    document.text.addElement(H(outlinelevel=1, text="Compte rendu de la séance"))
    paragraph = P(text="Présents :")
    paragraph.addElement(S(c=1))
    paragraph.addText(ACCENTS)
    document.text.addElement(paragraph)
    table = Table(name="Votes")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for row_values in [("Pour", "12"), ("Contre", "3")]:
        row = TableRow()
        for value in row_values:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    items = List()
    for value in ("Point 1 : budget", "Point 2 : voirie"):
        item = ListItem()
        item.addElement(P(text=value))
        items.addElement(item)
    document.text.addElement(items)
    document.text.addElement(P(text="La séance est levée à 21 h."))
    document.save(str(path))
    return path


def _pdf(path: Path, pages: list[str], **save_options: object) -> Path:
    document = pymupdf.open()
    for html in pages:
        page = document.new_page()
        # insert_htmlbox embeds a font with every French glyph (œ ’ « ») and ligatures.
        page.insert_htmlbox(pymupdf.Rect(50, 50, 540, 780), html)
    document.save(path, **save_options)
    return path


def _image_only_pdf(path: Path) -> Path:
    document = pymupdf.open()
    page = document.new_page()
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pixmap.clear_with(200)
    page.insert_image(pymupdf.Rect(50, 50, 300, 300), pixmap=pixmap)
    document.save(path)
    return path


RTF = (
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times New Roman;}}"
    r"{\info{\title Proc\'e8s-verbal du conseil}}"
    "\n"
    r"\pard R\'e9union : \'e9 \'e0 \'e7 \'9c \'8c \'c9 \'f4 \'ef \'f9 \'ea \'ab \'bb \'92\par"
    "\n"
    r"\pard Unicode : \u233?t\u233? \u339?uvre \u8217?\par"
    "\n"
    r"\trowd\cellx2000\cellx4000 Pour\cell 12\cell\row"
    r"\trowd\cellx2000\cellx4000 Contre\cell 3\cell\row"
    "\n"
    r"\pard La s\'e9ance est lev\'e9e.\par}"
)


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# --- one test per format: French text comes out intact ------------------------------------


@pytest.mark.parametrize("extension", [".txt", ".md", ".html", ".pdf", ".docx", ".odt", ".rtf"])
def test_readers_every_format_keeps_french_accents(tmp_path: Path, extension: str) -> None:
    path = tmp_path / f"cr{extension}"
    if extension in (".txt", ".md"):
        _write(path, f"# Séance\n\n{ACCENTS}\n")
    elif extension == ".html":
        _write(path, f"<html><head><meta charset='utf-8'></head><body><p>{ACCENTS}</p></body></html>")
    elif extension == ".pdf":
        _pdf(path, [f"<p>{ACCENTS}</p>"])
    elif extension == ".docx":
        _docx(path)
    elif extension == ".odt":
        _odt(path)
    else:
        _write(path, RTF)  # accents as \'e9 escapes under \ansicpg1252
    raw = read_document(path, f"docs/cr{extension}")
    text = "\n".join(raw.pages)
    assert ACCENTS in text
    assert raw.format == extension.lstrip(".")


# --- layout and metadata, per format ------------------------------------------------------


def test_readers_docx_tables_sit_between_their_paragraphs(tmp_path: Path) -> None:
    raw = read_document(_docx(tmp_path / "cr.docx", title="Conseil du 3 mai"), "cr.docx")
    text = raw.pages[0]
    assert text.index("Présents") < text.index("Pour") < text.index("Point 1")
    # one paragraph per line, blank line between paragraphs; cells one per line, rows apart
    assert "Compte rendu de la séance\n\nPrésents" in text
    assert "Pour\n12\n\nContre\n3" in text
    assert "Point 1 : budget\nPoint 2 : voirie" in text  # list items one per line
    assert raw.fields["title"] == "Conseil du 3 mai"
    assert raw.field_source == "properties"


def test_readers_docx_reads_tracked_insertions_not_deletions(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    paragraph = document.add_paragraph("Le budget est ")
    paragraph._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="1" w:author="M"><w:r><w:t>adopté</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="2" w:author="M"><w:r><w:delText>rejeté</w:delText>'
        "</w:r></w:del>"))
    document.save(tmp_path / "cr.docx")
    assert read_document(tmp_path / "cr.docx", "cr.docx").pages == ("Le budget est adopté",)


def test_readers_odt_lists_tables_and_spaces(tmp_path: Path) -> None:
    raw = read_document(_odt(tmp_path / "cr.odt", title="Conseil du 3 mai"), "cr.odt")
    text = raw.pages[0]
    assert f"Compte rendu de la séance\n\nPrésents : {ACCENTS}" in text  # <text:s/> is a space
    assert "Pour\n12\n\nContre\n3" in text
    assert "Point 1 : budget\nPoint 2 : voirie" in text
    assert text.endswith("La séance est levée à 21 h.")
    assert raw.fields["title"] == "Conseil du 3 mai"


def test_readers_rtf_codepage_unicode_paragraphs_and_title(tmp_path: Path) -> None:
    raw = read_document(_write(tmp_path / "cr.rtf", RTF), "cr.rtf")
    text = raw.pages[0]
    assert "Réunion : é à ç œ Œ É ô ï ù ê « » ’" in text
    assert "Unicode : été œuvre ’" in text
    assert "Réunion" in text.split("\n\n")[0] and "Unicode" in text.split("\n\n")[1]
    assert "Pour\n12\n\nContre\n3" in text
    assert "|" not in text
    assert raw.fields["title"] == "Procès-verbal du conseil"


HTML = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Conseil de quartier &ndash; séance du 3 mai</title>
<style>p { color: red; }</style><script>alert(1)</script></head>
<body><header>Mairie de Paris – menu</header><nav><a href="/">Accueil</a></nav>
<h1>Compte rendu</h1>
<p>Présents : Jean,
   Marie</p><p>L&rsquo;&eacute;lu d&eacute;l&egrave;gue &rArr; vote.<br>Deuxième ligne</p>
<ul><li>budget</li><li>voirie</li></ul>
<noscript>Activez JavaScript</noscript><!-- note interne -->
<footer>Mentions légales</footer></body></html>"""


def test_readers_html_keeps_text_drops_scripts_and_chrome(tmp_path: Path) -> None:
    raw = read_document(_write(tmp_path / "cr.html", HTML), "cr.html")
    text = raw.pages[0]
    for absent in ("alert(1)", "color: red", "menu", "Accueil", "JavaScript", "note interne",
                   "Mentions"):
        assert absent not in text
    assert text == (
        "Compte rendu\n\nPrésents : Jean, Marie\n\n"
        "L’élu délègue ⇒ vote.\nDeuxième ligne\n\nbudget\nvoirie"
    )
    assert raw.fields == {"title": "Conseil de quartier – séance du 3 mai"}
    assert raw.field_source == "html"


def test_readers_html_title_falls_back_to_first_h1(tmp_path: Path) -> None:
    html = "<html><body><h1>Séance du 3 mai</h1><h1>Autre</h1><p>Texte</p></body></html>"
    raw = read_document(_write(tmp_path / "cr.htm", html), "cr.htm")
    assert raw.fields["title"] == "Séance du 3 mai"


def test_readers_html_article_header_is_kept(tmp_path: Path) -> None:
    html = ("<body><header>Site</header><article><header><h2>Séance du 3 mai</h2></header>"
            "<p>Texte</p></article></body>")
    text = read_document(_write(tmp_path / "cr.html", html), "cr.html").pages[0]
    assert text == "Séance du 3 mai\n\nTexte"


@pytest.mark.parametrize("declared", ["windows-1252", "iso-8859-1"])
def test_readers_html_honours_meta_charset(tmp_path: Path, declared: str) -> None:
    html = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={declared}">'
    data = (html + "</head><body><p>L’élu « délègue »</p></body></html>").encode("cp1252")
    raw = read_document(_write(tmp_path / "cr.html", data), "cr.html")
    assert raw.pages[0] == "L’élu « délègue »"
    assert raw.warnings == ()


def test_readers_markdown_front_matter_becomes_fields(tmp_path: Path) -> None:
    source = (
        "---\ntitle: Charte de l’élu local\ndate: 2015-03-31\nheure: 19:30\ndoc_id: 007\n"
        "groupes: [conseil, bureau]\n---\n\n# Article 1\n\nL’élu **exerce** ses fonctions.\n"
    )
    raw = read_document(_write(tmp_path / "charte.md", source), "charte.md")
    assert raw.fields == {
        "title": "Charte de l’élu local",
        "date": "2015-03-31",
        "heure": "19:30",  # not the YAML 1.1 sexagesimal 1170
        "doc_id": "007",
        "groupes": ("conseil", "bureau"),  # a list keeps its items: values with commas are never re-split
    }
    assert raw.field_source == "front_matter"
    assert raw.pages == ("# Article 1\n\nL’élu **exerce** ses fonctions.\n",)


def test_readers_markdown_without_front_matter_keeps_dashes(tmp_path: Path) -> None:
    source = "Article 1\n----\n\nTexte de l’article.\n"
    raw = read_document(_write(tmp_path / "charte.md", source), "charte.md")
    assert raw.pages == (source,)
    assert raw.fields == {}


@pytest.mark.parametrize(
    "source, line",
    [("---\ntitle: Charte\ndate: [2015\n---\nTexte\n", "line 4"),
     ("---\ntitle: Charte\n  bad: indent: here\n---\nTexte\n", "line 3")],
)
def test_readers_markdown_malformed_front_matter_names_the_line(
    tmp_path: Path, source: str, line: str
) -> None:
    with pytest.raises(DocumentError) as caught:
        read_document(_write(tmp_path / "charte.md", source), "docs/charte.md")
    assert str(caught.value).startswith("docs/charte.md: malformed YAML front matter")
    assert line in caught.value.reason
    assert "'---'" in caught.value.fix


def test_readers_markdown_unclosed_front_matter_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="never closed"):
        read_document(_write(tmp_path / "charte.md", "---\ntitle: Charte\n\nTexte\n"), "charte.md")


@pytest.mark.parametrize(
    "encoding, warned",
    [("utf-8", False), ("utf-8-sig", False), ("utf-16", False), ("cp1252", True)],
)
def test_readers_txt_encodings(tmp_path: Path, encoding: str, warned: bool) -> None:
    source = f"Procès-verbal\r\n{ACCENTS} coût 3 €\r\n"
    raw = read_document(_write(tmp_path / "cr.txt", source.encode(encoding)), "cr.txt")
    assert raw.pages == (f"Procès-verbal\n{ACCENTS} coût 3 €\n",)
    assert bool(raw.warnings) is warned


def test_readers_txt_mojibake_repaired_with_warning(tmp_path: Path) -> None:
    data = "La rÃ©union Ã  la mairie : lâ€™Ã©lu\n".encode()
    raw = read_document(_write(tmp_path / "cr.txt", data), "cr.txt")
    assert raw.pages == ("La réunion à la mairie : l’élu\n",)
    assert any("mojibake" in w for w in raw.warnings)


def test_readers_pdf_one_page_per_page_ligatures_expanded(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "cr.pdf", ["<p>Première page : la finance efficace.</p>",
                                      "<p>Deuxième page.</p>"])
    raw = read_document(path, "cr.pdf")
    assert len(raw.pages) == 2
    assert "la finance efficace" in raw.pages[0]  # not "ﬁnance": the font draws a ligature
    assert raw.pages[1] == "Deuxième page."


def test_readers_pdf_bullets_join_their_items_and_gaps_make_paragraphs(tmp_path: Path) -> None:
    document = pymupdf.open()
    page = document.new_page()
    # each call is its own text object, as a bullet and its item are in Word/LibreOffice PDFs
    for x, y, text in [(72, 100, "Ordre du jour :"), (80, 130, "-"), (100, 130, "Budget primitif"),
                       (80, 144, "-"), (100, 144, "Travaux de voirie"),
                       (72, 180, "La séance est ouverte à 20 h.")]:
        page.insert_text((x, y), text, fontname="helv", fontsize=11)
    document.save(tmp_path / "cr.pdf")
    raw = read_document(tmp_path / "cr.pdf", "cr.pdf")
    assert raw.pages == ("Ordre du jour :\n\n- Budget primitif\n- Travaux de voirie\n\n"
                         "La séance est ouverte à 20 h.",)


@pytest.mark.parametrize(
    "title, kept",
    [("Compte rendu du conseil du 3 mai", True), ("Microsoft Word - cr_v4.docx", False),
     ("17 10 2016.pages", False), ("Document1", False)],
)
def test_readers_pdf_title_kept_only_if_meaningful(tmp_path: Path, title: str, kept: bool) -> None:
    document = pymupdf.open()
    document.new_page().insert_htmlbox(pymupdf.Rect(50, 50, 500, 500), "<p>Texte</p>")
    document.set_metadata({"title": title})
    document.save(tmp_path / "cr.pdf")
    raw = read_document(tmp_path / "cr.pdf", "cr.pdf")
    assert (raw.fields.get("title") == title) is kept
    assert "date" not in raw.fields  # a file's creation date is not the meeting's date


def test_readers_pdf_page_without_text_layer_is_warned(tmp_path: Path) -> None:
    document = pymupdf.open(_pdf(tmp_path / "a.pdf", ["<p>Texte de la séance.</p>"]))
    document.insert_pdf(pymupdf.open(_image_only_pdf(tmp_path / "scan.pdf")))
    document.save(tmp_path / "cr.pdf")
    raw = read_document(tmp_path / "cr.pdf", "cr.pdf")
    assert raw.pages[1] == ""
    assert any("page(s) 2" in w and "ocrmypdf" in w for w in raw.warnings)


# --- bad files: DocumentError naming the file, the reason and the fix ----------------------


def _truncated(path: Path) -> bytes:
    data = path.read_bytes()
    return data[: len(data) // 2]


BAD_FILES = {
    "empty": (".txt", lambda tmp: b"", "empty", "re-download"),
    "blank": (".txt", lambda tmp: b"  \n\n ", "no text", "re-export"),
    "binary": (".txt", lambda tmp: b"MZ\x90\x00\x03\x00\x00\x00", "binary", "extension"),
    "corrupt-pdf": (".pdf", lambda tmp: _truncated(_pdf(tmp / "x.pdf", ["<p>a</p>"]))[:300],
                    "damaged", "qpdf"),
    "fake-pdf": (".pdf", lambda tmp: b"<html>not a pdf</html>", "not a PDF", "extension"),
    "corrupt-docx": (".docx", lambda tmp: _truncated(_docx(tmp / "x.docx")), "damaged",
                     "save it again"),
    "corrupt-odt": (".odt", lambda tmp: _truncated(_odt(tmp / "x.odt")), "damaged",
                    "save it again"),
    "zip-not-docx": (".docx", lambda tmp: _zip({"hello.txt": b"bonjour"}), "damaged",
                     "save it again"),
    "protected-docx": (".docx", lambda tmp: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
                       "password", "remove the password"),
    "encrypted-odt": (".odt", lambda tmp: _encrypted_odt(tmp), "password", "LibreOffice"),
    "encrypted-pdf": (".pdf", lambda tmp: _pdf(
        tmp / "x.pdf", ["<p>secret</p>"], encryption=pymupdf.PDF_ENCRYPT_AES_256,
        user_pw="motdepasse", owner_pw="proprietaire").read_bytes(),
        "encrypted", "qpdf --password"),
    "scanned-pdf": (".pdf", lambda tmp: _image_only_pdf(tmp / "x.pdf").read_bytes(),
                    "no text layer", "ocrmypdf"),
    "not-rtf": (".rtf", lambda tmp: b"Just text", "not an RTF", "extension"),
}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _encrypted_odt(tmp: Path) -> bytes:
    # What LibreOffice writes for a password-protected file: the manifest says how each
    # part is encrypted, and content.xml is ciphertext.
    with zipfile.ZipFile(_odt(tmp / "x.odt")) as source:
        members = {name: source.read(name) for name in source.namelist()}
    entry = b'manifest:full-path="content.xml" manifest:media-type="text/xml"'
    members["META-INF/manifest.xml"] = members["META-INF/manifest.xml"].replace(
        entry + b"/>",
        entry + b"><manifest:encryption-data manifest:checksum-type='SHA1/1K'/>"
        b"</manifest:file-entry>")
    assert b"encryption-data" in members["META-INF/manifest.xml"]
    members["content.xml"] = bytes(range(256)) * 8
    return _zip(members)


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_readers_bad_file_raises_document_error_with_fix(tmp_path: Path, case: str) -> None:
    extension, make, reason, fix = BAD_FILES[case]
    path = _write(tmp_path / f"cr3{extension}", make(tmp_path))
    with pytest.raises(DocumentError) as caught:
        read_document(path, f"docs/cr3{extension}")
    error = caught.value
    assert error.path == f"docs/cr3{extension}"
    assert str(error).startswith(f"docs/cr3{extension}: ")
    assert reason.lower() in error.reason.lower()
    assert fix.lower() in error.fix.lower()


def test_readers_unsupported_extension_lists_supported_ones(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        read_document(_write(tmp_path / "cr.xls", b"\xd0\xcf\x11\xe0"), "docs/cr.xls")
    assert caught.value.path == "docs/cr.xls"
    assert all(ext in caught.value.reason for ext in SUPPORTED_EXTENSIONS)
    assert "spreadsheet" in caught.value.fix


def test_readers_missing_file_is_a_document_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="cannot be read"):
        read_document(tmp_path / "absent.pdf", "docs/absent.pdf")


def test_readers_extension_is_case_insensitive(tmp_path: Path) -> None:
    raw = read_document(_write(tmp_path / "CR.TXT", "Séance"), "CR.TXT")
    assert raw.pages == ("Séance",) and raw.format == "txt"


# --- the real corpora -----------------------------------------------------------------------

_ACCENTED = re.compile("[éèàçêâôîûù]")


def test_readers_read_every_real_corpus_document(shared_corpora: Path) -> None:
    read = 0
    for manifest in sorted(shared_corpora.glob("*/manifest.csv")):
        with manifest.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                raw = read_document(manifest.parent / row["path"], row["path"])
                text = "\n".join(raw.pages)
                assert len(text.strip()) > 200, row["path"]
                assert len(_ACCENTED.findall(text)) > 10, row["path"]
                read += 1
    assert read == 50


def test_readers_real_pdf_without_unicode_map_is_recovered(shared_corpora: Path) -> None:
    # A Word 2007 export whose Calibri glyphs for t, u, s, r, v, digits and ’ have no
    # Unicode map: read naively it gives "aƐƐociaƚion" for "association".
    raw = read_document(shared_corpora / "paris14-conseil-quartier/docs/p2018nov15.pdf")
    text = "\n".join(raw.pages)
    assert not re.search(r"[\u0180-\u024f\u03d0-\u03ff]", text)
    words = set(re.findall(r"\w+", text.lower()))
    assert {"pour", "sont", "une", "sur", "association"} <= words
