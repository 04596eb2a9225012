"""Plain text and Markdown: the decoded text as written, Markdown front matter as fields.

Markdown headings, list markers and emphasis are kept: the first two are signal for
segmentation, the last is left to normalisation.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from chartertext.errors import DocumentError
from chartertext.ingest.encoding import decode_text
from chartertext.ingest.limits import IngestLimits
from chartertext.ingest.raw import RawDocument

__all__ = ["read_md", "read_txt"]


def read_txt(data: bytes, shown: str) -> RawDocument:
    """Read a ``.txt`` file: its decoded text as one page (see :func:`decode_text`)."""
    text, warnings = decode_text(data, shown)
    return RawDocument(pages=(text,), format="txt", warnings=tuple(warnings))


_FENCE_OPEN = re.compile(r"---[ \t]*\r?\n")
_FENCE_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def read_md(data: bytes, shown: str, limits: IngestLimits | None = None) -> RawDocument:
    """Read a Markdown file: YAML front matter (``---`` fenced) to fields, the rest as one page.

    Raises
    ------
    DocumentError
        For front matter that is never closed, is not valid ``key: value`` YAML, is larger
        than ``limits.max_front_matter_bytes`` or uses YAML aliases (``*name``, which can
        multiply a few hundred bytes into gigabytes).
    """
    text, warnings = decode_text(data, shown)
    fields: dict[str, str | tuple[str, ...]] = {}
    if _FENCE_OPEN.match(text):
        text = text.replace("\r\n", "\n")
        close = _FENCE_CLOSE.search(text, text.index("\n") + 1)
        if close is None:
            raise DocumentError(shown, "front matter opened by '---' on line 1 is never closed",
                                "Add a '---' line after the metadata, or remove line 1")
        fields = _front_matter(text[text.index("\n") + 1 : close.start()], shown, limits or IngestLimits())
        text = text[close.end() :].lstrip("\n")
    return RawDocument(pages=(text,), format="md", fields=fields, field_source="front_matter",
                       warnings=tuple(warnings))


def _front_matter(block: str, shown: str, limits: IngestLimits) -> dict[str, str | tuple[str, ...]]:
    size = len(block.encode("utf-8"))
    if size > limits.max_front_matter_bytes:
        raise DocumentError(shown, f"the YAML front matter is {size:,} bytes, over the limit of "
                            f"{limits.max_front_matter_bytes:,} (limits.max_front_matter_bytes)",
                            "Keep only the metadata (date, group, title…) between the '---' lines")
    # BaseLoader keeps every scalar as written: "2021-04-09" stays ISO, "19:30" is not read
    # as the sexagesimal 1170, "007" keeps its zeros, "non" and "off" are not booleans.
    try:
        # Scanning is linear in the text; only composing aliases can blow up, so refuse them first.
        if any(isinstance(token, yaml.AliasToken) for token in yaml.scan(block, Loader=yaml.BaseLoader)):
            raise DocumentError(shown, "the YAML front matter uses aliases (*name), which metadata never needs",
                                "Write each value in full instead of referring to an anchor (&name)")
        loaded = yaml.load(block, Loader=yaml.BaseLoader)  # noqa: S506 - builds no objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""  # +1 fence, +1 one-based
        problem = getattr(exc, "problem", None) or str(exc)
        raise DocumentError(shown, f"malformed YAML front matter{where}: {problem}",
                            "Write one 'key: value' per line between the '---' lines; "
                            "quote values that contain ': ' or start with a special character"
                            ) from exc
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise DocumentError(shown, "the front matter is not a list of 'key: value' lines",
                            "Write one 'key: value' per line between the '---' lines")
    return {str(key): _as_list(value) if isinstance(value, list) else _as_field(value) for key, value in loaded.items()}


def _as_list(values: list[Any]) -> tuple[str, ...]:
    """A top-level list stays a tuple of its items: "Compte-rendu, Plénière" must not be re-split."""
    return tuple(_as_field(v) for v in values)


def _as_field(value: Any) -> str:
    """BaseLoader gives strings, lists and mappings: nested lists become "a, b", mappings YAML."""
    if isinstance(value, list):
        return ", ".join(_as_field(v) for v in value)
    if isinstance(value, dict):
        return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True).strip()
    return str(value)

