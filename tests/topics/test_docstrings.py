"""The Examples in the topics modules' docstrings run and hold.

(chartertext is a namespace package, which pytest's --doctest-modules cannot import.)
"""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ("stopwords", "vocabulary", "config", "guided", "over_time", "sampling")


@pytest.mark.parametrize("name", MODULES)
def test_docstrings_examples_hold(name, nlp_fr):
    module = importlib.import_module(f"chartertext.topics.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
