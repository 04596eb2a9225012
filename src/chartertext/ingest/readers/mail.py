"""E-mail: minutes sent as a message (.eml, Outlook .msg), the body as one page.

The text part is read; a message with only an HTML part is read as the HTML reader reads a
page. The subject is the title field. The Date header says when the message was sent, not
when the meeting took place, so it is kept as ``created`` (the rule of
:func:`~chartertext.ingest.readers.properties.created_field`), never as ``date``. Sender
and recipients are left out: they are people's addresses, not the minutes.

Attachments are not read: a message whose minutes are an attached PDF says so in a warning,
and the attachment saved beside the message is read like any other file of the corpus.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from email.message import EmailMessage
from typing import Any

from chartertext.errors import DocumentError
from chartertext.ingest.encoding import decode_text
from chartertext.ingest.raw import RawDocument
from chartertext.ingest.readers.html import read_html
from chartertext.ingest.readers.properties import created_field

__all__ = ["read_eml", "read_msg"]

_HEADERS = ("From", "Date", "Subject", "To", "Message-ID", "MIME-Version")
_SAVE_ATTACHMENTS = "save the attachments into the corpus folder to read them as documents"


def read_eml(data: bytes, shown: str) -> RawDocument:
    """Read an e-mail (RFC 5322, .eml): its text body as one page, the subject as title.

    Raises
    ------
    DocumentError
        For a file without e-mail headers, or a message without a text or HTML body.

    Examples
    --------
    >>> from email.message import EmailMessage
    >>> message = EmailMessage()
    >>> message["Subject"] = "Compte rendu du comité de quartier"
    >>> message["Date"] = "Tue, 14 May 2024 18:30:00 +0200"
    >>> message.set_content("Présents : Mme Durand, M. Petit.")
    >>> raw = read_eml(message.as_bytes(), "cr.eml")
    >>> raw.pages[0].strip(), raw.fields
    ('Présents : Mme Durand, M. Petit.', {'title': 'Compte rendu du comité de quartier', 'created': '2024-05-14'})
    """
    from email import message_from_bytes, policy

    message = message_from_bytes(data, policy=policy.default)
    if not isinstance(message, EmailMessage) or not any(message.get(name) for name in _HEADERS):
        raise DocumentError(shown, "not an e-mail message (no From, Date or Subject header)",
                            "Check that the extension matches the content; save the message "
                            "again from the mail program (File > Save as .eml)")
    fields = {}
    subject = " ".join(str(message.get("Subject", "")).split())
    if subject:
        fields["title"] = subject
    try:
        sent = message["Date"].datetime if message.get("Date") else None
    except (AttributeError, TypeError, ValueError):  # an unparsable Date header is only ignored
        sent = None
    fields.update(created_field(sent))
    attached = [part.get_filename() or part.get_content_type() for part in message.iter_attachments()]
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    if plain is not None:
        text, warnings = _part_text(plain, shown)
    elif html is not None:
        page = read_html(b"\xef\xbb\xbf" + _part_text(html, shown)[0].encode("utf-8"), shown)
        text, warnings = page.pages[0], list(page.warnings)
    else:
        raise DocumentError(shown, "the e-mail has no text body"
                            + (f"; its attachments ({', '.join(attached)}) are not read" if attached else ""),
                            "Save the message's text, or " + _SAVE_ATTACHMENTS)
    return RawDocument(pages=(text,), format="eml", fields=fields, field_source="email",
                       warnings=tuple(warnings + _attachment_warning(attached)))


def read_msg(data: bytes, shown: str) -> RawDocument:
    """Read an Outlook message (.msg) with the optional package extract-msg.

    Raises
    ------
    DocumentError
        When extract-msg is not installed, or the file is not an Outlook message or has no body.
    """
    try:
        import extract_msg
    except ImportError as exc:
        raise DocumentError(shown, "Outlook .msg files need the Python package extract-msg",
                            "Install it with `pip install 'chartertext[msg]'`, or save the message "
                            "as .eml from Outlook") from exc
    if not data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentError(shown, "not an Outlook .msg file",
                            "Check that the extension matches the content; save the message again "
                            "from Outlook")
    message = extract_msg.openMsg(data)
    try:
        subject = " ".join((getattr(message, "subject", None) or "").split())
        body, html = getattr(message, "body", None), getattr(message, "htmlBody", None)
        sent = getattr(message, "date", None)
        attached = [_msg_attachment_name(att) for att in getattr(message, "attachments", ())]
    finally:
        message.close()
    fields = {"title": subject} if subject else {}
    fields.update(created_field(sent if isinstance(sent, dt.datetime) else None))
    if body and body.strip():
        text, warnings = body, []
    elif html:
        page = read_html(html, shown)
        text, warnings = page.pages[0], list(page.warnings)
    else:
        raise DocumentError(shown, "the message has no text body", "Save the message's text, or "
                            + _SAVE_ATTACHMENTS)
    return RawDocument(pages=(text,), format="msg", fields=fields, field_source="email",
                       warnings=tuple(warnings + _attachment_warning(attached)))


def _part_text(part: EmailMessage, shown: str) -> tuple[str, list[str]]:
    """A MIME part's text in its declared charset, or guessed when none is declared or it is wrong."""
    payload = part.get_payload(decode=True) or b""  # quoted-printable and base64 undone
    if not payload.strip():
        return "", []
    charset = part.get_content_charset()
    if charset:
        try:
            return payload.decode(charset), []
        except (LookupError, UnicodeDecodeError):
            pass  # an unknown label, or bytes that are not in it: guess as for a .txt file
    return decode_text(payload, shown)


def _msg_attachment_name(attachment: Any) -> str:
    for name in ("longFilename", "shortFilename", "name"):
        value = getattr(attachment, name, None)
        if isinstance(value, str) and value:
            return value
    return "(unnamed)"


def _attachment_warning(names: Iterable[str]) -> list[str]:
    names = list(names)
    if not names:
        return []
    return [f"{len(names)} attachment(s) not read ({', '.join(names)}); {_SAVE_ATTACHMENTS}"]
