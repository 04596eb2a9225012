"""``import chartertext``: the front door, fast, and every name it lists resolves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import chartertext

SRC = str(Path(chartertext.__file__).parents[1])  # this tree's code, for the subprocess


def test_facade_import_loads_neither_torch_nor_bertopic():
    probe = (
        "import sys, chartertext as ct; ct.RunConfig; ct.__version__; "
        "print(','.join(sorted(m for m in ('torch', 'bertopic', 'umap', 'sentence_transformers', 'spacy') if m in sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": SRC}, check=True
    )
    assert done.stdout.strip() == ""


@pytest.mark.parametrize("name", [n for n in chartertext.__all__ if n != "__version__"])
def test_facade_each_name_resolves_to_its_defining_object(name):
    value = getattr(chartertext, name)
    assert getattr(value, "__name__", None) == name
    assert name in dir(chartertext)


def test_facade_unknown_name_is_an_attribute_error_naming_it():
    with pytest.raises(AttributeError, match="no_such_thing"):
        chartertext.no_such_thing  # noqa: B018


def test_facade_version_is_a_string():
    assert isinstance(chartertext.__version__, str) and chartertext.__version__
