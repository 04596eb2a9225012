"""Who is named in each meeting: attendance lists, speaker turns and reported speech.

Three sources, each row of the mentions table says which:

* ``"attendance"``: the names of segments of kind "attendance" (:mod:`chartertext.people.lists` reads them). The
  cue gives the status: "Présents", "Participants", "Animation" → ``present``; "Invité(e)s" →
  ``invited``; "Secrétaire de séance" → ``secretary``; "Excusé(e)s", "Absents excusés" →
  ``excused``; "Absents", "Absents non excusés" → ``absent``; "Pouvoirs", "Procurations",
  "Représentés" → ``proxy``.
  Two lists the segmenter leaves as paragraphs are read too (see :func:`_header_list`): the
  block after a cue alone on its line when every line is a name ("Élus présents :" then
  "- Didier Antonelli" …), and labelled lists of names before the first agenda item
  ("Bureau : Frédéric Boitard, Mohamed Habib Besrour"); their status comes from their cue or
  label (``present`` unless it says otherwise).
* ``"speaker"``: the ``speaker`` column of the segments (a turn cue at the start of a block).
  Status ``spoke``.
* ``"text"``: reported speech that opens a sentence inside a paragraph ("… Le Dr Mercier
  observe que …", "L'adjointe au maire rappelle …"). Only names with a civility or a role
  count here: a bare capitalised pair opening a sentence is too often an organisation ("France
  Travail propose …"). Status ``spoke``.

Whoever is present, invited, secretary or spoke took part in the meeting (``PRESENT_STATUSES``);
excused, absent and proxy-givers did not. An organisation named as a person's affiliation
("M. Martin (CCAS)") gets a mention of status ``represented`` when that person took part: it
is in the room through them (used only when asked, see :func:`.graphs.participation`).
"""

from __future__ import annotations

import re

import pandas as pd

from ..errors import CorpusError
from ..people.lists import Entry, parse_list, parse_people, people_in
from ..people.names import fold
from ..people.written import civility_at, role_at
from ..segment.speakers import agenda_cue, attendance_cue, speaker_turn

#: Columns of the mentions table, in order.
MENTION_COLUMNS: tuple[str, ...] = (
    "doc_id", "segment_id", "source", "status", "name", "kind", "role", "affiliation",
)  # fmt: skip
#: Columns of the meetings table, in order.
MEETING_COLUMNS: tuple[str, ...] = ("doc_id", "group", "date", "has_attendance", "n_named")
#: Statuses that mean the actor took part in the meeting.
PRESENT_STATUSES: tuple[str, ...] = ("present", "invited", "secretary", "spoke")
#: Every status, the strongest evidence of taking part first.
STATUSES: tuple[str, ...] = (*PRESENT_STATUSES, "represented", "excused", "absent", "proxy")
#: Segment columns the network needs.
REQUIRED_COLUMNS: tuple[str, ...] = ("doc_id", "segment_id", "kind", "heading", "speaker", "text", "group", "date")

_SENTENCE_END = re.compile(r"[.!?…]\s+(?=[«\"“A-ZÀ-ÖØ-Þ])")
# "M. Roux" and "H. Lambert" do not end a sentence.
_ABBREVIATION = re.compile(r"(?:^|\s)(?:M|MM|Mr|Dr|Pr|Me|St|[A-ZÀ-ÖØ-Þ])$")
_TITLE_ARTICLE = re.compile(r"^(?:Le|La)\s+(?=(?:Dr|Pr|Docteure?|Professeure?)\b)")


def attendance_status(cue: str | None) -> str:
    """Status given by an attendance cue ("Excusées" → "excused"; see the module docstring)."""
    key = fold(cue or "")
    if "non excus" in key or ("absent" in key and "excus" not in key):
        return "absent"
    if "excus" in key:
        return "excused"
    if any(word in key for word in ("pouvoir", "procuration", "represente")):
        return "proxy"
    if "invit" in key:
        return "invited"
    if "secretaire" in key:
        return "secretary"
    return "present"


def check_segments(segments: pd.DataFrame) -> None:
    """Raise CorpusError naming the missing columns when ``segments`` is not a segments table."""
    missing = [c for c in REQUIRED_COLUMNS if c not in segments.columns]
    if missing:
        raise CorpusError(
            f"the segments table lacks column(s) {', '.join(missing)} (it has {', '.join(map(str, segments.columns))}). "
            f"Fix: pass Corpus.segments from chartertext.corpus.ingest_corpus."
        )


def minutes_segments(segments: pd.DataFrame) -> pd.DataFrame:
    """The segments of minutes (documents of kind "minutes" or "draft"); charters name no attendees."""
    check_segments(segments)
    if "doc_kind" not in segments.columns:
        return segments
    return segments[segments["doc_kind"].isin(["minutes", "draft"])]


