"""The ``chartertext`` command: a thin layer over the Python API.

Every error becomes one line and a non-zero exit at a single boundary, :class:`_Group`, never
a traceback: library errors (the :class:`~chartertext.errors.ChartertextError` family) and
operating-system errors (a bad --out path) exit 1 with the fix; anything else is a bug,
exits 2 and says how to report it. Outputs are staged and renamed into place, so none is
left half-written. SIGTERM (cron, a scheduler, ``kill``) unwinds like Ctrl-C, so temporary
files are removed.
"""

from __future__ import annotations

import signal
import sys

import typer
from typer._click.exceptions import ClickException, TyperException
from typer.core import TyperGroup

from ..csvsafe import raw_csv
from ..errors import ChartertextError
from .terminal import clean

#: Exit codes: a user-caused error, and a chartertext bug.
USER_ERROR, BUG = 1, 2


class _Group(TyperGroup):
    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            with raw_csv(bool(ctx.params.get("raw_csv"))):
                return super().invoke(ctx)
        except (typer.Exit, typer.Abort, ClickException, TyperException):
            raise  # usage errors and exits: typer prints them itself
        except ChartertextError as exc:
            # typer vendors its own click, so click.ClickException would not be recognised here.
            _fail(str(exc), USER_ERROR, exc)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(
                f"{where}{exc.strerror or exc}. Check that the path exists, that its parent is a folder, "
                "and that you may write there (or choose another --out).",
                USER_ERROR,
                exc,
            )
        except Exception as exc:  # noqa: BLE001 - the one place a bug becomes a line, not a traceback
            _fail(
                f"unexpected {type(exc).__name__}: {exc}. This is a chartertext bug: please report it "
                "with the command you ran and this message (no output was left half-written).",
                BUG,
                exc,
            )


def _fail(message: str, code: int, exc: BaseException) -> None:
    print(f"Error: {clean(message)}", file=sys.stderr)
    raise typer.Exit(code=code) from exc


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")  # unwinds every `finally`: staging files are removed


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
    raw_csv: bool = typer.Option(
        False, "--raw-csv", help="Write CSV cells as they are: no ' before cells starting with = + - @ (see README, Safety)."
    ),
) -> None:
    """Qualitative text mining of French minutes and charters."""


from . import batch as _batch  # noqa: E402
from . import compare as _compare  # noqa: E402
from . import ingest as _ingest  # noqa: E402  (each command module registers itself on app)
from . import network as _network  # noqa: E402
from . import report as _report  # noqa: E402
from . import topics as _topics  # noqa: E402

_ingest.register(app)
_topics.register(app)
_report.register(app)
_compare.register(app)
_network.register(app)
_batch.register(app)


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    app(prog_name="chartertext")
