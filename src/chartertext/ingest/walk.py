"""Every file under a corpus folder, and what ingestion does with it.

A walk sorts each file into one of three: a document to read, a file skipped on purpose
(:class:`~chartertext.records.SkippedFile`, with the reason; never an error) or a file refused
(:class:`~chartertext.records.IngestError`, with the reason and the fix). Nothing is passed over
silently: files found = documents to read + skipped + refused, and
:mod:`chartertext.ingest.accounting` gives each its final status once the documents are read.

Skipped, by the first reason that applies: lock and temporary files of office suites and
systems (``~$cr.docx``, ``.~lock.cr.odt#``, ``*.tmp``, ``Thumbs.db``, ``.DS_Store``), hidden
files, the files of a hidden folder (``.git``: one record per folder, with its file count, so a
repository's thousands of objects do not drown the list) and of a few folders that never hold
the corpus's text (``node_modules``; in a Jekyll or Hugo site, its templates and the pages it
generated, which repeat every post: ``_layouts``, ``_includes``, ``_sass``, ``_site``;
``layouts``, ``themes``, ``archetypes``, ``public``, ``resources``), the corpus's own description (README,
licence, changelog, SOURCE, the manifest) and files that are not text documents by their
extension (images and SVG, audio, video, fonts, web and code files, archives…). Folders whose
name starts with "_" are read like any other: static-site generators keep their collections
there (Jekyll ``_posts/``, ``_cr/``).

A file whose extension is neither read nor known as a non-document (``.xls``, ``.pptx``…) is
refused with the reader's conversion hint: it may be minutes the user expects to see analysed.
A link pointing outside the corpus folder is refused and never followed.

With a manifest, the manifest says which files are documents: a file it does not list is
skipped as "not listed in manifest.csv" unless a more specific reason applies.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import ChartertextError, DocumentError
from ..records import IngestError, SkippedFile
from .encoding import decode_file_name
from .manifest import MANIFEST_NAME
from .partition import SourceFile
from .readers import SUPPORTED_EXTENSIONS, read_document

__all__ = ["READ_EXTENSIONS", "Walk", "skip_reason", "walk_corpus"]

#: Extensions a walk sends to the readers: every reader's, and SCDL deliberation tables (.csv).
READ_EXTENSIONS: tuple[str, ...] = (*SUPPORTED_EXTENSIONS, ".csv")

HIDDEN_FILE = "hidden file"
HIDDEN_FOLDER = "hidden folder"
DEPENDENCIES = "software dependencies, not documents"
SITE_MACHINERY = "static-site templates or generated pages (they repeat the site's own documents)"
LOCK_FILE = "lock or temporary file"
DESCRIBES_CORPUS = "describes the corpus (README, licence, changelog, sources)"
MANIFEST = "the corpus manifest (metadata, not a document)"
NOT_LISTED = "not listed in manifest.csv"
FOLDER_LINK = "link to a folder inside the corpus, not followed (its files are read where they are)"

_DESCRIBES = {"readme", "source", "sources", "licence", "license", "changelog", "manifest", "copying", "authors",
              "contributing"}  # fmt: skip
_LOCK_NAMES = {"thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store"}
_LOCK_PREFIXES = ("~$", ".~lock.", "~lock.")
_LOCK_SUFFIXES = (".tmp", ".temp", ".swp", ".swo", ".crdownload", ".part", "~")
_NOT_TEXT_KINDS: dict[str, tuple[str, ...]] = {
    "image": (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".svg", ".ico", ".heic", ".heif",
              ".avif", ".psd", ".ai", ".eps", ".xcf"),
    "audio": (".mp3", ".wav", ".ogg", ".oga", ".flac", ".m4a", ".aac", ".wma", ".opus"),
    "video": (".mp4", ".mov", ".avi", ".mkv", ".webm", ".wmv", ".m4v", ".mpg", ".mpeg", ".flv"),
    "font": (".ttf", ".otf", ".woff", ".woff2", ".eot"),
    "web or code file": (".css", ".scss", ".sass", ".less", ".js", ".mjs", ".cjs", ".ts", ".map", ".json", ".yml",
                         ".yaml", ".toml", ".xml", ".rss", ".atom", ".webmanifest", ".liquid", ".lock", ".py",
                         ".pyc", ".rb", ".php", ".sh", ".bat", ".ps1", ".ini", ".cfg", ".conf", ".gemspec"),
    "archive": (".zip", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar"),
    "program or data file": (".exe", ".dll", ".so", ".dylib", ".bin", ".dmg", ".iso", ".msi", ".apk", ".db",
                             ".sqlite", ".sqlite3", ".parquet", ".pkl", ".npy"),
}  # fmt: skip
_NOT_TEXT = {ext: kind for kind, exts in _NOT_TEXT_KINDS.items() for ext in exts}
#: Files of static-site and build tools, named without an extension.
_SITE_FILES = {"gemfile", "cname", "makefile", "rakefile", "procfile", "dockerfile"}
#: A static-site generator's configuration file at the corpus root → its folders that hold no document of its own.
#: Content (``_posts``, ``content``), attachments (``assets``, ``static``) and data stay read.
_JEKYLL = ("_layouts", "_includes", "_sass", "_site")
_HUGO = ("layouts", "themes", "archetypes", "public", "resources")
_SITE_MACHINERY = {"_config.yml": _JEKYLL, "_config.yaml": _JEKYLL, "_config.toml": _JEKYLL,
                   "hugo.toml": _HUGO, "hugo.yaml": _HUGO, "hugo.json": _HUGO}  # fmt: skip


@dataclass(frozen=True)
class Walk:
    """What a walk of a corpus folder found.

    Attributes
    ----------
    documents : tuple of SourceFile
        Files to read, in the walk's sorted order; with a manifest, the files it lists that are
        on disk (the manifest rows, not these, say how to read them).
    skipped : tuple of SkippedFile
        Sorted by path.
    errors : tuple of IngestError
        Files refused before reading (unsupported extension, link leaving the folder).
    """

    documents: tuple[SourceFile, ...]
    skipped: tuple[SkippedFile, ...]
    errors: tuple[IngestError, ...]

    @property
    def n_files(self) -> int:
        """Files found: every file under the folder, a hidden folder's files included."""
        return len(self.documents) + sum(s.files for s in self.skipped) + len(self.errors)


