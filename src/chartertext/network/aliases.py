"""Which written names are the same actor, and the alias table users correct.

Every distinct written name (an *alias*: "Mme Lambert", "Madame LAMBERT", "H. Lambert") is
mapped to one actor ("Hélène Lambert") of one kind. The mapping is written as ``aliases.csv``
(columns ``alias,actor,kind,note``) for users to correct; given back, its rows win.

How names are resolved automatically, within one corpus (keys fold case and accents):

1-5. People: first name + surname, initials, civilities, lone words and roles are merged by
   :func:`chartertext.people.variants.person_clusters`, the core the pseudonymiser's
   :class:`~chartertext.people.book.NameBook` shares (its docstring lists the rules).
6. Organisations are the same when their names match without "association" or a leading
   article ("association La Plume" = "La Plume").

User rows win: an alias listed in the user's table takes the user's actor and kind, and a new
spelling that the rules above put with a corrected alias follows the correction. Kind
"ignore" drops an alias (a phrase misread as a name).
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..atomic import atomic_path
from ..csvsafe import neutralise_frame, unneutralise
from ..errors import ConfigError
from ..people.names import fold
from ..people.variants import Cluster, person_clusters
from ..people.written import (
    display_variants,
    organisation_display,
    organisation_key,
    person_name,
    role_key,
)

#: Columns of the alias table, in order.
ALIAS_COLUMNS: tuple[str, ...] = ("alias", "actor", "kind", "note")
#: Columns of ``aliases.csv``: ``group`` is for users to fill (majority/opposition, a sector; ``speaker.group``).
ALIAS_FILE_COLUMNS: tuple[str, ...] = (*ALIAS_COLUMNS, "group")
#: Kinds an alias row may have; "ignore" drops the alias.
ALIAS_KINDS: tuple[str, ...] = ("person", "role", "organisation", "ignore")
#: French and variant spellings accepted in a user's table.
_KIND_SYNONYMS = {
    "personne": "person", "rôle": "role", "organization": "organisation", "org": "organisation",
    "ignorer": "ignore", "ignoré": "ignore",
}  # fmt: skip
_ACRONYM_HEAD = re.compile(r"^[a-z]{2,5}$")


def norm_alias(text: str) -> str:
    """An alias as compared: spaces collapsed, nothing else changed."""
    return " ".join(str(text).split())


def resolve_aliases(mentions: pd.DataFrame, user: pd.DataFrame | None = None) -> pd.DataFrame:
    """Map every written name of ``mentions`` to an actor.

    Parameters
    ----------
    mentions : pandas.DataFrame
        From :func:`.actors.extract_mentions` (columns ``doc_id``, ``name``, ``kind``, ``role``).
    user : pandas.DataFrame or None, default None
        A corrected alias table (:func:`read_aliases`); its rows win.

    Returns
    -------
    pandas.DataFrame
        Columns ``ALIAS_COLUMNS`` plus ``source`` ("user" or "auto") and ``in_corpus`` (False
        for the user's rows about names this corpus does not use; they are kept so that one
        table serves several corpora). Sorted by kind, actor, alias.
    """
    names = mentions["name"].map(norm_alias)
    counts = Counter(names)
    docs: dict[str, set[str]] = defaultdict(set)
    for name, doc in zip(names, mentions["doc_id"]):
        docs[name].add(doc)
    kinds = _majority_kind(names, mentions["kind"])
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    for name, kind, role in zip(names, mentions["kind"], mentions["role"]):
        key = role_key(role) if isinstance(role, str) else None
        if kind == "person" and key:
            roles[name][key] += 1

    clusters = person_clusters(
        {f: person_name(f) for f, k in kinds.items() if k in ("person", "role")}, counts, docs, roles
    )
    clusters += _organisation_clusters([f for f, k in kinds.items() if k == "organisation"], counts)
    fixed = _user_rows(user)
    rows: list[tuple[str, str, str, str, str, bool]] = []
    taken: Counter[str] = Counter()
    for cluster in clusters:
        display = _display(cluster, counts)
        taken[display] += 1
        if taken[display] > 1:
            display = f"{display} ({taken[display]})"
        # New spellings follow the user's corrections of their cluster, but never an "ignore":
        # dropping one misread form must not drop the person's other names.
        corrected = Counter(fixed[f][:2] for f in cluster.forms if f in fixed and fixed[f][1] != "ignore")
        follow = corrected.most_common(1)[0][0] if corrected else None
        for form in cluster.forms:
            if form in fixed:
                actor, kind, note = fixed[form]
                rows.append((form, actor, kind, note, "user", True))
            elif follow is not None:
                note = f"follows the user's correction of {follow[0]!r}"
                rows.append((form, follow[0], follow[1], note, "auto", True))
            else:
                rows.append((form, display, cluster.kind, cluster.note, "auto", True))
    seen = {r[0] for r in rows}
    for alias, (actor, kind, note) in fixed.items():
        if alias not in seen:
            rows.append((alias, actor, kind, note, "user", False))
    table = pd.DataFrame(rows, columns=[*ALIAS_COLUMNS, "source", "in_corpus"], dtype=object)
    table["in_corpus"] = table["in_corpus"].astype(bool)
    table["group"] = _user_groups(table, user)
    order = sorted(
        range(len(table)),
        key=lambda i: (ALIAS_KINDS.index(table["kind"][i]), fold(table["actor"][i]), table["alias"][i]),
    )
    return table.iloc[order].reset_index(drop=True)


def apply_aliases(mentions: pd.DataFrame, aliases: pd.DataFrame) -> pd.DataFrame:
    """``mentions`` with columns ``actor`` and ``actor_kind``; ignored aliases are dropped."""
    mapping = {a: (actor, kind) for a, actor, kind in zip(aliases["alias"], aliases["actor"], aliases["kind"])}
    out = mentions.copy()
    resolved = [mapping.get(norm_alias(n), (norm_alias(n), k)) for n, k in zip(out["name"], out["kind"])]
    out["actor"] = [r[0] for r in resolved]
    out["actor_kind"] = [r[1] for r in resolved]
    return out[out["actor_kind"] != "ignore"].reset_index(drop=True)


def _majority_kind(names: Iterable[str], kinds: Iterable[str]) -> dict[str, str]:
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for name, kind in zip(names, kinds):
        tally[name][kind] += 1
    return {name: c.most_common(1)[0][0] for name, c in tally.items()}


def _organisation_clusters(forms: list[str], counts: Counter[str]) -> list[Cluster]:
    by_key: dict[str, Cluster] = {}
    for form in sorted(forms, key=lambda f: (-counts[f], f)):
        by_key.setdefault(organisation_key(form), Cluster("organisation")).forms.append(form)
    # "CSAPA Le Trait d'Union" is the "CSAPA" when it is the only CSAPA named in full.
    led: dict[str, list[str]] = defaultdict(list)
    for key in by_key:
        head = key.split()[0]
        if head != key and head in by_key and _ACRONYM_HEAD.match(head):
            led[head].append(key)
    for head, keys in led.items():
        if len(keys) == 1:
            by_key[head].forms += by_key.pop(keys[0]).forms
    return list(by_key.values())


def _display(cluster: Cluster, counts: Counter[str]) -> str:
    """The actor's name: the fullest, best-written form (civility dropped, capitals softened)."""
    if cluster.kind == "organisation":
        shown = [organisation_display(f) for f in cluster.forms]
        weight = Counter()
        for form, short in zip(cluster.forms, shown):
            weight[short] += counts[form]
        return min(shown, key=lambda f: (-weight[f], len(f), f))
    return display_variants(cluster.forms, counts)


