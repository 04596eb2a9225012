"""Decoding the bytes French offices produce, and repairing mojibake without touching clean text."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from chartertext.errors import DocumentError
from chartertext.ingest.encoding import decode_declared, decode_text, repair_mojibake

FRENCH = "Le maître d’œuvre présente à l’assemblée « le coût : 3 € » ; Noël, Œuvre, déjà."


@pytest.mark.parametrize(
    "data",
    [
        FRENCH.encode("utf-8"),
        codecs.BOM_UTF8 + FRENCH.encode("utf-8"),
        FRENCH.encode("utf-16"),  # Word's "Unicode text": UTF-16-LE with a BOM
        codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be"),
        FRENCH.encode("utf-32"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-32-bom"],
)
def test_encoding_unicode_files_decode_exactly_without_warning(data: bytes) -> None:
    text, warnings = decode_text(data, "cr.txt")
    assert text == FRENCH
    assert warnings == []


def test_encoding_cp1252_is_chosen_over_latin1() -> None:
    # 0x92 0x9C 0x80 are ’ œ € in cp1252 but invisible C1 controls in latin-1.
    text, warnings = decode_text(FRENCH.encode("cp1252"), "cr.txt")
    assert text == FRENCH
    assert "’" in text and "œ" in text and "€" in text
    assert warnings == ["not UTF-8: decoded as Windows-1252 (cp1252)"]


def test_encoding_latin9_recognised_by_its_oe() -> None:
    text, warnings = decode_text("Le cœur de l'Œuvre coûte 3 €".encode("iso8859-15"), "cr.txt")
    assert text == "Le cœur de l'Œuvre coûte 3 €"
    assert "ISO-8859-15" in warnings[0]


@pytest.mark.parametrize("codec, label", [("mac_roman", "Mac Roman"), ("cp850", "850")])
def test_encoding_old_mac_and_dos_files_read_as_french(codec: str, label: str) -> None:
    source = "Le maître présente le procès-verbal à l'assemblée : « Ça coûte » ; Noël, où, déjà."
    text, warnings = decode_text(source.encode(codec), "cr.txt")
    assert text == source
    assert label in warnings[0]


def test_encoding_utf8_with_stray_cp1252_byte_keeps_both() -> None:
    data = "La séance est ouverte à 19 h. Le procès-verbal est adopté. ".encode() + b"l\x92\xe9lu"
    text, warnings = decode_text(data, "cr.txt")
    assert text.endswith("adopté. l’élu")
    assert "stray" in warnings[0]


def test_encoding_utf16_without_bom_guessed_with_warning() -> None:
    text, warnings = decode_text(FRENCH.encode("utf-16-le"), "cr.txt")
    assert text == FRENCH
    assert "utf-16-le" in warnings[0]


@pytest.mark.parametrize(
    "data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", b"\x00\x01\x02garbage\x00"]
)
def test_encoding_nul_bytes_are_binary_and_name_the_file(data: bytes) -> None:
    with pytest.raises(DocumentError) as caught:
        decode_text(data, "docs/cr3.txt")
    assert caught.value.path == "docs/cr3.txt"
    assert "binary" in caught.value.reason
    assert "extension" in caught.value.fix


@pytest.mark.parametrize(
    "broken, repaired",
    [
        ("rÃ©union du conseil", "réunion du conseil"),
        ("Ã  la mairie", "à la mairie"),  # à is C3 A0: its no-break space became a space
        ("lâ€™Ã©lu dÃ©lÃ¨gue", "l’élu délègue"),
        ("Å“uvre et Ã§a", "œuvre et ça"),
    ],
)
def test_encoding_mojibake_repaired_with_warning(broken: str, repaired: str) -> None:
    text, warnings = decode_text(broken.encode("utf-8"), "cr.txt")
    assert text == repaired
    assert len(warnings) == 1 and "mojibake" in warnings[0]


def test_encoding_mojibake_repair_leaves_quotes_curly_and_clean_lines_alone() -> None:
    source = "“Très bien” dit-il, « d’accord ».\nrÃ©union\nL’élu n’a rien dit..."
    text, _ = repair_mojibake(source)
    assert text == "“Très bien” dit-il, « d’accord ».\nréunion\nL’élu n’a rien dit..."


@pytest.mark.parametrize(
    "clean", ["CHÂTEAU-THIERRY, pâte, Ça va", "L’HAŸ-LES-ROSES", "Âme, âge, Ä", "Å est une lettre"]
)
def test_encoding_clean_french_is_not_repaired(clean: str) -> None:
    assert repair_mojibake(clean) == (clean, [])


def test_encoding_declared_latin1_is_read_as_cp1252() -> None:
    # Browsers read a page labelled ISO-8859-1 as windows-1252 (WHATWG), so ’ survives.
    decoded = decode_declared("l’élu".encode("cp1252"), "ISO-8859-1", "page.html")
    assert decoded == ("l’élu", [])


def test_encoding_declared_charset_that_does_not_fit_is_refused() -> None:
    assert decode_declared("l’élu".encode("cp1252"), "utf-8", "page.html") is None
    assert decode_declared(b"abc", "no-such-charset", "page.html") is None


_FRENCH_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'-\n")
        + list("àâäçéèêëîïôöùûüÿœæÀÂÇÉÈÊËÎÏÔÙÛÜŒ«»’“”…–\xa0")
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=60, deadline=None, database=None)  # nothing written to the cwd
@given(_FRENCH_TEXT)
def test_encoding_french_text_round_trips_through_utf8_utf16_and_cp1252(text: str) -> None:
    # Random juxtapositions such as "Âœ" are what mojibake looks like; repair is meant to
    # change those, and clean French is checked by the tests above.
    assume(repair_mojibake(text)[0] == text)
    assert decode_text(text.encode("utf-8"), "x.txt")[0] == text
    assert decode_text(text.encode("utf-16"), "x.txt")[0] == text
    cp1252 = text.encode("cp1252")
    try:
        cp1252.decode("utf-8")
        is_valid_utf8 = True
    except UnicodeDecodeError:
        is_valid_utf8 = False
    assume(not is_valid_utf8)  # then the bytes are UTF-8 too, and read as such
    assert decode_text(cp1252, "x.txt")[0] == text
