"""The value lexicon: named shared values and the French word forms that speak of them.

A charter of a social-action network names values (dignité, écoute, solidarité, ...); minutes
speak of them in many forms ("digne", "écouter", "solidaires", "le pouvoir d’agir"). A
:class:`ValueLexicon` maps each value to its forms and finds them in text, so later stages can
tell when each group starts to speak of each value.

The lexicon is configuration, loaded from TOML or YAML of this shape::

    [[value]]
    name = "dignité"
    terms = ["dignité", "digne", "dignes"]

or, in YAML, ``value: [{name: dignité, terms: [dignité, digne, dignes]}]``. The bundled French
default (``chartertext/data/values_fr.toml``) is used when no file is given.

Matching rules (:meth:`ValueLexicon.find`):

- case-insensitive, but accents are significant: "égalité" matches "Égalité", never "egalite";
- whole words, where every Unicode letter or digit (é, œ, ç ...) is part of a word, so
  "respect" does not match inside "respectivement" nor "égal" inside "également";
- an apostrophe ends a word: "l'accueil" and "d’écoute" match "accueil" and "écoute";
  in a term, ``'`` stands for any of ``'``, ``’`` and ``ʼ``;
- in a multiword term, a space stands for any run of whitespace (a PDF line break included)
  and a hyphen for any of ``-``, ``‐`` and ``‑``;
- at one position the longest term wins, and occurrences never overlap, so
  "non-discrimination" is one occurrence, not two.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

#: Where the bundled default lives, and how :attr:`ValueLexicon.source` names it.
BUNDLED_LEXICON = "values_fr.toml"
BUNDLED_SOURCE = f"bundled:{BUNDLED_LEXICON}"

#: Keys a lexicon file may hold, at the top and in each ``[[value]]`` table.
TOP_LEVEL_KEYS: tuple[str, ...] = ("value", "description")
VALUE_KEYS: tuple[str, ...] = ("name", "terms")

#: File extensions :func:`load_lexicon` reads.
LEXICON_SUFFIXES: tuple[str, ...] = (".toml", ".yaml", ".yml")

_APOSTROPHES = "'’ʼ"
_HYPHENS = "-‐‑"
# Combining accents count as letters too, so a stray decomposed "é" never ends a word.
_WORD_CHAR = r"[\w\u0300-\u036f]"
_WORD = re.compile(f"{_WORD_CHAR}+")


@dataclass(frozen=True)
class Value:
    """One shared value and the word forms that speak of it.

    Attributes
    ----------
    name : str
        The value as a charter names it ("dignité", "pouvoir d'agir").
    terms : tuple of str
        Lowercase word forms and lemma variants, accents kept, NFC; multiword terms allowed
        ("justice sociale", "personne au cœur").
    """

    name: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class ValueLexicon:
    """A set of values and the matcher that finds them in text.

    Attributes
    ----------
    values : tuple of Value
        In file order; names and terms are unique across values when built by
        :func:`load_lexicon`, which validates them.
    source : str
        ``"bundled:values_fr.toml"`` for the default, else the path of the file read.

    Examples
    --------
    >>> lexicon = load_lexicon()
    >>> lexicon.find("Une écoute respectueuse, respectivement.")
    [('écoute', 4, 10), ('respect', 11, 23)]
    """

    values: tuple[Value, ...]
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        """Value names, in file order."""
        return tuple(value.name for value in self.values)

    @cached_property
    def _index(self) -> dict[str, tuple[tuple[re.Pattern[str], str], ...]]:
        """For each first word of a term, the terms starting with it (longest first) and their value."""
        owner = {_term_key(term): value.name for value in self.values for term in value.terms}
        index: dict[str, list[tuple[str, str]]] = {}
        for key, name in owner.items():
            first = _WORD.match(key)
            if first is not None:  # load_lexicon ensures every term starts with a word
                index.setdefault(first.group().casefold(), []).append((key, name))
        # Longest first, so a value's "justice sociale" wins over another value's "justice".
        return {
            word: tuple(
                (re.compile(rf"{_term_regex(key)}(?!{_WORD_CHAR})", re.IGNORECASE), name)
                for key, name in sorted(candidates, key=lambda item: (-len(item[0]), item[0]))
            )
            for word, candidates in index.items()
        }

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """Occurrences of the lexicon's values in a text.

        Parameters
        ----------
        text : str
            Any text, ideally NFC-normalised (the normalise stage does that).

        Returns
        -------
        list of (str, int, int)
            ``(value name, start, end)`` for each occurrence, in reading order, non-overlapping;
            ``text[start:end]`` is the form as written.
        """
        index = self._index
        found: list[tuple[str, int, int]] = []
        covered = 0
        # Trying only the terms that start with each word is ~40x faster than one big
        # alternation regex tried at every position (measured on the demo charter).
        for word in _WORD.finditer(text):
            if word.start() < covered:
                continue
            for pattern, name in index.get(word.group().casefold(), ()):
                match = pattern.match(text, word.start())
                if match is not None:
                    found.append((name, match.start(), match.end()))
                    covered = match.end()
                    break
        return found


def count_words(text: str) -> int:
    """Words of ``text`` as :meth:`ValueLexicon.find` reads them: the exposure of a mention rate.

    A word is a run of letters or digits (accented letters included); an apostrophe or a hyphen
    ends it, so "l'écoute" is two words and "non-discrimination" two. Counting with the matcher's
    own notion of a word keeps mentions and words on one scale.

    Examples
    --------
    >>> count_words("L'écoute, d’abord : non-discrimination 2024.")
    7
    """
    return sum(1 for _ in _WORD.finditer(text))


def load_lexicon(path: str | Path | None = None) -> ValueLexicon:
    """Load a value lexicon from a TOML or YAML file, or the bundled French default.

    Parameters
    ----------
    path : str or Path or None, default None
        A ``.toml``, ``.yaml`` or ``.yml`` file with a list of ``value`` tables, each with
        ``name`` and ``terms``; None loads ``chartertext/data/values_fr.toml``.

    Returns
    -------
    ValueLexicon
        Terms lowercased and NFC-normalised, duplicates within a value dropped.

    Raises
    ------
    ConfigError
        The file is missing, unreadable or of another type; a key is unknown; a value has no
        name or no terms; two values share a name; a term belongs to two values.
    """
    if path is None:
        bundled = resources.files("chartertext").joinpath("data").joinpath(BUNDLED_LEXICON)
        return _build(_parse_toml(bundled.read_text("utf-8"), BUNDLED_SOURCE), BUNDLED_SOURCE)
    file = Path(path)
    source = str(path)
    suffix = file.suffix.lower()
    if suffix not in LEXICON_SUFFIXES:
        raise ConfigError(
            f"{source}: a value lexicon must be a {', '.join(LEXICON_SUFFIXES)} file, "
            f'not "{suffix or "a file without extension"}". Convert it to TOML or YAML '
            f"(see chartertext/data/{BUNDLED_LEXICON} for the shape)"
        )
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(
            f"{source}: value lexicon file not found. Check the path, or omit it to use the "
            "bundled French lexicon"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{source}: cannot read the value lexicon ({exc}). Save it as UTF-8 text"
        ) from exc
    data = _parse_toml(text, source) if suffix == ".toml" else _parse_yaml(text, source)
    return _build(data, source)


def _parse_toml(text: str, source: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML ({exc}). Fix the syntax at that line") from exc


def _parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: invalid YAML ({exc}). Fix the syntax at that line") from exc


def _build(data: Any, source: str) -> ValueLexicon:
    if not isinstance(data, Mapping):
        raise ConfigError(
            f"{source}: a value lexicon must be a table holding a list of `value` entries. "
            "Start each value with [[value]] (TOML) or list them under `value:` (YAML)"
        )
    _reject_unknown(data, TOP_LEVEL_KEYS, source, "at the top level")
    entries = data.get("value")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(
            f"{source}: no values found (expected a non-empty list under `value`). "
            "Add at least one [[value]] with a name and terms"
        )
    values: list[Value] = []
    number_of_name: dict[str, int] = {}
    owner_of_term: dict[str, str] = {}
    for number, entry in enumerate(entries, start=1):
        value = _read_value(entry, number, source)
        first = number_of_name.setdefault(value.name.lower(), number)
        if first != number:
            raise ConfigError(
                f'{source}: duplicate value name "{value.name}" in values #{first} and #{number}. '
                "Merge their terms into one value"
            )
        terms: list[str] = []
        for term in value.terms:
            owner = owner_of_term.setdefault(_term_key(term), value.name)
            if owner != value.name:
                raise ConfigError(
                    f'{source}: the term "{term}" is claimed by two values, "{owner}" and '
                    f'"{value.name}". Keep it in one of them'
                )
            if term not in terms:
                terms.append(term)
        values.append(Value(name=value.name, terms=tuple(terms)))
    return ValueLexicon(values=tuple(values), source=source)


def _read_value(entry: Any, number: int, source: str) -> Value:
    """One ``[[value]]`` table, checked and normalised (terms may still repeat)."""
    where = f"value #{number}"
    if not isinstance(entry, Mapping):
        raise ConfigError(
            f"{source}: {where} is not a table with `name` and `terms`. "
            'Write it as [[value]] name = "..." terms = ["..."]'
        )
    _reject_unknown(entry, VALUE_KEYS, source, f"in {where}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f'{source}: {where} has no name. Give it a `name` string such as "dignité"')
    name = unicodedata.normalize("NFC", name.strip())
    where = f'value "{name}" (#{number})'
    raw_terms = entry.get("terms")
    if not isinstance(raw_terms, list) or not raw_terms:
        raise ConfigError(
            f'{source}: {where} has no terms. List its word forms, e.g. terms = ["{name.lower()}"]'
        )
    terms: list[str] = []
    for raw in raw_terms:
        if not isinstance(raw, str):
            raise ConfigError(
                f"{source}: {where} has a term that is not text ({raw!r}). "
                "Quote every term (YAML reads yes/no/on/off as booleans)"
            )
        term = " ".join(unicodedata.normalize("NFC", raw).lower().split())
        if not _WORD.match(term):
            raise ConfigError(
                f'{source}: {where} has a term that does not start with a letter ("{term}"). '
                "Remove it or start it with the word it begins with"
            )
        terms.append(term)
    return Value(name=name, terms=tuple(terms))


def _reject_unknown(table: Mapping[str, Any], allowed: tuple[str, ...], source: str, where: str) -> None:
    unknown = [f'"{key}"' for key in table if key not in allowed]
    if unknown:
        raise ConfigError(
            f"{source}: unknown key(s) {', '.join(unknown)} {where}. "
            f"Allowed keys: {', '.join(allowed)}"
        )


def _term_key(term: str) -> str:
    """One spelling per term: lowercase, straight apostrophe, plain hyphen, single spaces."""
    key = term.lower()
    key = re.sub(f"[{_APOSTROPHES}]", "'", key)
    key = re.sub(f"[{_HYPHENS}]", "-", key)
    return " ".join(key.split())


def _term_regex(key: str) -> str:
    parts: list[str] = []
    for char in key:
        if char == "'":
            parts.append(f"[{_APOSTROPHES}]")
        elif char == "-":
            parts.append(f"[{_HYPHENS}]")
        elif char == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
    return "".join(parts)
