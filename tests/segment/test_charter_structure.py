"""Tests for chartertext.segment.charter_structure: the articles of a segmented charter."""

from __future__ import annotations

import doctest

import pandas as pd

from chartertext.segment import charter_structure
from chartertext.segment.charter_structure import group_articles


def test_charter_structure_docstring_examples_hold():
    result = doctest.testmod(charter_structure, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_group_articles_splits_a_heading_interrupted_by_another_kind():
    charter = pd.DataFrame(
        {
            "kind": ["article", "title", "article", "list_item"],
            "heading": ["Article 1", None, "Article 1", None],
            "text": ["Dignité.", "Titre II", "Respect.", "écoute"],
        }
    )
    articles = group_articles(charter)
    assert [rows.tolist() for _, _, rows in articles] == [[0], [2], [3]]
    assert [heading for heading, _, _ in articles] == ["Article 1", "Article 1", None]
