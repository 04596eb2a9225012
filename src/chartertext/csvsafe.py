"""CSV cells a spreadsheet will not run: every CSV chartertext writes goes through here.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel and LibreOffice (``=HYPERLINK(...)`` in a document title, a group named
``@SUM(...)``). As OWASP recommends, such a text cell is written with a leading single quote
(``'=HYPERLINK(...)``), which spreadsheets show as text. Numbers are not text: ``-3`` in a
numeric column stays a number. :func:`unneutralise` undoes it for files we read back (an edited
``aliases.csv``). ``chartertext --raw-csv COMMAND`` (or :func:`raw_csv` in Python) writes
cells as they are, for tools that never evaluate them.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd

__all__ = ["FORMULA_START", "neutralise", "neutralise_frame", "neutralise_row", "raw_csv", "unneutralise"]

#: First characters that make a spreadsheet evaluate a cell.
FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

_RAW: contextvars.ContextVar[bool] = contextvars.ContextVar("chartertext_raw_csv", default=False)


@contextmanager
def raw_csv(enabled: bool = True) -> Iterator[None]:
    """Within the block, CSV cells are written as they are (``enabled=False``: neutralised)."""
    token = _RAW.set(enabled)
    try:
        yield
    finally:
        _RAW.reset(token)


def is_raw() -> bool:
    """Whether CSV cells are currently written as they are."""
    return _RAW.get()


def neutralise(value: Any) -> Any:
    """``value`` with a leading ``'`` if it is text a spreadsheet would read as a formula.

    Text that already starts with quotes before a formula character ("'-") gets one more, so
    that :func:`unneutralise` gives back exactly what was written.

    >>> neutralise("=1+1"), neutralise("-3"), neutralise(-3), neutralise("Mme Dupont"), neutralise("'-")
    ("'=1+1", "'-3", -3, 'Mme Dupont', "''-")
    """
    if isinstance(value, str) and _looks_like_formula(value) and not _RAW.get():
        return "'" + value
    return value


def _looks_like_formula(value: str) -> bool:
    """A formula, or a formula behind quotes (which :func:`unneutralise` would take one quote from)."""
    return value.lstrip("'").startswith(FORMULA_START)


def neutralise_row(row: Iterable[Any]) -> list[Any]:
    """A row for :func:`csv.writer`, each cell through :func:`neutralise`."""
    return [neutralise(cell) for cell in row]


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells go through :func:`neutralise` (numbers untouched)."""
    if _RAW.get():
        return frame
    frame = frame.copy()
    for column in frame.columns:
        if not (pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(frame[column])):
            frame[column] = frame[column].map(neutralise, na_action="ignore")
    return frame


def unneutralise(value: str) -> str:
    """Undo :func:`neutralise` on a cell read back from a CSV chartertext wrote.

    >>> unneutralise("'=1+1"), unneutralise("'tis"), unneutralise("''-")
    ('=1+1', "'tis", "'-")
    """
    if value.startswith("'") and _looks_like_formula(value[1:]):
        return value[1:]
    return value


def flatten_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose list and tuple cells are ``" | "``-joined text, which every spreadsheet reads.

    Examples
    --------
    >>> flatten_lists(pd.DataFrame({"ids": [["a", "b"], ()], "n": [1, 2]}))["ids"].tolist()
    ['a | b', '']
    """
    frame = frame.copy()
    for col in frame.columns:
        if frame[col].map(lambda v: isinstance(v, list | tuple)).any():
            frame[col] = frame[col].map(lambda v: " | ".join(map(str, v)) if isinstance(v, list | tuple) else v)
    return frame
