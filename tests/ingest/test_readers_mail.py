"""E-mail minutes (.eml, .msg): body, subject as title, send date as ``created``, never ``date``."""

from __future__ import annotations

import datetime as dt
import sys
import types
from email.message import EmailMessage
from pathlib import Path

import pytest

from chartertext.corpus import ingest_corpus
from chartertext.errors import DocumentError
from chartertext.ingest.readers import read_document

BODY = "Séance du 3 mai 2024\n\nLes élus ont adopté le budget à l’unanimité. Prochaine réunion : été 2024."
SUBJECT = "Compte rendu du comité de quartier — été"


def _message(body: str | None = BODY, *, html: str | None = None, charset: str = "utf-8") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "secretariat@example.org"
    message["To"] = "conseil@example.org"
    message["Subject"] = SUBJECT
    message["Date"] = "Tue, 14 May 2024 18:30:00 +0200"
    if body is not None:
        message.set_content(body, charset=charset, cte="quoted-printable")
    if html is not None:
        if body is None:
            message.set_content(html, subtype="html", charset=charset, cte="base64")
        else:
            message.add_alternative(html, subtype="html")
    return message


def _eml(folder: Path, message: EmailMessage, name: str = "cr.eml") -> Path:
    path = folder / name
    path.write_bytes(message.as_bytes())
    return path


def test_readers_eml_quoted_printable_body_and_encoded_subject(tmp_path: Path) -> None:
    path = _eml(tmp_path, _message())
    data = path.read_bytes()
    assert b"=?utf-8?" in data and b"S=C3=A9ance" in data  # RFC 2047 subject, quoted-printable body
    raw = read_document(path, "mails/cr.eml")
    assert raw.format == "eml" and raw.field_source == "email"
    assert raw.pages[0].split("\n") == BODY.split("\n")
    assert raw.fields == {"title": SUBJECT, "created": "2024-05-14"}


def test_readers_eml_latin1_body_is_decoded_by_its_declared_charset(tmp_path: Path) -> None:
    raw = read_document(_eml(tmp_path, _message(charset="iso-8859-1", body="Séance du conseil, été.")), "cr.eml")
    assert raw.pages == ("Séance du conseil, été.",)


def test_readers_eml_date_header_is_created_not_the_meeting_date(tmp_path: Path) -> None:
    _eml(tmp_path, _message())
    (tmp_path / "autre.txt").write_text("Séance du 9 juin 2024.", encoding="utf-8")
    doc = ingest_corpus(tmp_path).document("cr")
    assert doc.title == SUBJECT and doc.format == "eml"
    assert doc.date == dt.date(2024, 5, 3)  # from the minutes' own text, not the Date header
    assert doc.metadata["created"] == "2024-05-14"


def test_readers_eml_plain_part_is_preferred_to_html(tmp_path: Path) -> None:
    message = _message(html="<p>Version HTML : <b>séance</b></p>")
    raw = read_document(_eml(tmp_path, message), "cr.eml")
    assert raw.pages[0].split("\n") == BODY.split("\n")


def test_readers_eml_html_only_body_is_read_as_html_text(tmp_path: Path) -> None:
    html = "<html><body><p>Séance du <b>conseil</b></p><p>Les élus présents.</p></body></html>"
    raw = read_document(_eml(tmp_path, _message(body=None, html=html, charset="iso-8859-1")), "cr.eml")
    assert raw.pages == ("Séance du conseil\n\nLes élus présents.",)
    assert raw.fields["title"] == SUBJECT


def test_readers_eml_attachments_are_named_in_a_warning_and_not_read(tmp_path: Path) -> None:
    message = _message(body="Veuillez trouver ci-joint le procès-verbal.")
    message.add_attachment(b"%PDF-1.4 ...", maintype="application", subtype="pdf", filename="pv-mai.pdf")
    raw = read_document(_eml(tmp_path, message), "cr.eml")
    assert raw.pages == ("Veuillez trouver ci-joint le procès-verbal.",)
    assert any("pv-mai.pdf" in w and "not read" in w for w in raw.warnings)


def test_readers_eml_without_body_names_its_attachments(tmp_path: Path) -> None:
    message = _message(body=None)
    message.add_attachment(b"%PDF-1.4 ...", maintype="application", subtype="pdf", filename="pv-mai.pdf")
    with pytest.raises(DocumentError) as caught:
        read_document(_eml(tmp_path, message), "mails/cr.eml")
    assert caught.value.path == "mails/cr.eml" and "pv-mai.pdf" in caught.value.reason
    assert "corpus folder" in caught.value.fix


def test_readers_eml_that_is_no_mail_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cr.eml"
    path.write_text("Séance du conseil municipal.\nPrésents : tous.", encoding="utf-8")
    with pytest.raises(DocumentError, match="not an e-mail message"):
        read_document(path, "cr.eml")


def test_readers_msg_without_extract_msg_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "extract_msg", None)  # import fails as if not installed
    path = tmp_path / "cr.msg"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(DocumentError) as caught:
        read_document(path, "mails/cr.msg")
    assert "extract-msg" in caught.value.reason and "chartertext[msg]" in caught.value.fix


def test_readers_msg_maps_subject_body_date_and_attachments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # extract-msg cannot write .msg files, so its reader is stood in for: what is tested is how
    # its message becomes a document.
    opened: list[bytes] = []

    class Message:
        subject = "Réunion  du bureau"
        body = "Présents : Mme Durand.\r\n\r\nLe bureau a validé l’ordre du jour.\r\n"
        htmlBody = None
        date = dt.datetime(2023, 11, 7, 9, 0, tzinfo=dt.UTC)
        attachments = [types.SimpleNamespace(longFilename="annexe.docx")]

        def close(self) -> None:
            opened.append(b"closed")

    monkeypatch.setitem(sys.modules, "extract_msg", types.SimpleNamespace(openMsg=lambda data: opened.append(data) or Message()))
    path = tmp_path / "cr.msg"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    raw = read_document(path, "cr.msg")
    assert raw.format == "msg"
    assert raw.pages == ("Présents : Mme Durand.\n\nLe bureau a validé l’ordre du jour.",)
    assert raw.fields == {"title": "Réunion du bureau", "created": "2023-11-07"}
    assert any("annexe.docx" in w for w in raw.warnings)
    assert opened == [path.read_bytes(), b"closed"]