def extract_mentions(segments: pd.DataFrame) -> pd.DataFrame:
    """Every actor named in every meeting, with where and how.

    Parameters
    ----------
    segments : pandas.DataFrame
        The segments table (``Corpus.segments``; columns ``records.SEGMENT_COLUMNS``). Rows of
        charters are skipped.

    Returns
    -------
    pandas.DataFrame
        One row per mention, columns ``MENTION_COLUMNS``: ``source`` ("attendance", "speaker",
        "text"), ``status`` (``STATUSES``), ``name`` as written (civility kept), ``kind``
        ("person", "role", "organisation"), ``role`` and ``affiliation`` as written or None.
    """
    rows: list[tuple] = []
    header_doc, in_header, bare_cue = None, True, None
    for seg in minutes_segments(segments).itertuples(index=False):
        if seg.doc_id != header_doc:
            header_doc, in_header, bare_cue = seg.doc_id, True, None
        heading = seg.heading if isinstance(seg.heading, str) else None
        if seg.kind == "agenda_item" or (heading and agenda_cue(heading)):
            in_header = False
        found: list[tuple[str, str, Entry]] = []
        if seg.kind == "attendance":
            body = _list_body(seg.text)
            found += [("attendance", attendance_status(heading), e) for e in parse_list(body)]
            bare_cue = attendance_status(heading) if not body.strip() else None
        elif seg.kind == "paragraph" and (bare_cue or in_header):
            found += [("attendance", status, e) for status, e in _header_list(seg.text, bare_cue, in_header)]
            bare_cue = None
        if isinstance(seg.speaker, str) and seg.speaker.strip():
            found += [("speaker", "spoke", e) for e in parse_people(seg.speaker)]
        if seg.kind in ("paragraph", "turn"):
            found += [("text", "spoke", e) for e in reported_speakers(seg.text)]
        where = (seg.doc_id, seg.segment_id)
        for source, status, entry in found:
            rows.append((*where, source, status, entry.name, entry.kind, entry.role, entry.affiliation))
            if entry.affiliation and entry.kind != "organisation" and status in PRESENT_STATUSES:
                rows.append((*where, source, "represented", entry.affiliation, "organisation", None, None))
    frame = pd.DataFrame(rows, columns=list(MENTION_COLUMNS), dtype=object)
    return frame.drop_duplicates(ignore_index=True)


def reported_speakers(text: str) -> list[Entry]:
    """People with a civility or a role who open a sentence of reported speech in ``text``.

    >>> text = "Le débat s'ouvre. Le Dr Mercier observe que oui. L'adjointe au maire rappelle le cadre."
    >>> [e.name for e in reported_speakers(text)]
    ['Dr Mercier', "L'adjointe au maire"]
    """
    found: list[Entry] = []
    for line in text.splitlines():
        for sentence in _sentences(line.strip()):
            sentence = _TITLE_ARTICLE.sub("", sentence)
            turn = speaker_turn(sentence)
            if turn is not None:
                found += [e for e in parse_people(turn.speaker) if e.kind == "role" or civility_at(e.name)]
                continue
            role = role_at(sentence)
            if role is not None and _speaks(sentence[len(role) :]):
                found += [e for e in parse_people(role) if e.kind == "role"]
    return found


def _sentences(line: str) -> list[str]:
    out, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        if _ABBREVIATION.search(line[start : match.start()]):
            continue
        out.append(line[start : match.start() + 1])
        start = match.end()
    out.append(line[start:])
    return [s for s in out if s.strip()]


def _speaks(rest: str) -> bool:
    # A role with its complement ("L'adjointe au maire rappelle") is longer than the segmenter's
    # cue allows; ask it whether what follows is a speech verb by putting a plain name in front.
    rest = rest.strip()
    if rest.startswith(":"):
        return True
    turn = speaker_turn(f"M. Nom {rest}")
    return turn is not None and turn.speaker == "M. Nom"


def _header_list(text: str, bare_cue: str | None, in_header: bool) -> list[tuple[str, Entry]]:
    """Names of a paragraph that is a list of people although the segmenter did not mark it.

    Two cases: the block after a cue left alone ("Élus présents :" then "- Didier Antonelli"
    lines), and, before the first agenda item, a labelled list ("Bureau : Frédéric Boitard,
    Mohamed Habib Besrour, …"). Every line (or every piece after the label) must be a name:
    prose is never read as a list.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if bare_cue is not None and lines and all(people_in(line) >= 1 for line in lines):
        return [(bare_cue, e) for e in parse_list(text)]
    if not in_header:
        return []
    label, colon, rest = " ".join(lines).partition(":")
    if not colon or len(label.split()) > 4 or civility_at(label + " ") is not None:
        return []
    pieces = [p for p in re.split(r"\s*[,;]\s*", rest.strip().rstrip(".")) if p]
    if len(pieces) < 2 or people_in(rest) != len(pieces):
        return []
    return [(attendance_status(label), e) for e in parse_list(rest)]


def _list_body(text: str) -> str:
    """The names of an attendance segment without its cue ("Présents :" or "Absent" alone)."""
    first, _, rest = text.partition("\n")
    if attendance_cue(first.strip()) is None:
        return text
    head, colon, tail = first.partition(":")
    return f"{tail}\n{rest}" if colon else rest


def meetings_table(segments: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per meeting (a document of minutes), in date order.

    Returns
    -------
    pandas.DataFrame
        Columns ``MEETING_COLUMNS``: ``group`` (None when the document has none), ``date``
        (datetime.date or None), ``has_attendance`` (the minutes list who attended; without a
        list only speakers are known), ``n_named`` (distinct names mentioned).
    """
    seg = minutes_segments(segments)
    first = seg.drop_duplicates("doc_id")
    with_list = set(seg.loc[seg["kind"] == "attendance", "doc_id"])
    named = mentions.groupby("doc_id")["name"].nunique().to_dict() if len(mentions) else {}
    rows = []
    for row in first.itertuples(index=False):
        group = row.group if isinstance(row.group, str) and row.group else None
        date = row.date if not pd.isna(row.date) else None
        rows.append((row.doc_id, group, date, row.doc_id in with_list, int(named.get(row.doc_id, 0))))
    frame = pd.DataFrame(rows, columns=list(MEETING_COLUMNS), dtype=object)
    frame["has_attendance"] = frame["has_attendance"].astype(bool)
    frame["n_named"] = frame["n_named"].astype("int64")
    # Dated meetings first, in date order; undated ones after, by doc_id.
    order = sorted(
        range(len(frame)), key=lambda i: (frame["date"][i] is None, str(frame["date"][i]), frame["doc_id"][i])
    )
    return frame.iloc[order].reset_index(drop=True)
