"""The errors a user can meet, all under one family so the CLI can catch them at one boundary.

Each message says what was found, why it is a problem and what to do about it, at the raise site.
"""

from __future__ import annotations


class ChartertextError(Exception):
    """Base of every error chartertext raises on purpose (bad input, bad configuration)."""


class DocumentError(ChartertextError):
    """One document cannot be read. Carries the file, the reason and the fix.

    Parameters
    ----------
    path : str
        The file, as the user named it (relative to the corpus folder when there is one).
    reason : str
        What is wrong with it.
    fix : str
        What the user can do.
    """

    def __init__(self, path: str, reason: str, fix: str) -> None:
        self.path = path
        self.reason = reason
        self.fix = fix
        super().__init__(f"{path}: {reason}. {fix}")


class CorpusError(ChartertextError):
    """The corpus as a whole is unusable (missing folder, unreadable manifest, no documents)."""


class ConfigError(ChartertextError):
    """A configuration file or option is wrong (unknown key, bad value)."""


class ModelUnavailableError(ChartertextError):
    """A model cannot be loaded offline; the message says how to provide it."""
