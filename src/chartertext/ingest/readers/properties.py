"""Metadata from a file's own properties that several formats share: the creation date."""

from __future__ import annotations

import datetime as dt

__all__ = ["created_field"]


def created_field(created: dt.date | dt.datetime | None) -> dict[str, str]:
    """The file's creation date, kept as ``created``: it is when the file was made, not
    when the meeting took place, so it must not fill ``date``.

    Parameters
    ----------
    created : datetime.date or datetime.datetime or None
        The creation date read from the file's properties (PDF, Word, ODT), if any.

    Returns
    -------
    dict of str to str
        ``{"created": "YYYY-MM-DD"}``, or ``{}`` when there is no date or it is before
        1990 or in the future (template defaults, broken clocks).
    """
    if created is None:
        return {}
    day = created.date() if isinstance(created, dt.datetime) else created
    if not dt.date(1990, 1, 1) <= day <= dt.date.today():  # template defaults, broken clocks
        return {}
    return {"created": day.isoformat()}
