"""One canonical form for French text read from PDF, Word, ODT, HTML, RTF and plain text.

Every later stage (segmentation offsets, embeddings, lexical metrics) reads the text this
module returns, so two spellings of the same thing must become one. Accents are never touched.

The canonical form, rule by rule (each is tested in ``tests/test_normalise.py``):

- Unicode NFC, not NFKC: NFKC would turn "1º" into "1o" and "m²" into "m2". Only the Latin
  typographic ligatures ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ are expanded; œ and Œ are French letters and stay.
- Apostrophes ’ ‘ ʼ become ASCII "'" (what spaCy's French tokenizer and our stop-word list
  expect). ´ ` ′ become "'" only between two letters ("l´école"), elsewhere they are kept.
- Double quotes “ ” „ ‟ become French guillemets: opening (after a space, a line start or an
  opening bracket) «, otherwise ». Every guillemet gets exactly one ordinary space on its inner
  side ("« mot »"). ASCII '"' is left alone: it may be an inch or seconds mark.
- Every space separator (U+00A0, U+202F, U+2007, U+2009, U+2000–U+200A, ...) becomes " ".
  Zero-width characters U+200C, U+200D, U+2060, U+FEFF and every other format or control
  character are removed. U+200B is the exception: PDFs exported from Google Docs put it where
  a space was ("Lecareux\u200breprésentant" in the Paris 14e corpus), so it becomes a space,
  except around a superscript ordinal suffix ("14\u200be\u200bsur" → "14e sur").
- Soft hyphens (U+00AD) are removed, with two exceptions found in the real corpora: at a line
  start followed by spaces they are a list dash and become "-"; and when a text holds at
  least two soft hyphens inside words but no ordinary hyphen inside a word, the producer used
  U+00AD as its visible hyphen ("Jean\xadPierre", "est\xadce") and they all become "-".
  U+2010 and U+2011 become "-"; en and em dashes stay.
- "\r\n", "\r", U+000B, U+0085 and U+2028 end a line; form feed and U+2029 end a paragraph.
- Word/PDF private-use bullets (U+F020–U+F0FF, Symbol and Wingdings fonts) become "• " at a
  line start; inside a line the Wingdings arrows (U+F0D8, U+F0E0, U+F0E8, U+F0F0) become "→"
  ("0 abstention \uf0e0 adopté") and the others "•".
- Words hyphenated across a line break are rejoined and the line break put after the word:
  "partici-\npation des" → "participation\ndes". See :func:`_keep_hyphen` for when the hyphen
  is kept ("peut-\nêtre" → "peut-être\n").
- Whitespace: runs of spaces and tabs become one space; every line is stripped at both ends
  (a single leading space cannot carry indentation depth anyway); three or more newlines become
  two (a blank line is the paragraph break segmentation relies on); the text is stripped.

``normalise`` is idempotent: ``normalise(normalise(x)) == normalise(x)`` for every string.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

__all__ = ["normalise", "normalise_pages", "remove_page_furniture"]

_LETTER = r"[^\W\d_]"

# Characters with one fixed replacement; _Table decides the others by Unicode category.
_FIXED: dict[int, str] = {
    **{ord(k): v for k, v in {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}.items()},
    **{ord(c): "'" for c in "\u2019\u2018\u02bc"},
    **{ord(c): "-" for c in "\u2010\u2011"},
    ord("\n"): "\n",
    ord("\t"): "\t",
    ord("\u00ad"): "\u00ad",  # resolved by the hyphenation step, which needs to see it
}


class _Table(dict[int, "str | int | None"]):
    """A str.translate table filled on first sight of each code point, so no import-time scan."""

    def __missing__(self, code: int) -> str | int | None:
        category = unicodedata.category(chr(code))
        value: str | int | None
        if category == "Zs":
            value = " "
        elif category in ("Cc", "Cf", "Cs"):
            value = None
        else:
            value = code
        self[code] = value
        return value


_TABLE = _Table(_FIXED)

_LINE_BREAK = re.compile(r"\r\n|[\r\x0b\x85\u2028]")
_PARAGRAPH_BREAK = re.compile(r"[\x0c\u2029]")
_ORDINAL_ZWSP = re.compile(r"(\d)\u200b(e|er|re|ère|ème|eme|es|nd|nde|nds|ndes)(?![^\W\d_])\u200b?")
_SHY_BULLET = re.compile(r"^([ \t]*)\u00ad(?=[ \t])", re.MULTILINE)
_SHY_IN_WORD = re.compile(rf"{_LETTER}\u00ad{_LETTER}")
_HARD_HYPHEN_IN_WORD = re.compile(rf"{_LETTER}[-\u2010\u2011]{_LETTER}")
_SHY_NOT_AT_LINE_END = re.compile(r"\u00ad(?![ \t]*\n)")
_PUA_LINE_START = re.compile(r"^([ \t]*)[\uf020-\uf0ff]", re.MULTILINE)
_PUA_ARROW = re.compile(r"[\uf0d8\uf0e0\uf0e8\uf0f0]")
_PUA_OTHER = re.compile(r"[\uf020-\uf0ff]")
_AMBIGUOUS_APOSTROPHE = re.compile(rf"(?<={_LETTER})[\u00b4`\u2032](?={_LETTER})")
_DOUBLE_QUOTE = re.compile(r"[\u201c\u201d\u201e\u201f]")
_OPENING_CONTEXT = frozenset(" \t\n([{«'\u201c\u201e\u201f")
_AFTER_OPENING_GUILLEMET = re.compile(r"«[ \t]*(?=\S)")
_BEFORE_CLOSING_GUILLEMET = re.compile(r"(?<=\S)[ \t]*»")
_SPACE_RUN = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_BREAK_END = re.compile(rf"(\S*{_LETTER})([-\u00ad])$")
_BREAK_START = re.compile(rf"^({_LETTER}\S*)")
_LONE_PUNCTUATION = re.compile(r" [?!;:»]+(?= |$)")
_WORD = re.compile(rf"{_LETTER}+")
_COMPOUND = re.compile(rf"{_LETTER}+(?:-{_LETTER}+)+")

#: Second elements of French compounds and inverted forms: "peut-être", "celle-ci", "a-t-il",
#: "fait-on", "pensez-vous", "au-dessus". French hyphenation never leaves fewer than two letters
#: after a break, so a two-letter fragment like "ci" is almost always such an element.
_SECOND_ELEMENTS = frozenset(
    "être dire ci là même mêmes il ils elle elles on t delà dessus dessous à ce je tu nous vous "
    "moi toi lui leur eux le la les y en".split()
)
#: First elements that begin compounds but no common word, so the hyphen is kept even without
#: evidence: "porte-parole", "vice-président", "procès-verbal", "après-midi", "rond-point".
_FIRST_ELEMENTS = frozenset("porte vice après arrière procès état compte rond chef demi semi".split())
#: First elements that also begin ordinary words ("avantage", "souscrire", "garderie",
#: "bienvenue"): the hyphen is kept only when the second fragment is a word seen elsewhere.
_WEAK_FIRST_ELEMENTS = frozenset(
    "non sous avant contre grand grande petit petite bien mi garde ex haut belle beau".split()
)


def normalise(text: str) -> str:
    """Bring French text to the canonical form described in the module docstring.

    Parameters
    ----------
    text : str
        Text as a reader extracted it (any line endings, any Unicode form).

    Returns
    -------
    str
        NFC text with accents intact, canonical apostrophes, quotes, spaces and hyphens,
        line-break hyphenation undone, whitespace folded, paragraphs separated by one blank line.

    Examples
    --------
    >>> normalise("Le porte-\\nparole a dit : “d’accord”.\\r\\n\\r\\n\\r\\nFin")
    "Le porte-parole\\na dit : « d'accord ».\\n\\nFin"
    >>> normalise("la partici-\\npation des habitant·es")
    'la participation\\ndes habitant·es'
    """
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAK.sub("\n", text)
    text = _PARAGRAPH_BREAK.sub("\n\n", text)
    text = _ORDINAL_ZWSP.sub(_ordinal, text)
    text = text.replace("\u200b", " ")
    text = _resolve_soft_hyphens(text)
    text = _PUA_LINE_START.sub(r"\1• ", text)
    text = _PUA_OTHER.sub("•", _PUA_ARROW.sub("→", text))
    # NFC again: a removed control character may have sat between a letter and its accent,
    # and the context rules below must see the composed letter.
    text = unicodedata.normalize("NFC", text.translate(_TABLE))
    text = _AMBIGUOUS_APOSTROPHE.sub("'", text)
    text = _DOUBLE_QUOTE.sub(_guillemet, text)
    text = _AFTER_OPENING_GUILLEMET.sub("« ", text)
    text = _BEFORE_CLOSING_GUILLEMET.sub(" »", text)
    text = _rejoin_hyphenated(_fold_whitespace(text))
    text = text.replace("\u00ad", "")
    # Removing characters can bring a base letter next to a combining mark again.
    return _fold_whitespace(unicodedata.normalize("NFC", text))


def remove_page_furniture(pages: Sequence[str]) -> list[str]:
    """Remove running headers, running footers and page numbers from the pages of a PDF.

    Parameters
    ----------
    pages : sequence of str
        The text of each page, in order.

    Returns
    -------
    list of str
        The pages without their furniture lines; other lines are returned unchanged.

    Notes
    -----
    A line's *key* is the line with whitespace collapsed, case folded and every digit run
    replaced by "#", so "Page 2/6" and "Page 3/6" share a key. The *top zone* of a page is its
    first three non-blank lines, the *bottom zone* its last three; top and bottom are counted
    separately. Lines sharing a key in the same zone of at least two pages are removed when:

    - they are identical on every page, present on at least ``max(2, ceil(n / 2))`` of the
      ``n`` pages (both pages of a 2-page document), and the key never occurs outside the
      zones of any page (a line that is also content mid-page is content);
    - or their numbers differ and one of them counts pages: it equals the page's index plus
      the same offset on every page ("Page 2/6", "- 3 -", "page 3 sur 8", a bare "3"). The
      offset must be 0 or 1 (the first page numbered 0 or 1), or the line must be on at least
      three pages. Such a line also counts when it is not a bare page number only if its key
      never occurs mid-page.

    So "12 votes pour" closing page 2 and "13 votes pour" closing page 3 are kept (13 is not
    page 3's number), and a line present on a single page is never removed.
    """
    page_lines = [page.split("\n") for page in pages]
    zones = [_zones(lines) for lines in page_lines]
    # (zone, key) -> [(page, line index, line with whitespace collapsed)]
    seen: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    body: Counter[str] = Counter()
    for p, (lines, (top_idx, bottom_idx)) in enumerate(zip(page_lines, zones)):
        for zone, indices in (("top", top_idx), ("bottom", bottom_idx)):
            for i in sorted(indices):
                line = " ".join(lines[i].split())
                seen.setdefault((zone, _furniture_key(line)), []).append((p, i, line))
        edges = top_idx | bottom_idx
        body.update(_furniture_key(line) for i, line in enumerate(lines) if line.strip() and i not in edges)
    needed = max(2, -(-len(pages) // 2))
    drop: set[tuple[int, int]] = set()
    for (_, key), hits in seen.items():
        if len({p for p, _, _ in hits}) < 2:
            continue
        if len({line for _, _, line in hits}) == 1:
            furniture = len(hits) >= needed and not body[key]
        else:
            furniture = _counts_pages(hits) and (not body[key] or _PAGE_NUMBER.match(key) is not None)
        if furniture:
            drop |= {(p, i) for p, i, _ in hits}
    return ["\n".join(line for i, line in enumerate(lines) if (p, i) not in drop) for p, lines in enumerate(page_lines)]


def normalise_pages(pages: Sequence[str]) -> str:
    """Remove page furniture, join the pages and normalise.

    Pages are joined with a blank line (a paragraph break), except when the next page starts
    with a lowercase letter: then the sentence runs on across the page break and they are
    joined with a single line break, so a word hyphenated across pages is rejoined too.

    Parameters
    ----------
    pages : sequence of str
        One entry per PDF page, or a single entry for other formats.

    Returns
    -------
    str
        The normalised text of the whole document.
    """
    kept = remove_page_furniture(pages)
    parts: list[str] = []
    for page in kept:
        if parts:
            first = page.lstrip()
            parts.append("\n" if first[:1].islower() else "\n\n")
        parts.append(page)
    return normalise("".join(parts))


def _resolve_soft_hyphens(text: str) -> str:
    """Soft hyphens: list dashes, visible hyphens, or discretionary breaks (see module doc)."""
    if "\u00ad" not in text:
        return text
    text = _SHY_BULLET.sub(r"\1-", text)
    if len(_SHY_IN_WORD.findall(text)) >= 2 and not _HARD_HYPHEN_IN_WORD.search(text):
        return text.replace("\u00ad", "-")
    # Kept only at a line end, where it marks a break the hyphenation step must undo.
    return _SHY_NOT_AT_LINE_END.sub("", text)


def _ordinal(match: re.Match[str]) -> str:
    """Glue a superscript ordinal to its number; its closing U+200B is a space before a word."""
    follows = match.string[match.end() : match.end() + 1]
    spaced = match.group(0).endswith("\u200b") and follows not in ".,;:!?)]»"  # "" is in any str
    return match.group(1) + match.group(2) + (" " if spaced else "")


def _guillemet(match: re.Match[str]) -> str:
    before = match.string[match.start() - 1] if match.start() else "\n"
    return "«" if before in _OPENING_CONTEXT else "»"


def _fold_whitespace(text: str) -> str:
    text = "\n".join(_SPACE_RUN.sub(" ", line).strip(" ") for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip("\n")


def _rejoin_hyphenated(text: str) -> str:
    """Undo hyphenation at line ends; the line break moves after the rejoined word."""
    if "-\n" not in text and "\u00ad\n" not in text:
        return text
    words = Counter(w.casefold() for w in _WORD.findall(text))
    compounds = {c.casefold() for c in _COMPOUND.findall(text)}
    lines = text.split("\n")
    i = 0
    while i < len(lines) - 1:
        end = _BREAK_END.search(lines[i])
        start = _BREAK_START.match(lines[i + 1])
        if end is None or start is None:
            i += 1
            continue
        before, mark, token = end.group(1), end.group(2), start.group(1)
        keep = mark == "-" and _keep_hyphen(before, token, words, compounds)
        lines[i] = lines[i][: end.start(2)] + ("-" if keep else "") + token
        rest = lines[i + 1][len(token) :]
        # French puts a space before ? ! ; : and », which must not be left alone on the next line.
        punct = _LONE_PUNCTUATION.match(rest)
        if punct:
            lines[i] += punct.group(0)
            rest = rest[punct.end() :]
        rest = rest.lstrip(" ")
        if rest:
            lines[i + 1] = rest
        else:
            del lines[i + 1]  # an emptied line must not become a paragraph break
    return "\n".join(lines)


def _keep_hyphen(before: str, after: str, words: Counter[str], compounds: set[str]) -> bool:
    """Whether a hyphen at a line end belongs to the word (True) or to the line break (False).

    ``before`` is the last token of the line without its hyphen, ``after`` the first token of
    the next line. First rule that applies wins:

    1. ``before`` already holds a hyphen: the break is inside a compound ("c'est-à-|dire",
       "vis-à-|vis", "a-t-|il") → keep.
    2. ``after`` starts with a capital ("Saint-|Étienne", "Jean-|Pierre") → keep, unless both
       parts are all capitals and the joined word occurs elsewhere ("MUNICI-|PAL").
    3. The joined word occurs elsewhere in the text ("partici-|pation" and "participation") → join.
    4. The hyphenated pair occurs elsewhere ("non-|valeur" and "non-valeur") → keep.
    5. ``after`` is a known second element ("peut-|être", "celle-|ci", "fait-|on") → keep.
    6. ``before`` is a first element that begins no common word ("porte-|parole") → keep;
       or one that does ("sous-|sol" vs "sous-|crire") and ``after`` is a word seen elsewhere.
    7. Otherwise → join: a typesetter's break is the likelier reading.
    """
    first = _WORD.findall(before)[-1]
    second = _WORD.match(after)
    second_word = second.group(0) if second else after
    joined = (first + second_word).casefold()
    if "-" in before.lstrip("(«[\"'-–—•"):
        return True
    if second_word[0].isupper():
        return not (first.isupper() and second_word.isupper() and words[joined] > 0)
    if words[joined] > 0:
        return False
    if f"{first}-{second_word}".casefold() in compounds:
        return True
    lowered_first, lowered_second = first.casefold(), second_word.casefold()
    if lowered_second in _SECOND_ELEMENTS or lowered_first in _FIRST_ELEMENTS:
        return True
    # The fragment itself was counted once; a second occurrence means a real word.
    return lowered_first in _WEAK_FIRST_ELEMENTS and words[lowered_second] > 1


def _zones(lines: list[str]) -> tuple[set[int], set[int]]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return set(filled[:3]), set(filled[-3:])


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


_PAGE_NUMBER = re.compile(r"^(?:[-–—] ?)?(?:page ?|p\. ?)?#(?: ?(?:/|sur) ?#)?(?: ?[-–—])?$")


def _counts_pages(hits: list[tuple[int, int, str]]) -> bool:
    """Whether one of the numbers in these lines is the page number (page index + an offset)."""
    if len({p for p, _, _ in hits}) != len(hits):
        return False  # twice on one page: not a page number
    numbers = [[int(n) for n in re.findall(r"\d+", line)] for _, _, line in hits]
    if len({len(ns) for ns in numbers}) != 1:
        return False
    for position in range(len(numbers[0])):
        offsets = {ns[position] - p for ns, (p, _, _) in zip(numbers, hits)}
        if len(offsets) == 1 and (offsets <= {0, 1} or len(hits) >= 3):
            return True
    return False