def _user_groups(table: pd.DataFrame, user: pd.DataFrame | None) -> list[str]:
    """The ``group`` the user wrote for each alias, else for another alias of the same actor, else "".

    Carried through, so that running the network again on an edited aliases.csv keeps the groups
    a researcher filled in (majority/opposition, a sector) for ``--group-by speaker.group``.
    """
    if user is None or "group" not in user.columns:
        return [""] * len(table)
    given = {a: str(g) for a, g in zip(user["alias"], user["group"]) if isinstance(g, str) and g.strip()}
    by_actor = {actor: given[alias] for alias, actor in zip(table["alias"], table["actor"]) if alias in given}
    return [given.get(alias, by_actor.get(actor, "")) for alias, actor in zip(table["alias"], table["actor"])]


def _user_rows(user: pd.DataFrame | None) -> dict[str, tuple[str, str, str]]:
    if user is None or not len(user):
        return {}
    notes = user["note"] if "note" in user.columns else [""] * len(user)
    return {
        norm_alias(a): (norm_alias(actor) if isinstance(actor, str) else "", kind, note if isinstance(note, str) else "")
        for a, actor, kind, note in zip(user["alias"], user["actor"], user["kind"], notes)
    }


def read_aliases(path: str | Path) -> pd.DataFrame:
    """Read an alias table a user corrected (``alias,actor,kind[,note][,group]``; comma, semicolon or tab).

    Raises
    ------
    ConfigError
        The file is missing, a column is missing or unknown, a kind is not one of
        ``ALIAS_KINDS``, an actor is empty, or one alias is given two different actors. The
        message names the file and the line.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(
            f"{path}: no such alias table. Fix: pass the aliases.csv written by a previous "
            f"'chartertext network' run (edited or not), or leave --aliases out."
        )
    text = path.read_text(encoding="utf-8-sig")
    header = text.splitlines()[0] if text.strip() else ""
    delimiter = max((",", ";", "\t"), key=header.count)
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in ("alias", "actor", "kind") if c not in columns]
    unknown = [c for c in columns if c not in ALIAS_FILE_COLUMNS]
    if missing or unknown:
        problem = f"missing column(s) {', '.join(missing)}" if missing else f"unknown column(s) {', '.join(unknown)}"
        raise ConfigError(
            f"{path}: {problem} (found {', '.join(columns) or 'nothing'}). Fix: keep the header alias,actor,kind,note,group."
        )
    rows: list[tuple[str, str, str, str, str]] = []
    first_line: dict[str, tuple[int, str, str]] = {}
    for line, raw in enumerate(reader, start=2):
        row = {k.strip(): unneutralise((v or "").strip()) for k, v in raw.items() if k is not None}
        alias, actor = norm_alias(row.get("alias", "")), norm_alias(row.get("actor", ""))
        if not alias:
            continue
        kind = _KIND_SYNONYMS.get(row.get("kind", "").lower(), row.get("kind", "").lower())
        if kind not in ALIAS_KINDS:
            raise ConfigError(
                f"{path}, line {line}: kind {row.get('kind')!r} for {alias!r} is not one of {', '.join(ALIAS_KINDS)}. "
                f"Fix: write one of them (\"ignore\" drops the alias)."
            )
        if not actor and kind != "ignore":
            raise ConfigError(
                f"{path}, line {line}: {alias!r} has no actor. Fix: write the actor's name, or kind \"ignore\"."
            )
        if alias in first_line and first_line[alias][1:] != (actor, kind):
            raise ConfigError(
                f"{path}, lines {first_line[alias][0]} and {line}: {alias!r} is given to {first_line[alias][1]!r} "
                f"and to {actor!r}. Fix: keep one of the two rows."
            )
        first_line.setdefault(alias, (line, actor, kind))
        rows.append((alias, actor, kind, row.get("note", ""), row.get("group", "")))
    return pd.DataFrame(rows, columns=list(ALIAS_FILE_COLUMNS), dtype=object).drop_duplicates("alias", ignore_index=True)


def write_aliases(aliases: pd.DataFrame, path: str | Path) -> None:
    """Write the alias table as UTF-8 CSV (``ALIAS_FILE_COLUMNS``, ``group`` empty if absent), ready to edit."""
    table = aliases if "group" in aliases.columns else aliases.assign(group="")
    with atomic_path(path) as tmp:
        neutralise_frame(table[list(ALIAS_FILE_COLUMNS)]).to_csv(tmp, index=False, encoding="utf-8")
