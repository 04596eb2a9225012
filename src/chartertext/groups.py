"""What a group is: the document's group, or the speaker of each turn, and what a corpus offers as groups.

A corpus of one body (a municipal council, one neighbourhood council) has a single document
group; the voices to compare are then its speakers, or the speakers' political group or sector
written in the actor table (the ``group`` column of ``aliases.csv``). :func:`regroup` relabels the
segments' ``group`` accordingly (the meeting stays ``doc_id``, so a speaker group's segments in one
meeting are one cluster); :func:`group_options` lists what a corpus could be grouped by, for the
message shown when fewer than two groups can be compared.
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import ConfigError

if TYPE_CHECKING:
    from .config import GroupsConfig
    from .corpus import Corpus

#: Most values listed per metadata field or folder level, and most speakers listed.
MAX_LISTED = 12


def regroup(segments: pd.DataFrame, groups: GroupsConfig, aliases: str | None) -> tuple[pd.DataFrame, list[str]]:
    """The segments with ``group`` set to what ``groups.by`` names, and a note on those left without one.

    Parameters
    ----------
    segments : pandas.DataFrame
        With ``speaker`` and ``group`` columns.
    groups : GroupsConfig
        Only the speaker settings regroup; ``by = "group"`` or a document field returns the
        segments unchanged (document fields are applied by :func:`chartertext.selection.select_corpus`).
    aliases : str or None
        The actor table (``[network] aliases``), needed by ``by = "speaker.FIELD"``.

    Returns
    -------
    segments : pandas.DataFrame
    notes : list of str

    Examples
    --------
    >>> from chartertext.config import GroupsConfig
    >>> seg = pd.DataFrame({"group": ["cm", "cm", "cm"], "speaker": ["M. le Maire", None, "Mme Roy"]})
    >>> out, notes = regroup(seg, GroupsConfig(by="speaker"), None)
    >>> out["group"].fillna("(none)").tolist()
    ['M. le Maire', '(none)', 'Mme Roy']
    """
    if not groups.by_speaker:  # document groups, set at ingestion or by chartertext.selection
        return segments, []
    speakers = [s.strip() if isinstance(s, str) and s.strip() else None for s in segments["speaker"]]
    field = groups.speaker_field
    if field is None:
        labels = speakers
    else:
        lookup = speaker_lookup(aliases, field)
        labels = [None if s is None else lookup(s) for s in speakers]
    out = segments.assign(group=pd.Series(labels, dtype=object).to_numpy())
    minutes = segments["doc_kind"] == "minutes" if "doc_kind" in segments.columns else pd.Series(True, segments.index)
    missing = int(sum(1 for label, m in zip(labels, minutes) if label is None and m))
    notes = []
    if missing:
        why = "no speaker" if field is None else f"no speaker or no {field!r} in the actor table"
        notes.append(
            f"groups by {groups.by}: {missing} of {int(minutes.sum())} minutes segments have {why} "
            f"and are left out of the convergence comparison."
        )
    return out, notes


def speaker_lookup(aliases: str | None, field: str):
    """A function from a written speaker to its ``field`` in the actor table (None when unknown).

    A speaker is found by its alias row; an empty field is taken from another row of the same
    actor (a user fills ``group`` once per person), and a speaker naming several people ("Mme A
    et Mme B") gets their common value, if they share one.
    """
    from .network.aliases import norm_alias, read_aliases
    from .people.lists import parse_people

    if not aliases:
        raise ConfigError(
            f"groups.by = 'speaker.{field}' needs the actor table: set [network] aliases = \"aliases.csv\" "
            f"(written by 'chartertext network', with its {field} column filled)."
        )
    table = read_aliases(aliases)
    by_actor: dict[str, str] = {}
    for actor, value in zip(table["actor"], table[field]):
        if value and actor:
            by_actor.setdefault(actor, value)
    by_alias = {
        alias: value or by_actor.get(actor, "") for alias, actor, value in zip(table["alias"], table["actor"], table[field])
    }

    def lookup(speaker: str) -> str | None:
        value = by_alias.get(norm_alias(speaker))
        if value:
            return value
        found = {by_alias.get(norm_alias(e.name)) or None for e in parse_people(speaker)}
        return found.pop() if len(found) == 1 else None

    return lookup


def group_options(corpus: Corpus, segments: pd.DataFrame) -> dict[str, Any]:
    """What the corpus offers as groups: metadata fields, folder levels and speakers, with counts.

    Returns
    -------
    dict
        ``fields``: {field: {value: documents}} for metadata fields (manifest columns, front
        matter; a list's items counted one by one) with at least two values, one of them shared
        by several documents;
        ``folders``: {level: {folder: documents}} for folder
        levels under the corpus with at least two folders; ``speakers``: {speaker: segments},
        the most frequent first; ``n_speakers`` and ``segments_with_speaker``; ``options``: the
        settings that would use them (``--group-by speaker``, ``--group-by categories``, ``--group-by folder:1``).
    """
    from .selection import field_counts

    fields = field_counts(corpus.documents)
    folders: dict[int, Counter[str]] = {}
    for doc in corpus.documents:
        for level, part in enumerate(PurePosixPath(doc.path).parent.parts):
            folders.setdefault(level + 1, Counter())[part] += 1
    minutes = segments[segments["doc_kind"] == "minutes"] if "doc_kind" in segments.columns else segments
    spoken = Counter(s.strip() for s in minutes["speaker"] if isinstance(s, str) and s.strip())
    # A field whose every value names one document (a date, an identifier) groups nothing.
    kept_fields = {k: _top(c) for k, c in sorted(fields.items()) if 2 <= len(c) < sum(c.values())}
    kept_folders = {str(k): _top(c) for k, c in sorted(folders.items()) if 2 <= len(c) < sum(c.values())}
    options = []
    if len(spoken) >= 2:
        options += ["--group-by speaker", "--group-by speaker.group (fill the group column of aliases.csv)"]
    options += [f"--group-by {name}" for name in kept_fields]
    options += [f"--group-by folder:{level}" for level in kept_folders]
    return {
        "fields": kept_fields,
        "folders": kept_folders,
        "speakers": _top(spoken),
        "n_speakers": len(spoken),
        "segments_with_speaker": int(sum(spoken.values())),
        "options": options,
    }


def describe_options(options: dict[str, Any]) -> list[str]:
    """The group options as short English lines for the console.

    >>> describe_options({"fields": {}, "folders": {}, "speakers": {"M. le Maire": 3}, "n_speakers": 1,
    ...                   "segments_with_speaker": 3, "options": []})
    ['speakers: 1 (3 segments): M. le Maire (3)']
    """
    lines = [f"metadata field {k}: " + _counts(v) for k, v in options["fields"].items()]
    lines += [f"folder level {k}: " + _counts(v) for k, v in options["folders"].items()]
    if options["n_speakers"]:
        lines.append(
            f"speakers: {options['n_speakers']} ({options['segments_with_speaker']} segments): "
            + _counts(options["speakers"])
        )
    if options["options"]:
        lines.append("to use them: " + "; ".join(options["options"]))
    return lines


def _top(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_LISTED])


def _counts(values: dict[str, int]) -> str:
    return ", ".join(f"{k} ({n})" for k, n in values.items())
