"""The --group-by, --group-pick and --where options, shared by ingest, topics, report and batch."""

from __future__ import annotations

import typer

GROUP_BY = typer.Option(
    None,
    "--group-by",
    help=(
        'What a group is: "group" (default: manifest, front matter or folder), "speaker", "speaker.group" '
        '(actor table), or a document FIELD: a metadata key (manifest column, front-matter key, e.g. '
        '"categories"), kind, year, format, "folder:N" (N-th folder, 1 = top) or "name:REGEX" '
        "(first capture group, or the whole match, of a pattern on the file name)."
    ),
)
GROUP_PICK = typer.Option(
    None,
    "--group-pick",
    help='When the FIELD holds a list: "first" (default) or accepted values in priority order, '
    '"Plénière,Éducation" (the first one the document has; documents with none get no group).',
)
WHERE = typer.Option(
    None,
    "--where",
    help="Keep only documents whose FIELD equals VALUE (a list field: contains it), FIELD=VALUE; "
    "repeat for several (all must hold). Case-insensitive, accents compared.",
)
