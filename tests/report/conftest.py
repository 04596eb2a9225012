"""One report of the demo corpus per test session, shared by the HTML and browser tests.

The demo corpus is copied to a temporary folder with two additions a real corpus can hold: a
minutes file whose title and text carry ``<script>alert(1)</script>`` (it must stay text in
the page), and a Word file that cannot be read (it must show in the ingestion errors).
Building the report fits BERTopic on ~360 segments (about a minute on two shared cores), so
it is done once.
"""

from __future__ import annotations

import csv
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEMO = PROJECT_ROOT / "corpora" / "demo"
#: The project's default embedding cache, when a run from the project folder left one: a warm start only.
WARM_CACHE = PROJECT_ROOT / "models" / "embeddings.sqlite"
SCRIPT = "<script>alert(1)</script>"
HOSTILE_DOC = "acces-aux-droits-2025-04-15-note"
BROKEN_PATH = "docs/proces-verbal-illisible.docx"
HOSTILE_TEXT = f"""Commission Accès aux droits – Note de séance du 15 avril 2025

Présents : Mme Marchand, M. Diallo.

1. Retour sur le formulaire en ligne

Mme Marchand signale que le formulaire du portail affichait le texte {SCRIPT} à la place du bouton d'envoi.
La dignité des personnes passe aussi par des outils qui marchent : on ne peut pas demander à quelqu'un
de recommencer trois fois sa demande.

M. Diallo rappelle que l'écoute reste la première étape : un outil ne remplace pas l'accueil.
"""


@dataclass(frozen=True)
class DemoReport:
    """A report folder written by ``write_report``, the Analysis it was written from, and what was planted."""

    analysis: object
    folder: Path
    corpus: Path
    seconds: float
    script: str = SCRIPT
    hostile_doc: str = HOSTILE_DOC
    broken_path: str = BROKEN_PATH


def _hostile_copy(root: Path) -> Path:
    corpus = root / "demo"
    shutil.copytree(DEMO, corpus)
    (corpus / "docs" / f"{HOSTILE_DOC}.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (corpus / BROKEN_PATH).write_bytes(b"ceci n'est pas un fichier Word")
    with open(corpus / "manifest.csv", "a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([f"docs/{HOSTILE_DOC}.txt", HOSTILE_DOC, "minutes", "2025-04-15", "accès aux droits",
                         f"Note {SCRIPT}"])
        writer.writerow([BROKEN_PATH, "proces-verbal-illisible", "minutes", "2025-03-04", "logement et hébergement",
                         "Procès-verbal illisible"])
    return corpus


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory) -> DemoReport:
    """The report of the (hostile) demo corpus, small bootstrap and permutation counts.

    ``min_segments = 13`` flags a few periods of the demo (commissions with 12 segments), so the
    page shows flagged and non-computable periods as it must.
    """
    from chartertext.config import EmbedConfig, RunConfig
    from chartertext.corpus import ingest_corpus
    from chartertext.metrics import ConvergenceConfig
    from chartertext.pipeline import analyse
    from chartertext.report import write_report

    root = tmp_path_factory.mktemp("demo_report")
    cache = root / "embeddings.sqlite"
    if WARM_CACHE.is_file():
        shutil.copyfile(WARM_CACHE, cache)
    config = RunConfig(
        embed=EmbedConfig(cache=str(cache)),
        convergence=ConvergenceConfig(n_bootstrap=20, n_permutations=49, min_segments=13),
    )
    start = time.perf_counter()
    corpus = _hostile_copy(root)
    analysis = analyse(ingest_corpus(corpus), config)
    folder = write_report(analysis, root / "report")
    return DemoReport(analysis=analysis, folder=folder, corpus=corpus, seconds=time.perf_counter() - start)