def skip_reason(name: str, *, at_root: bool = False) -> str | None:
    """Why a file of this name is not a document, or None when it may be one.

    Parameters
    ----------
    name : str
        The file name, without its folder.
    at_root : bool, default False
        Whether the file sits in the corpus folder itself (where ``manifest.csv`` lives).

    Examples
    --------
    >>> skip_reason("~$cr-mars.docx")
    'lock or temporary file'
    >>> skip_reason("logo.svg")
    'not a text document (image)'
    >>> skip_reason("README.md")
    'describes the corpus (README, licence, changelog, sources)'
    >>> skip_reason("cr-mars.docx") is None, skip_reason("tableau.xls") is None
    (True, True)
    """
    lower = name.lower()
    stem, suffix = os.path.splitext(lower)
    if lower in _LOCK_NAMES or lower.startswith(_LOCK_PREFIXES) or lower.endswith(_LOCK_SUFFIXES):
        return LOCK_FILE
    if lower.startswith("."):
        return HIDDEN_FILE
    if at_root and lower == MANIFEST_NAME:
        return MANIFEST
    if stem in _DESCRIBES or stem.split("-")[0] in _DESCRIBES:
        return DESCRIBES_CORPUS
    if suffix in READ_EXTENSIONS:
        return None  # a reader's extension wins over the table below, whatever readers are added
    kind = _NOT_TEXT.get(suffix) or ("site or build file" if not suffix and lower in _SITE_FILES else None)
    return f"not a text document ({kind})" if kind else None


