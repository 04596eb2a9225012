"""A small hand-written corpus of two commissions whose attendance lists take every usual shape."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

#: (path, doc_id, date, group, text). The same deputy mayor is written five ways, the
#: secretary two; an association attends; someone is excused in one commission only.
MEETINGS = [
    (
        "docs/logement-2024-01-10.md",
        "logement-2024-01-10",
        "2024-01-10",
        "logement",
        "# Commission logement – réunion du 10 janvier 2024\n\n"
        "Présents : Mme Hélène Dupont (adjointe au maire), M. Paul Martin (CCAS), Association Le Relais, "
        "Mme Rose Leroux (association Toit Commun).\n"
        "Excusés : M. Karim Benali (CAF).\n"
        "Secrétaire de séance : Mme Chérif.\n\n"
        "1. Accueil des familles\n\n"
        "Mme Dupont ouvre la séance et rappelle les délais d'accueil.\n\n"
        "M. Martin indique que le CCAS a reçu quarante familles.\n",
    ),
    (
        "docs/sante-2024-02-14.md",
        "sante-2024-02-14",
        "2024-02-14",
        "santé",
        "# Commission santé – réunion du 14 février 2024\n\n"
        "Présents : H. Dupont, Dr Anne Moreau (centre de santé), M. Jean Petit, Mme Chérif.\n"
        "Excusée : Mme Leroux.\n\n"
        "1. Accès aux soins\n\n"
        "Le débat s'ouvre sur les délais. Le Dr Moreau observe que les délais s'allongent. "
        "M. Petit demande un état des lieux.\n",
    ),
    (
        "docs/logement-2024-03-12.txt",
        "logement-2024-03-12",
        "2024-03-12",
        "logement",
        "Commission logement\nRéunion du 12 mars 2024\n\n"
        "Étaient présents :\n"
        "Madame DUPONT, adjointe au maire\n"
        "M. Martin, CCAS\n"
        "Mme Leroux\n"
        "M. Benali (CAF)\n\n"
        "1. Hébergement d'urgence\n\n"
        "L'adjointe au maire rappelle que le plan hiver commence.\n\n"
        "M. Benali propose une permanence commune.\n",
    ),
    (
        "docs/sante-2024-05-15.md",
        "sante-2024-05-15",
        "2024-05-15",
        "santé",
        "# Commission santé – réunion du 15 mai 2024\n\n"
        "Présents :\n"
        "- Hélène DUPONT\n"
        "- Anne Moreau\n"
        "- Jean Petit\n"
        "- Nadia Chérif (CCAS)\n\n"
        "1. Santé mentale\n\n"
        "Mme Moreau présente le projet de cellule.\n",
    ),
]


def write_small_corpus(root: Path) -> Path:
    """Write the four meetings and their manifest under ``root``."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    with open(root / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["path", "doc_id", "kind", "date", "group", "title"])
        for path, doc_id, date, group, text in MEETINGS:
            (root / path).write_text(text, encoding="utf-8")
            writer.writerow([path, doc_id, "minutes", date, group, doc_id])
    return root


@pytest.fixture(scope="session")
def small_folder(tmp_path_factory) -> Path:
    return write_small_corpus(tmp_path_factory.mktemp("network_corpus"))


@pytest.fixture(scope="session")
def small_corpus(small_folder):
    from chartertext.corpus import ingest_corpus

    return ingest_corpus(small_folder)


@pytest.fixture(scope="session")
def small_network(small_corpus):
    from chartertext.network import analyse_network

    return analyse_network(small_corpus, freq="quarter")


@pytest.fixture(scope="session")
def demo_network():
    from chartertext.corpus import ingest_corpus
    from chartertext.network import analyse_network

    root = Path(__file__).resolve().parents[2] / "corpora" / "demo"
    return analyse_network(ingest_corpus(root), freq="quarter")


@pytest.fixture(scope="session")
def paris14_network(shared_corpora):
    from chartertext.corpus import ingest_corpus
    from chartertext.network import analyse_network

    return analyse_network(ingest_corpus(shared_corpora / "paris14-conseil-quartier"), freq="year")
