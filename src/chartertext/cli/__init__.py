"""The ``chartertext`` command: a thin layer over the Python API.

Library errors (the :class:`~chartertext.errors.ChartertextError` family) become one clean
line and a non-zero exit at a single boundary, :class:`_Group`, never a traceback.
"""

from __future__ import annotations

import sys

import typer
from typer.core import TyperGroup

from ..errors import ChartertextError


class _Group(TyperGroup):
    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except ChartertextError as exc:
            # typer vendors its own click, so click.ClickException would not be recognised here.
            print(f"Error: {exc}", file=sys.stderr)
            raise typer.Exit(code=1) from exc


app = typer.Typer(
    cls=_Group,
    help="Qualitative text mining of French minutes and charters.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"chartertext {version('chartertext')}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Qualitative text mining of French minutes and charters."""


from . import ingest as _ingest  # noqa: E402  (each command module registers itself on app)
from . import report as _report  # noqa: E402
from . import topics as _topics  # noqa: E402
from . import compare as _compare  # noqa: E402
from . import network as _network  # noqa: E402
from . import batch as _batch  # noqa: E402

_ingest.register(app)
_topics.register(app)
_report.register(app)
_compare.register(app)
_network.register(app)
_batch.register(app)


def main() -> None:
    app(prog_name="chartertext")