def walk_corpus(root: Path, listed: Collection[Path] | None = None) -> Walk:
    """Sort every file under ``root`` into documents, skipped files and refused files.

    Parameters
    ----------
    root : Path
        The corpus folder, resolved. Nothing outside it is read, and links are not followed.
    listed : collection of Path or None, default None
        With a manifest, the resolved files its rows name: those are the documents, and any
        other file is skipped. None walks without a manifest.

    Returns
    -------
    Walk
        ``walk.n_files`` is the number of files under ``root``.
    """
    documents: list[SourceFile] = []
    skipped: list[SkippedFile] = []
    errors: list[IngestError] = []
    folders: dict[tuple[str, str], int] = {}  # (the outermost skipped folder, why) → files in it
    machinery = {name for config, names in _SITE_MACHINERY.items() if (root / config).is_file() for name in names}

    def outside(rel: str, what: str) -> None:
        if listed is None:
            errors.append(IngestError(rel, f"symbolic link{' to a folder' if what == 'folder' else ''} pointing "
                                      f"outside the corpus folder", f"copy the {what} into the corpus folder"))
        else:
            skipped.append(SkippedFile(rel, NOT_LISTED))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        rel_dir = PurePosixPath(here.relative_to(root).as_posix())
        top = _skipped_folder(rel_dir.parts, machinery)
        dirnames.sort()
        for name in [d for d in dirnames if (here / d).is_symlink()]:
            dirnames.remove(name)  # os.walk does not descend into them; say so
            if top is None:
                rel = decode_file_name(f"{rel_dir / name}")
                if (here / name).resolve().is_relative_to(root):
                    skipped.append(SkippedFile(rel, FOLDER_LINK))
                else:
                    outside(rel, "folder")
        for name in sorted(filenames):
            file = here / name
            rel = decode_file_name(file.relative_to(root).as_posix())  # the file is still opened by its own bytes
            if listed is not None and (file in listed or (file.is_symlink() and file.resolve() in listed)):
                documents.append(SourceFile(file, rel))
            elif top is not None:
                folders[top] = folders.get(top, 0) + 1
            elif file.is_symlink() and not file.resolve().is_relative_to(root):
                outside(rel, "file")
            elif (reason := skip_reason(name, at_root=here == root)) is not None:
                skipped.append(SkippedFile(rel, reason))
            elif listed is not None:
                skipped.append(SkippedFile(rel, NOT_LISTED))
            elif file.suffix.lower() in READ_EXTENSIONS:
                documents.append(SourceFile(file, rel))
            else:
                errors.append(_refused(file, rel))
    skipped.extend(SkippedFile(f"{decode_file_name(path)}/", reason, n) for (path, reason), n in folders.items())
    return Walk(tuple(documents), tuple(sorted(skipped, key=lambda s: s.path)), tuple(errors))


def _skipped_folder(parts: tuple[str, ...], machinery: Collection[str]) -> tuple[str, str] | None:
    """The outermost skipped folder among ``parts`` (a folder's path) and why, or None."""
    for i, part in enumerate(parts):
        reason = (HIDDEN_FOLDER if part.startswith(".") else DEPENDENCIES if part == "node_modules"
                  else SITE_MACHINERY if i == 0 and part in machinery else None)  # fmt: skip
        if reason:
            return "/".join(parts[: i + 1]), reason
    return None


def _refused(file: Path, rel: str) -> IngestError:
    """The readers' own refusal of an extension they do not read, with its conversion hint."""
    try:
        read_document(file, rel)  # refuses an unsupported extension before opening the file
    except DocumentError as exc:
        return IngestError(exc.path, exc.reason, exc.fix)
    raise ChartertextError(f"{rel}: read although its extension is not a reader's (a chartertext bug)")
